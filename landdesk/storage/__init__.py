"""Persistence: the only package that imports SQLAlchemy and Alembic.

One package per database — commune/ (a commune workspace) and province/ (the province store) — over
the modules every desk shares: engine, marker, private files, the unit of work, and the tables every
kind of workspace has (desk_models: settings, users, login throttle, audit trail) with their queries.
"""

from __future__ import annotations

import importlib

# The commune's modules lived here before storage/commune/ (issue 16): `from landdesk.storage import
# dossiers` still finds them while branches made before the move are rebased. New code names
# landdesk.storage.commune.
_MOVED = frozenset("browse browse_pages check_models cleaning_queries dossiers double_entry drafts imports "
                   "lookups model_registry models reports scan_models scans schema sync sync_models "
                   "verification version workflow".split())


def __getattr__(name: str):
    if name in _MOVED:
        return importlib.import_module(f"landdesk.storage.commune.{name}")
    raise AttributeError(f"module 'landdesk.storage' has no attribute {name!r}")
