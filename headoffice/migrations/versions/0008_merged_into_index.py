"""An index on `members.merged_into`: the snapshot reads each page's merged members'
cards and the visibility rule follows merges, both by this column.

Revision ID: 0008_merged_into_index
Revises: 0007_stock
Create Date: 2026-12-05
"""

from alembic import op

revision = "0008_merged_into_index"
down_revision = "0007_stock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_members_merged_into", "members", ["merged_into"])


def downgrade() -> None:
    op.drop_index("ix_members_merged_into", table_name="members")
