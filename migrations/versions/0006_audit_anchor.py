"""The row of the audit chain head office last anchored, and its alarm if any.

Revision ID: 0006_audit_anchor
Revises: 0005_pull_honesty
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_audit_anchor"
down_revision = "0005_pull_honesty"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("audit_anchor_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_alarm", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("audit_alarm")
        batch.drop_column("audit_anchor_seq")
