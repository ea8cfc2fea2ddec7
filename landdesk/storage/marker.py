"""The workspace folder's marker file and database name: standard library only.

The desktop app reads the marker to show the login dialog (commune, province) before SQLAlchemy is
loaded; `landdesk.workspace` uses the same checks when it opens the folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from landdesk.domain.errors import WorkspaceError

MARKER = "landdesk-workspace.json"
DB_NAME = "landdesk.db"
FORMAT = 1


def is_workspace(root: Path | str) -> bool:
    return (Path(root) / MARKER).is_file() and (Path(root) / DB_NAME).is_file()


def read_marker(root: Path | str) -> dict:
    """The marker of a finished workspace (kind, format, commune code, workspace id); a clear
    error for a missing folder, a folder that is not a workspace, a damaged marker or a newer format."""
    root = Path(root)
    if not root.exists():
        raise WorkspaceError(f"Không tìm thấy không gian làm việc: {root}", f"No workspace at {root}")
    if not is_workspace(root):
        raise WorkspaceError(f"Thư mục không phải là không gian làm việc LandDesk: {root}",
                             f"Not a LandDesk workspace: {root}")
    try:
        marker = json.loads((root / MARKER).read_text(encoding="utf-8"))
        if not isinstance(marker, dict):
            raise ValueError("marker is not an object")
        fmt = int(marker.get("format", 0))
    except (OSError, ValueError, TypeError) as exc:
        raise WorkspaceError(f"Tệp đánh dấu không gian làm việc bị hỏng: {root / MARKER}",
                             f"The workspace marker file is damaged: {root / MARKER}") from exc
    if fmt > FORMAT:
        raise newer_error(root)
    return marker


def newer_error(root: Path) -> WorkspaceError:
    return WorkspaceError(
        f"Không gian làm việc {root} được tạo bởi phiên bản LandDesk mới hơn. Hãy cập nhật LandDesk.",
        f"The workspace {root} was made by a newer LandDesk. Please update LandDesk.",
    )
