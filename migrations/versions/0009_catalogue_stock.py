"""Catalogue stock confirmed by head office, and where each redemption stands with it.

Revision ID: 0009_catalogue_stock
Revises: 0008_snapshot
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_catalogue_stock"
down_revision = "0008_snapshot"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalogue_items") as batch:
        batch.add_column(sa.Column("confirmed_stock", sa.Integer(), nullable=True))
    with op.batch_alter_table("redemptions") as batch:
        batch.add_column(sa.Column("feed_seq", sa.Integer(), nullable=True))
        batch.create_index("ix_redemptions_item", ["item_id"])


def downgrade() -> None:
    with op.batch_alter_table("redemptions") as batch:
        batch.drop_index("ix_redemptions_item")
        batch.drop_column("feed_seq")
    with op.batch_alter_table("catalogue_items") as batch:
        batch.drop_column("confirmed_stock")
