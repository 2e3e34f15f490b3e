"""A recovery code for a locked-out manager, kept as an argon2 hash.

Revision ID: 0007_recovery_code
Revises: 0006_audit_anchor
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_recovery_code"
down_revision = "0006_audit_anchor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terminal_config") as batch:
        batch.add_column(sa.Column("recovery_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminal_config") as batch:
        batch.drop_column("recovery_hash")
