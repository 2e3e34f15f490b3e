"""Sync with head office: enrolment and cursor, refused events, hotlist, confirmed balances.

Revision ID: 0004_sync
Revises: 0004_device_settings
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sync"
down_revision = "0004_device_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("base_url", sa.String(length=300), nullable=False),
        sa.Column("terminal_id", sa.String(length=20), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("last_push_at", sa.DateTime(), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "sync_rejections",
        sa.Column("event_id", sa.String(length=36), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "sync_hotlist",
        sa.Column("member_id", sa.String(length=36), primary_key=True),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("listed_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "sync_confirmed_balances",
        sa.Column("member_id", sa.String(length=36), primary_key=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("wallet_principal_fen", sa.Integer(), nullable=False),
        sa.Column("wallet_bonus_fen", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_confirmed_balances", "sync_hotlist", "sync_rejections", "sync_state"):
        op.drop_table(table)
