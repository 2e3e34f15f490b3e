"""Remember which key file belongs to the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terminal_config", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_fingerprint", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminal_config", schema=None) as batch_op:
        batch_op.drop_column("key_fingerprint")
