"""Anomaly flags for head-office staff, and the terminals' daily totals behind them.

Revision ID: 0005_flags
Revises: 0004_lookups
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_flags"
down_revision = "0004_lookups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terminal_days",
        sa.Column("terminal_id", sa.String(length=6), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", "day", "kind"),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("terminal_id", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("figure", sa.BigInteger(), nullable=False),
        sa.Column("threshold", sa.BigInteger(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("terminal_id", "kind", "day", name="ux_flags_terminal_kind_day"),
    )
    op.create_index("ix_flags_open", "flags", ["acked_at"])


def downgrade() -> None:
    op.drop_table("flags")
    op.drop_table("terminal_days")
