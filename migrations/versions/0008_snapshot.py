"""Where a new terminal's catch-up from head office's member snapshot has got to.

Revision ID: 0008_snapshot
Revises: 0007_recovery_code
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_snapshot"
down_revision = "0007_recovery_code"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("snapshot_as_of", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("snapshot_after", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("snapshot_after")
        batch.drop_column("snapshot_as_of")
