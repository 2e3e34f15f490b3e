"""Anchors of the terminals' audit chains.

Revision ID: 0002_audit_anchors
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_audit_anchors"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("terminal_id", sa.String(length=6), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("anchored_at", sa.DateTime(), nullable=False),
        sa.Column("alarm", sa.Text(), nullable=True),
        sa.Column("alarm_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("terminal_id"),
    )


def downgrade() -> None:
    op.drop_table("audit_anchors")
