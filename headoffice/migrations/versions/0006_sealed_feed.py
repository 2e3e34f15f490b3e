"""The change feed's personal data sealed apart from the record (`changes.pii`); rows
written before are sealed by head office when it opens the database (it holds the key).

Revision ID: 0006_sealed_feed
Revises: 0005_flags
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_sealed_feed"
down_revision = "0005_flags"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("changes", sa.Column("pii", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("pii")
