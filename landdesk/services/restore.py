"""Verified restore of a commune workspace backup (made by services/backup.py; encrypted or, from older
versions, plain).

Restore checks the whole backup before touching the destination: the backup key (its id in the
manifest, then the manifest's MAC), every entry's name (safe on Windows and Linux alike), size and
hash; it rebuilds the workspace in a staging folder beside the destination — decrypting every file,
each checked against its recorded plain hash, the signing keys protected again for this account —
runs the database's integrity check, logs the acting administrator in, and only then swaps it in. An
existing workspace is moved aside (`<name>.before-restore-<time>`), never deleted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain import fileio
from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services import backup_crypto as bc
from landdesk.services import keyvault, login
from landdesk.services import users as user_service
from landdesk.services.backup_format import (
    DB_NAME,
    FORMAT,
    KEYS,
    MANIFEST,
    MEDIA,
    VERSION,
    Manifest,
    damaged,
    manifest_mac,
    safe_name,
)
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import backup as files
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import schema
from landdesk.storage.engine import make_engine, make_sessionmaker
from landdesk.storage.private import private_dir
from landdesk.storage.uow import NOBODY, UnitOfWork


@dataclass(frozen=True)
class RestoreResult:
    workspace: Path
    backup: Path
    created_at: str
    counts: dict
    media: int
    moved_aside: Path | None = None
    audit_ok: bool = True
    new_backup_key: str | None = None  # a plain (version 1) backup restored: the workspace's new key

    def as_json(self) -> dict:
        out = {"workspace": str(self.workspace), "backup": str(self.backup), "created_at": self.created_at,
               "counts": self.counts, "media": self.media, "audit_ok": self.audit_ok,
               "moved_aside": str(self.moved_aside) if self.moved_aside else None}
        if self.new_backup_key:
            out["backup_key"] = self.new_backup_key
        return out


def read_manifest(source: Path) -> Manifest:
    """The backup at `source` (its folder or its manifest.json)."""
    source = Path(source)
    folder = source if source.is_dir() else source.parent
    path = folder / MANIFEST
    if source.is_file() and source.name != MANIFEST:
        raise LandDeskError(f"Không phải bản sao lưu LandDesk: {source} (chọn thư mục sao lưu hoặc tệp {MANIFEST})",
                            f"Not a LandDesk backup: {source} (choose the backup folder or its {MANIFEST})")
    if not path.is_file():
        raise LandDeskError(f"Không tìm thấy bản sao lưu hoàn chỉnh tại {folder} (thiếu {MANIFEST}).",
                            f"No complete backup at {folder} ({MANIFEST} is missing).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise damaged(f"không đọc được {MANIFEST}.", f"{MANIFEST} cannot be read.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), list) \
            or not isinstance(data.get("media", []), list):
        raise LandDeskError(f"Không phải bản sao lưu LandDesk: {folder}", f"Not a LandDesk backup: {folder}")
    try:
        version = int(data.get("version", 0))
    except (TypeError, ValueError) as exc:
        raise damaged("số phiên bản không hợp lệ.", "the version number is not valid.") from exc
    if version > VERSION:
        raise LandDeskError("Bản sao lưu được tạo bởi phiên bản LandDesk mới hơn. Hãy cập nhật LandDesk.",
                            "The backup was made by a newer LandDesk. Please update LandDesk.")
    return Manifest(folder, data)


def _entries(m: Manifest) -> Iterator[tuple[dict, Path, bool]]:
    """(entry, where it is in the backup, is a media file)."""
    for e in m.data["files"]:
        yield e, m.folder / str(e.get("path", "")) if isinstance(e, dict) else m.folder, False
    for e in m.data.get("media", []):
        yield e, m.media_root / str(e.get("path", "")) if isinstance(e, dict) else m.folder, True


def backup_key_for(m: Manifest, key: str | None) -> bc.BackupKey | None:
    """The backup key that opens this backup (None for a plain one); a clear line when it is missing,
    is not this backup's, or the manifest was changed."""
    if not m.encrypted:
        return None
    if not key:
        raise LandDeskError("Bản sao lưu đã được mã hóa: cần khóa sao lưu (--key, biến LANDDESK_BACKUP_KEY, "
                            "hoặc nhập khi được hỏi).",
                            "The backup is encrypted: its backup key is needed (--key, LANDDESK_BACKUP_KEY, "
                            "or type it when asked).")
    bk = bc.BackupKey(key)
    enc = m.data.get("encryption")
    if not isinstance(enc, dict) or enc.get("scheme") != bc.SCHEME:
        raise damaged("cách mã hóa không được hỗ trợ.", "the encryption scheme is not supported.")
    if enc.get("key_id") != bk.key_id:
        raise LandDeskError("Khóa sao lưu không đúng với bản sao lưu này.", "The backup key does not match this backup.")
    if m.data.get("mac") != manifest_mac(bk.key, m.data):
        raise damaged(f"{MANIFEST} đã bị sửa.", f"{MANIFEST} was changed.")
    return bk


def verify_backup(source: Path, *, key: str | None = None, progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCEL) -> Manifest:
    """Every file present with its recorded size and SHA-256 (sealed scans: their size here, their
    content when decrypted), names safe, and (plain backups) the database passing integrity_check.
    Raises LandDeskError saying what is wrong (file names only: they carry no personal data)."""
    m = read_manifest(source)
    bk = backup_key_for(m, key)
    entries = list(_entries(m))
    if not any(isinstance(e, dict) and e.get("path") == DB_NAME for e in m.data["files"]):
        raise damaged(f"thiếu {DB_NAME} trong danh sách tệp.", f"{DB_NAME} is not listed.")
    for i, (e, path, is_media) in enumerate(entries):
        cancel.check()
        if not isinstance(e, dict) or not safe_name(e.get("path")) or not isinstance(e.get("sha256"), str):
            raise damaged("danh sách tệp có đường dẫn không hợp lệ.", "the file list has an invalid path.")
        if not path.is_file():
            raise damaged(f"thiếu tệp {e['path']}.", f"file {e['path']} is missing.")
        sealed_media = is_media and bk is not None
        if path.stat().st_size != e.get("size") or (not sealed_media and files.sha256_file(path) != e["sha256"]):
            raise damaged(f"tệp {e['path']} không khớp mã kiểm tra SHA-256.",
                          f"file {e['path']} does not match its SHA-256 checksum.")
        progress(i + 1, len(entries), "")
    if bk is None and files.integrity_check(m.folder / DB_NAME) != "ok":
        raise damaged("cơ sở dữ liệu không qua được kiểm tra toàn vẹn.", "the database failed its integrity check.")
    return m


def _copy_in(m: Manifest, bk: bc.BackupKey | None, staging: Path, cancel: CancelToken) -> None:
    """Every file of the backup into the staging workspace, each checked against its recorded hash."""
    from landdesk.services.packages import keys

    for e, path, is_media in _entries(m):
        cancel.check()
        name = e["path"]
        dest = (staging / MEDIA if is_media else staging) / name
        if bk is None:
            sha, _ = files.copy_hashed(path, dest)
            want = e["sha256"]
        elif is_media:
            sha, want = bc.decrypt_file(bk, path, dest, f"{MEDIA}/{name}"), e["sha256"]
        elif name.startswith(f"{KEYS}/"):  # protected again, for this account on this PC
            plain = bc.decrypt_bytes(bk, path, name)
            keyvault.write_protected(dest, plain)
            sha, want = hashlib.sha256(plain).hexdigest(), e.get("plain_sha256")
        elif "plain_sha256" in e:
            sha, want = bc.decrypt_file(bk, path, dest, name), e["plain_sha256"]
        else:  # the marker: not secret, stored plain
            sha, _ = files.copy_hashed(path, dest)
            want = e["sha256"]
        if sha != want:
            raise damaged(f"tệp {name} không khớp mã kiểm tra SHA-256.", f"file {name} does not match its SHA-256 checksum.")
    for sub in (MEDIA, KEYS, "backups"):
        private_dir(staging / sub)
    if bk is None:  # plain keys from an older backup: encrypted at rest now
        for key_file in (staging / KEYS).glob("*.key"):
            keys.read_secret(key_file)
    if bk is not None and files.integrity_check(staging / DB_NAME) != "ok":
        raise damaged("cơ sở dữ liệu không qua được kiểm tra toàn vẹn.", "the database failed its integrity check.")


def _login_admin(db: Path, user: str | None, password: str | None, *, upgrade: bool,
                 known: str | None = None) -> str:
    """The acting administrator's name in that database: logged in with the password (throttled and
    audited there, as any login), or — `known`, already logged in to the workspace being replaced —
    checked to be an active administrator of the restored one too."""
    engine = make_engine(db)
    try:
        if upgrade:
            current = schema.current_revision(engine)
            if current is not None and current not in schema.known_revisions():
                raise LandDeskError("Bản sao lưu được tạo bởi phiên bản LandDesk mới hơn. Hãy cập nhật LandDesk.",
                                    "The backup was made by a newer LandDesk. Please update LandDesk.")
            schema.upgrade(engine)
        with engine.connect() as conn:
            conn.execution_options(landdesk_write=True)
            with make_sessionmaker(engine)(bind=conn) as session, session.begin():
                ctx = UnitOfWork(session=session, actor=NOBODY, root=db.parent)
                if known is not None:
                    actor = user_service.actor_for(ctx, known)
                else:
                    outcome = login.login(ctx, user, password, via="restore")
            actor = actor if known is not None else outcome.result()  # (a failure is committed first)
        with make_sessionmaker(engine)() as session, session.begin():
            require(UnitOfWork(session=session, actor=actor, root=db.parent, readonly=True), "admin")
        return actor.username
    finally:
        engine.dispose()


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def restore_backup(source: Path, dest: Path, *, user: str | None = None, password: str | None,
                   key: str | None = None, force: bool = False, progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCEL) -> RestoreResult:
    """Restore the backup at `source` (opened with the backup `key` when it is encrypted) into the
    workspace folder `dest`.

    Only an administrator may restore: one who logs in (`user`, default the administrator, with
    `password`) to the workspace being replaced — or, into an empty folder, to the restored one — and
    who is an administrator of the restored one too. A non-empty `dest` is refused unless `force`;
    then it is moved aside, not deleted.
    """
    from landdesk.services.packages import keys

    dest = Path(dest)
    exists = dest.exists() and not _is_empty_dir(dest)
    if exists and not force:
        raise LandDeskError(f"Thư mục đích không trống: {dest}. Dùng --force để thay thế (bản cũ được giữ lại bên cạnh).",
                            f"The destination is not empty: {dest}. Use --force to replace it (the old one is kept aside).")
    if dest.exists() and not dest.is_dir():
        raise LandDeskError(f"Đích khôi phục không phải là thư mục: {dest}", f"The restore destination is not a folder: {dest}")
    acting = None
    if exists and (dest / DB_NAME).is_file():
        acting = _login_admin(dest / DB_NAME, user, password, upgrade=False)
    m = verify_backup(source, key=key, progress=progress, cancel=cancel)
    bk = backup_key_for(m, key)

    dest.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    staging = dest.with_name(f".{dest.name}.restoring-{stamp}")
    shutil.rmtree(staging, ignore_errors=True)
    new_key = None
    try:
        private_dir(staging)
        _copy_in(m, bk, staging, cancel)
        if bk is not None:
            keys.set_backup_key(staging / KEYS, key or "")
        else:
            new_key = keys.backup_key(staging / KEYS)
        actor = _login_admin(staging / DB_NAME, user, password, upgrade=True, known=acting)
        audit_ok = _after_restore(staging / DB_NAME, actor, m)
        files.fsync_dir(staging)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise LandDeskError(f"Không ghi được không gian làm việc khôi phục cạnh {dest} (ổ đĩa đầy?). Không có gì thay đổi.",
                            f"Cannot write the restored workspace next to {dest} (disk full?). Nothing was changed.") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    moved = _swap_in(staging, dest, dest.with_name(f"{dest.name}.before-restore-{stamp}") if exists else None)
    files.fsync_dir(dest.parent)
    return RestoreResult(dest, m.folder, m.data.get("created_at", ""), m.data.get("counts", {}),
                         len(m.data.get("media", [])), moved, audit_ok, new_key)


def _swap_in(staging: Path, dest: Path, aside: Path | None) -> Path | None:
    """The restored folder in place of `dest`; the workspace there (if any) moved `aside` and returned.
    A workspace another program holds (an open window, Explorer, an antivirus) is retried, then named
    (FileLockedError); whatever fails, `dest` is as it was and the staging folder is gone."""
    moved = None
    try:
        if dest.exists():
            if aside is not None:
                try:
                    fileio.replace(dest, aside)
                except fileio.FileLockedError:
                    raise fileio.FileLockedError(dest) from None
                moved = aside
            else:
                dest.rmdir()
        fileio.replace(staging, dest)
    except BaseException:
        if moved is not None and not dest.exists():
            fileio.replace(moved, dest)  # the old workspace back where it was
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return moved


def _after_restore(db: Path, actor_name: str, m: Manifest) -> bool:
    """Verify the audit chain, then record the restore in it; the backup's time counts as the last backup."""
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            _, broken = audit.verify(session)
            audit.append(session, user=actor_name, action="restore", entity="workspace",
                         entity_id=m.data.get("workspace_id", ""),
                         changes=[{"field": "backup", "old": None, "new": m.folder.name}])
            settings_store.put(session, "last_backup_at", m.data.get("created_at", ""))
            settings_store.put(session, "last_backup_path", str(m.folder))
        with engine.connect() as conn:  # leave one self-contained file behind
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return not broken
    finally:
        engine.dispose()
