"""Alembic environment of the province store (shipped inside the package, like the commune one)."""

from __future__ import annotations

from alembic import context

from landdesk.storage.province.models import ProvinceBase

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - run through landdesk.storage.province.schema
    raise RuntimeError("run province migrations through landdesk.storage.province.schema")

context.configure(
    connection=connection,
    target_metadata=ProvinceBase.metadata,
    render_as_batch=True,
    compare_type=True,
    version_table="province_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
