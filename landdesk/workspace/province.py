"""A province desk folder: marker, keys, media store and the province database (file or URL).

    landdesk-province.json   marker (kind "province", province code, database URL if not the file)
    province.db              SQLite store (unless --db names a PostgreSQL URL)
    keys/                    the province's Ed25519 signing key and X25519 encryption key (0600)
    media/ab/cd/<sha>.<ext>  scans received from communes
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from landdesk import __version__
from landdesk.domain import reference
from landdesk.domain.errors import WorkspaceError
from landdesk.domain.ids import new_id
from landdesk.services.packages import crypto, keys
from landdesk.storage.private import creating, private_dir
from landdesk.storage.province import roster as roster_store
from landdesk.storage.province import schema as prov_schema

MARKER = "landdesk-province.json"
DB_NAME = "province.db"
T = TypeVar("T")


def is_desk(root: Path) -> bool:
    return (Path(root) / MARKER).is_file()


class ProvinceDesk:
    def __init__(self, root: Path, marker: dict, engine):
        self.root = Path(root)
        self.marker = marker
        self.engine = engine
        self._sessions = prov_schema.sessions(engine)
        self._write_lock = threading.Lock()
        self.operator = "province"

    @property
    def province_code(self) -> str:
        return self.marker["province_code"]

    @property
    def province_name(self) -> str:
        return self.marker.get("province_name", "")

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    def signing_key(self):
        return keys.signing_key(self.keys_dir)

    def encryption_key(self):
        return keys.encryption_key(self.keys_dir)

    def fingerprint(self) -> str:
        return crypto.fingerprint(self.signing_key().public_key())

    # ---- lifecycle ----
    @classmethod
    def create(cls, root: Path | str, province_code: str, *, db_url: str | None = None,
               targets: dict[str, int] | None = None) -> ProvinceDesk:
        root = Path(root)
        units = [c for c in reference.communes() if c.province_code == str(province_code).strip()]
        if not units:
            raise WorkspaceError(f"Mã tỉnh '{province_code}' không có trong danh mục.",
                                 f"Province code '{province_code}' is not in the reference list.")
        unknown = sorted(set(targets or {}) - {c.code for c in units})
        if unknown:  # before anything is created: a typo must not leave a desk with half its targets
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise WorkspaceError(f"Mã xã trong tệp chỉ tiêu không thuộc tỉnh này: {shown}",
                                 f"Commune codes in the targets file are not in this province: {shown}")
        if is_desk(root) or (root / "landdesk-workspace.json").exists():
            raise WorkspaceError(f"Thư mục đã là một không gian làm việc: {root}",
                                 f"The folder is already a workspace: {root}")
        if root.exists() and any(root.iterdir()):
            raise WorkspaceError(f"Thư mục không trống: {root}", f"The folder is not empty: {root}")
        marker = {"format": 1, "kind": "province", "desk_id": new_id(), "province_code": units[0].province_code,
                  "province_name": units[0].province_name, "app_version": __version__}
        if db_url:
            marker["db_url"] = db_url
        targets = targets or {}
        with creating(root) as staging:  # renamed to root at the end: a kill leaves no half desk
            for sub in ("media", "keys", "receipts"):
                private_dir(staging / sub)
            keys.signing_key(staging / "keys")
            keys.encryption_key(staging / "keys")
            engine = prov_schema.make_province_engine(db_url or staging / DB_NAME)
            try:
                prov_schema.upgrade(engine)
                cls(staging, marker, engine).transact(lambda s: roster_store.put_communes(
                    s, [(c.code, c.name, int(targets.get(c.code, 0))) for c in units]))
            finally:
                engine.dispose()
            tmp = staging / (MARKER + ".tmp")
            tmp.write_text(json.dumps(marker, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, staging / MARKER)
        desk = cls(root, marker, prov_schema.make_province_engine(db_url or root / DB_NAME))
        return desk

    @classmethod
    def open(cls, root: Path | str, *, db_url: str | None = None) -> ProvinceDesk:
        root = Path(root)
        if not is_desk(root):
            raise WorkspaceError(
                f"Thư mục không phải là bàn làm việc của tỉnh: {root} (tạo bằng 'landdesk province init').",
                f"Not a province desk folder: {root} (create one with 'landdesk province init').")
        marker = json.loads((root / MARKER).read_text(encoding="utf-8"))
        engine = prov_schema.make_province_engine(db_url or marker.get("db_url") or root / DB_NAME)
        if prov_schema.current_revision(engine) != prov_schema.head_revision():
            prov_schema.upgrade(engine)
        return cls(root, marker, engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- units of work: fn(session) ----
    def read(self, fn: Callable[..., T]) -> T:
        with self._sessions() as s, s.begin():
            return fn(s)

    def transact(self, fn: Callable[..., T]) -> T:
        with self._write_lock, self.engine.connect() as conn:
            conn.execution_options(landdesk_write=True)
            with self._sessions(bind=conn) as s, s.begin():
                return fn(s)
