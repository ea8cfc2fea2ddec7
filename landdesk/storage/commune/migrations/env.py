"""Alembic environment shipped inside the package (the frozen app carries it)."""

from __future__ import annotations

from alembic import context

from landdesk.storage.commune.schema import all_metadata, include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - `alembic` command line without our helpers
    raise RuntimeError("run migrations through landdesk.storage.commune.schema")

context.configure(
    connection=connection,
    target_metadata=all_metadata(),
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
