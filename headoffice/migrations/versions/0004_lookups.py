"""The terminals' member look-ups: what each may read of the change feed, and its rate.

Revision ID: 0004_lookups
Revises: 0003_operators
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_lookups"
down_revision = "0003_operators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lookups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("terminal_id", sa.String(length=6), nullable=False),
        sa.Column("by", sa.String(length=10), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lookups_terminal_at", "lookups", ["terminal_id", "at"])
    op.create_index("ix_lookups_terminal_member", "lookups", ["terminal_id", "member_id"])


def downgrade() -> None:
    op.drop_table("lookups")
