"""The province desk: a workspace on the same base as a commune's (workspace/base.py).

    landdesk-province.json   marker (kind "province", province code, database URL if not the file)
    province.db              SQLite store (unless --db names a PostgreSQL URL)
    keys/                    the province's Ed25519 signing key and X25519 encryption key
    media/ab/cd/<sha>.<ext>  scans received from communes
    receipts/                the receipts written for the communes (by default)
    audit-head.json          the desk's audit head, signed (services/audit.py)

Its users log in as a commune's do (throttled, audited); its roles are administrator, operator
(imports, resolves conflicts, approves and revokes keys) and viewer, checked in the services.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from landdesk import __version__
from landdesk.domain import reference
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, WorkspaceError
from landdesk.domain.ids import new_id
from landdesk.services import users as user_service
from landdesk.storage import settings as settings_store
from landdesk.storage import users as user_store
from landdesk.storage.marker import FORMAT, PROVINCE_DB, PROVINCE_MARKER
from landdesk.storage.private import new_private_db, protect_existing
from landdesk.storage.province import roster as roster_store
from landdesk.storage.province import schema as prov_schema
from landdesk.storage.uow import SYSTEM, Actor, UnitOfWork
from landdesk.workspace.base import WorkspaceBase, WorkspaceInfo

MARKER = PROVINCE_MARKER  # (names callers know)
DB_NAME = PROVINCE_DB


class ProvinceDesk(WorkspaceBase):
    KIND = "province"
    MARKER = PROVINCE_MARKER
    DB_NAME = PROVINCE_DB
    SUBDIRS = ("media", "keys", "receipts")

    @classmethod
    def schema(cls) -> ModuleType:
        return prov_schema

    @classmethod
    def _engine(cls, root: Path, marker: dict):
        if marker.get("db_url"):
            return prov_schema.make_province_engine(marker["db_url"])
        if marker.get("_new"):
            new_private_db(root / DB_NAME)
        else:
            protect_existing(root, DB_NAME)
        return prov_schema.make_province_engine(root / DB_NAME)

    @classmethod
    def create(cls, root: Path | str, province_code: str, *, password: str, admin: str = "admin",
               full_name: str = "", db_url: str | None = None, targets: dict[str, int] | None = None) -> ProvinceDesk:
        """A new province desk (its database a file in the folder, or the server `db_url` names), acting
        as its first administrator."""
        root = Path(root)
        units = [c for c in reference.communes() if c.province_code == str(province_code).strip()]
        if not units:
            raise WorkspaceError(f"Mã tỉnh '{province_code}' không có trong danh mục.",
                                 f"Province code '{province_code}' is not in the reference list.")
        targets = targets or {}
        unknown = sorted(set(targets) - {c.code for c in units})
        if unknown:  # before anything is created: a typo must not leave a desk with half its targets
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise WorkspaceError(f"Mã xã trong tệp chỉ tiêu không thuộc tỉnh này: {shown}",
                                 f"Commune codes in the targets file are not in this province: {shown}")
        cls._check_new_folder(root)
        code, name = units[0].province_code, units[0].province_name
        info = WorkspaceInfo(new_id(), "province", "", "", code, name)
        marker = {"format": FORMAT, "kind": "province", "desk_id": info.workspace_id, "province_code": code,
                  "province_name": name, "app_version": __version__}
        if db_url:
            marker["db_url"] = db_url
        settings = {"workspace_id": info.workspace_id, "kind": "province", "province_code": code,
                    "created_with": __version__}

        def setup(ctx: UnitOfWork) -> None:
            roster_store.put_communes(ctx.session, [(c.code, c.name, int(targets.get(c.code, 0))) for c in units])

        return cls._create(root, info, marker, admin=admin, password=password, full_name=full_name,
                           settings=settings, setup=setup, make_keys=_province_keys)

    def _after_upgrade(self, marker: dict) -> None:
        """A desk made before the base kept its identity in its marker only: copy it into settings."""
        if not self.setting("workspace_id"):
            def put(ctx: UnitOfWork) -> None:
                for key, value in (("workspace_id", marker.get("desk_id") or new_id()), ("kind", "province"),
                                   ("province_code", marker.get("province_code", ""))):
                    settings_store.put(ctx.session, key, value)

            self.transact(put)

    def _finish_interrupted(self) -> None:
        from landdesk.services.province import scan_files

        scan_files.recover(self)  # what a killed import left (cheap when nothing was interrupted)

    def _load_info(self, ctx: UnitOfWork, marker: dict) -> WorkspaceInfo:
        s = settings_store.all_settings(ctx.session)
        code = s.get("province_code") or marker.get("province_code", "")
        name = next((p.name for p in reference.provinces() if p.code == code), marker.get("province_name", ""))
        return WorkspaceInfo(s.get("workspace_id", ""), "province", "", "", code, name)

    # ---- what the province services use ----

    @property
    def province_code(self) -> str:
        return self.info.province_code

    @property
    def province_name(self) -> str:
        return self.info.province_name

    def signing_key(self):
        from landdesk.services.packages import keys

        return keys.signing_key(self.keys_dir)

    def encryption_key(self):
        from landdesk.services.packages import keys

        return keys.encryption_key(self.keys_dir)

    def fingerprint(self) -> str:
        from landdesk.services.packages import crypto

        return crypto.fingerprint(self.signing_key().public_key())

    # ---- a desk made before logins ----

    def has_users(self) -> bool:
        return self.read(lambda ctx: user_store.count(ctx.session)) > 0

    @classmethod
    def set_first_admin(cls, root: Path | str, *, password: str, admin: str = "admin", full_name: str = "",
                        db_url: str | None = None) -> ProvinceDesk:
        """A desk made by a LandDesk without province logins has no user: its first administrator is
        set once (`province init` in its folder), audited; refused once the desk has any user."""
        desk = cls._open(root, db_url=db_url)
        try:
            if desk.has_users():
                raise WorkspaceError(f"Thư mục đã là một không gian làm việc: {root}",
                                     f"The folder is already a workspace: {root}")
            desk.actor = SYSTEM
            desk.transact(lambda ctx: user_service.add_user(ctx, admin, password, UserRole.ADMIN, full_name,
                                                            first_admin=True))
        except BaseException:
            desk.close()
            raise
        desk.actor = Actor(admin, UserRole.ADMIN, full_name)
        return desk


def no_admin_error(root: Path) -> LandDeskError:
    return LandDeskError(
        f"Bàn làm việc tỉnh {root} được tạo trước khi có đăng nhập và chưa có quản trị viên. Hãy đặt quản trị "
        f"viên một lần: landdesk --workspace \"{root}\" province init --province <mã tỉnh> --password …",
        f"The province desk {root} was made before logins and has no administrator yet. Set one once: "
        f"landdesk --workspace \"{root}\" province init --province <code> --password …")


def _province_keys(keys_dir: Path) -> None:
    from landdesk.services.packages import keys  # cryptography: only creation needs it, not open

    keys.signing_key(keys_dir)  # signs receipts and the province profile
    keys.encryption_key(keys_dir)  # packages are encrypted to it
