"""Pulls that never show a wrong balance: the confirmation settled into the local
balance is kept apart from the latest one read, and a pull that meets a change it
cannot apply stops there and says so.

Revision ID: 0005_pull_honesty
Revises: 0004_sync
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_pull_honesty"
down_revision = "0004_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_confirmed_balances") as batch:
        batch.add_column(sa.Column("settled_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE sync_confirmed_balances SET settled_at = confirmed_at WHERE applied = 1")
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("pull_stopped_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pull_stopped_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("pull_stopped_reason")
        batch.drop_column("pull_stopped_seq")
    with op.batch_alter_table("sync_confirmed_balances") as batch:
        batch.drop_column("settled_at")
