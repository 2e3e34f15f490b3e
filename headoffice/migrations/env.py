"""Alembic environment of head office: run with the connection `Database` hands over."""

from alembic import context

from headoffice.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("head-office migrations run through headoffice.database.Database")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
