"""Alembic environment: runs on the connection the cockpit hands over, in batch mode for SQLite."""

from alembic import context
from sqlmodel import SQLModel

import okr_cockpit.db.models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through okr_cockpit.db.schema, which passes a connection.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
