"""The open workspace — a commune desk (commune.py) or the province desk (province.py) — on one base
(base.py): marker, engine, schema check, login, and units of work with their actor and changes."""

from __future__ import annotations

from pathlib import Path

from landdesk.domain.errors import WorkspaceError
from landdesk.storage.marker import DB_NAME, MARKER, is_desk, is_workspace, kind_of
from landdesk.workspace.base import OpOutput, WorkspaceBase, WorkspaceInfo
from landdesk.workspace.commune import Workspace

__all__ = ["DB_NAME", "MARKER", "OpOutput", "Workspace", "WorkspaceBase", "WorkspaceInfo", "is_desk",
           "is_workspace", "kind_class", "kind_of"]

_WHAT = {"commune": ("không gian làm việc của xã", "a commune workspace"),
         "province": ("bàn làm việc của tỉnh", "a province desk")}


def kind_class(root: Path | str, allowed: tuple[str, ...] = ("commune",)) -> type[WorkspaceBase]:
    """The class that opens the workspace in `root`, one of the `allowed` kinds (the first when the
    folder is no workspace at all: its open says so); a clear error when it is another kind."""
    kind = kind_of(root) or allowed[0]
    if kind not in allowed:
        want = " / ".join(_WHAT[k][0] for k in allowed), " or ".join(_WHAT[k][1] for k in allowed)
        raise WorkspaceError(f"{root} là {_WHAT[kind][0]}; lệnh này dùng cho {want[0]}.",
                             f"{root} is {_WHAT[kind][1]}; this command works on {want[1]}.")
    if kind == "province":
        from landdesk.workspace.province import ProvinceDesk  # (the commune app never needs it)

        return ProvinceDesk
    return Workspace
