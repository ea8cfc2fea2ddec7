"""The open workspace — a commune desk (commune.py) or the province desk (province.py) — on one base
(base.py): marker, engine, schema check, login, and units of work with their actor and changes."""

from __future__ import annotations

from landdesk.storage.marker import DB_NAME, MARKER, is_desk, is_workspace, kind_of
from landdesk.workspace.base import OpOutput, WorkspaceBase, WorkspaceInfo
from landdesk.workspace.commune import Workspace

__all__ = ["DB_NAME", "MARKER", "OpOutput", "Workspace", "WorkspaceBase", "WorkspaceInfo", "is_desk",
           "is_workspace", "kind_of"]
