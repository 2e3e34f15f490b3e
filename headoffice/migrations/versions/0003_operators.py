"""The stores' operators, as their terminals announced them, for two-person approvals.

Revision ID: 0003_operators
Revises: 0002_audit_anchors
Create Date: 2026-12-05
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003_operators"
down_revision = "0002_audit_anchors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    operators = op.create_table(
        "operators",
        sa.Column("store_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=6), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("store_no", "id"),
    )
    # Operators announced before head office kept them are in the event archive.
    archive = sa.table(
        "processed_events",
        sa.column("terminal_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("status", sa.String),
        sa.column("payload", sa.Text),
        sa.column("processed_at", sa.DateTime),
    )
    rows = {}
    query = (
        sa.select(archive.c.terminal_id, archive.c.payload, archive.c.processed_at)
        .where(archive.c.kind == "operator.added", archive.c.status == "applied")
        .order_by(archive.c.processed_at)
    )
    for terminal_id, payload, at in op.get_bind().execute(query):
        data = json.loads(payload)
        operator_id, role = data.get("operator_id"), data.get("role")
        if not (isinstance(operator_id, str) and isinstance(role, str)):
            continue
        key = (int(terminal_id[:4]), operator_id)
        rows.setdefault(
            key,
            {
                "store_no": key[0],
                "id": operator_id[:40],
                "terminal_id": terminal_id,
                "role": role[:20],
                "added_at": at,
            },
        )
    if rows:
        op.bulk_insert(operators, list(rows.values()))


def downgrade() -> None:
    op.drop_table("operators")
