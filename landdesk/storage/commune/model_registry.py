"""Every model module, imported in one place so the metadata is complete for Alembic."""

from __future__ import annotations

from sqlalchemy import MetaData


def metadata() -> MetaData:
    from landdesk.storage import desk_models  # noqa: F401  (settings, users, audit trail)
    from landdesk.storage.base import Base
    from landdesk.storage.commune import models  # noqa: F401  (core tables)

    for name in ("scan_models", "check_models", "sync_models", "station_models"):
        try:
            __import__(f"landdesk.storage.commune.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"landdesk.storage.commune.{name}":
                raise
    return Base.metadata
