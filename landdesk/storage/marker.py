"""The marker file that makes a folder a workspace, and its database's name: standard library only.

A commune workspace has `landdesk-workspace.json` beside `landdesk.db`; a province desk has
`landdesk-province.json` beside `province.db` (or names a PostgreSQL URL in its marker instead).
The desktop app reads the marker to show the login dialog before SQLAlchemy is loaded; the
workspace classes use the same checks when they open the folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from landdesk.domain.errors import WorkspaceError

MARKER = "landdesk-workspace.json"
DB_NAME = "landdesk.db"
PROVINCE_MARKER = "landdesk-province.json"
PROVINCE_DB = "province.db"
FORMAT = 1


def is_workspace(root: Path | str) -> bool:
    """A finished commune workspace (marker and database)."""
    return (Path(root) / MARKER).is_file() and (Path(root) / DB_NAME).is_file()


def is_desk(root: Path | str) -> bool:
    """A finished province desk (its database may be a server's, named in the marker)."""
    return (Path(root) / PROVINCE_MARKER).is_file()


def kind_of(root: Path | str) -> str | None:
    """'commune', 'province', or None for a folder that is neither."""
    if is_desk(root):
        return "province"
    return "commune" if is_workspace(root) else None


def read_marker(root: Path | str, kind: str = "commune") -> dict:
    """The marker of a finished workspace of that kind; a clear error for a missing folder, a folder
    that is not one, a damaged marker or a newer format."""
    root = Path(root)
    name = PROVINCE_MARKER if kind == "province" else MARKER
    if not root.exists():
        raise WorkspaceError(f"Không tìm thấy không gian làm việc: {root}", f"No workspace at {root}")
    if kind == "province" and not is_desk(root):
        raise WorkspaceError(
            f"Thư mục không phải là bàn làm việc của tỉnh: {root} (tạo bằng 'landdesk province init').",
            f"Not a province desk folder: {root} (create one with 'landdesk province init').")
    if kind != "province" and not is_workspace(root):
        raise WorkspaceError(f"Thư mục không phải là không gian làm việc LandDesk: {root}",
                             f"Not a LandDesk workspace: {root}")
    try:
        marker = json.loads((root / name).read_text(encoding="utf-8"))
        if not isinstance(marker, dict):
            raise ValueError("marker is not an object")
        fmt = int(marker.get("format", 0))
    except (OSError, ValueError, TypeError) as exc:
        raise WorkspaceError(f"Tệp đánh dấu không gian làm việc bị hỏng: {root / name}",
                             f"The workspace marker file is damaged: {root / name}") from exc
    if fmt > FORMAT:
        raise newer_error(root)
    return marker


def newer_error(root: Path) -> WorkspaceError:
    return WorkspaceError(
        f"Không gian làm việc {root} được tạo bởi phiên bản LandDesk mới hơn. Hãy cập nhật LandDesk.",
        f"The workspace {root} was made by a newer LandDesk. Please update LandDesk.",
    )
