"""Index ledger entries by sale, for refunds on a large database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_sale", ["sale_id"], unique=False, sqlite_where=sa.text("sale_id IS NOT NULL")
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_sale", sqlite_where=sa.text("sale_id IS NOT NULL"))
