"""One open commune workspace: database + media store + keys + settings + the acting user.

A workspace is a folder:
    landdesk-workspace.json   marker (kind, format, commune code, workspace id)
    landdesk.db               SQLite database (WAL)
    media/                    scanned pages, content-addressed
    keys/                     the commune's signing key (sync packages) and backup key
    backups/                  default backup target
Every front end (CLI, GUI, tests) goes through `Workspace.open()`, `ws.read(fn)` and `ws.transact(fn)`
(workspace/base.py).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from landdesk import __version__
from landdesk.domain import reference
from landdesk.domain.errors import WorkspaceError
from landdesk.domain.ids import new_id
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import schema
from landdesk.storage.engine import make_engine
from landdesk.storage.marker import DB_NAME, FORMAT, MARKER
from landdesk.storage.private import new_private_db, protect_existing
from landdesk.storage.uow import UnitOfWork
from landdesk.workspace.base import WorkspaceBase, WorkspaceInfo


class Workspace(WorkspaceBase):
    KIND = "commune"
    MARKER = MARKER
    DB_NAME = DB_NAME
    SUBDIRS = ("media", "keys", "backups")

    @classmethod
    def schema(cls) -> ModuleType:
        return schema

    @classmethod
    def _engine(cls, root: Path, marker: dict):
        if marker.get("_new"):
            return make_engine(new_private_db(root / DB_NAME))
        protect_existing(root, DB_NAME)
        return make_engine(root / DB_NAME)

    @classmethod
    def create(cls, root: Path | str, commune_code: str, *, admin: str = "admin", password: str,
               full_name: str = "") -> Workspace:
        """A new commune workspace, acting as its first administrator."""
        root = Path(root)
        unit = reference.commune(str(commune_code).strip())
        if unit is None:
            raise WorkspaceError(
                f"Mã đơn vị hành chính '{commune_code}' không có trong danh mục xã/phường.",
                f"Commune code '{commune_code}' is not in the list of communes.",
            )
        cls._check_new_folder(root)
        info = WorkspaceInfo(new_id(), "commune", unit.code, unit.name, unit.province_code, unit.province_name)
        settings = {"workspace_id": info.workspace_id, "kind": "commune", "commune_code": unit.code,
                    "province_code": unit.province_code, "created_with": __version__}
        marker = {"format": FORMAT, "kind": "commune", "workspace_id": info.workspace_id,
                  "commune_code": unit.code, "app_version": __version__}
        return cls._create(root, info, marker, admin=admin, password=password, full_name=full_name,
                           settings=settings, make_keys=_commune_keys)

    def _finish_interrupted(self) -> None:
        from landdesk.services import recovery

        recovery.finish_interrupted(self)  # what killed writers left goes (cheap when nothing was)

    def _load_info(self, ctx: UnitOfWork, marker: dict) -> WorkspaceInfo:
        s = settings_store.all_settings(ctx.session)
        code = s.get("commune_code", "")
        unit = reference.commune(code) if code else None
        province = s.get("province_code", "")
        return WorkspaceInfo(
            s.get("workspace_id", ""), s.get("kind", "commune"), code, unit.name if unit else "",
            province, unit.province_name if unit else "",
        )


def _commune_keys(keys_dir: Path) -> None:
    from landdesk.services.packages import keys  # cryptography: only creation needs it, not open

    keys.signing_key(keys_dir)  # the commune's Ed25519 key signs its sync packages
    keys.backup_key(keys_dir)  # backups are encrypted with it (shown once, printed)
