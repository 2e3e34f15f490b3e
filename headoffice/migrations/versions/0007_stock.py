"""Catalogue stock held at head office: reservations hold stock for a redemption (and
say why one was refused), every change of stock is a row of `stock_moves`, and a flag
may name what it is about (the item sold past zero).

Revision ID: 0007_stock
Revises: 0006_sealed_feed
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_stock"
down_revision = "0006_sealed_feed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reservations") as batch:
        batch.add_column(sa.Column("code", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("sku", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("quantity", sa.Integer(), nullable=False, server_default="0")
        )
        batch.create_index("ix_reservations_sku", ["sku"])
    with op.batch_alter_table("flags") as batch:
        batch.add_column(
            sa.Column("subject", sa.String(length=40), nullable=False, server_default="")
        )
        batch.drop_constraint("ux_flags_terminal_kind_day", type_="unique")
        batch.create_unique_constraint(
            "ux_flags_terminal_kind_day_subject", ["terminal_id", "kind", "day", "subject"]
        )
    op.create_table(
        "stock_moves",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("stock_after", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("terminal_id", sa.String(length=6), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stock_moves_sku", "stock_moves", ["sku"])


def downgrade() -> None:
    op.drop_index("ix_stock_moves_sku", table_name="stock_moves")
    op.drop_table("stock_moves")
    # Flags about the same terminal, kind and day but different items become one.
    op.execute(
        "DELETE FROM flags WHERE subject <> '' AND id NOT IN "
        "(SELECT min(id) FROM flags GROUP BY terminal_id, kind, day)"
    )
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint("ux_flags_terminal_kind_day_subject", type_="unique")
        batch.create_unique_constraint(
            "ux_flags_terminal_kind_day", ["terminal_id", "kind", "day"]
        )
        batch.drop_column("subject")
    with op.batch_alter_table("reservations") as batch:
        batch.drop_index("ix_reservations_sku")
        batch.drop_column("quantity")
        batch.drop_column("sku")
        batch.drop_column("code")
