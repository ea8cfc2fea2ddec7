"""Backups and verified restore of a commune workspace.

Layout of a backup target folder (a USB drive, a network share, or <workspace>/backups):

    <target>/
      landdesk-backup-07210-20251130-174502/   one folder per backup
        manifest.json          written last: format, time, workspace, counts, every file + SHA-256
        landdesk.db            consistent snapshot (SQLite online backup API), rollback-journal mode
        landdesk-workspace.json
        keys/…                 the commune's signing keys
      media/ab/cd/<sha256>.jpg shared by all backups in this target: scans are content-addressed,
                               so a file already there is skipped (incremental), never rewritten

A backup is assembled in `.<name>.partial/`, every file fsynced, the manifest written last, then the
folder is renamed: a backup that was killed half-way has no manifest under its final name and is
never taken for a whole one (a .partial folder older than a day is removed by a later backup). After
writing, the copy is verified: `PRAGMA integrity_check` of the database and every file written in
this run hashed again against the manifest (media files already in the target: size checked; the
restore hashes everything).

Restore verifies the whole backup (hashes + integrity check) before touching the destination,
rebuilds the workspace in a staging folder beside it, checks that the acting user is an
administrator there (and in the workspace being replaced), and only then swaps it in. An existing
workspace is moved aside (`<name>.before-restore-<time>`), never deleted.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from landdesk import __version__
from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services import audit as audit_service
from landdesk.services import login
from landdesk.services import users as user_service
from landdesk.services.users import require
from landdesk.storage import audit, schema
from landdesk.storage import backup as files
from landdesk.storage import settings as settings_store
from landdesk.storage.engine import make_engine, make_sessionmaker
from landdesk.storage.uow import NOBODY, UnitOfWork

FORMAT = "landdesk-backup"
VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "landdesk-backup-"
MEDIA = "media"
DB_NAME = "landdesk.db"  # the workspace's file names (workspace.py; services may not import it)
MARKER = "landdesk-workspace.json"
KEYS = "keys"
WARN_DAYS_DEFAULT = 3
STALE_PARTIAL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    created_at: str  # ISO UTC
    files: int
    media_copied: int
    media_skipped: int
    bytes_copied: int
    counts: dict

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def as_json(self) -> dict:
        return {"folder": str(self.folder), "manifest": str(self.manifest), "created_at": self.created_at,
                "files": self.files, "media_copied": self.media_copied, "media_skipped": self.media_skipped,
                "bytes_copied": self.bytes_copied, "counts": self.counts}


@dataclass(frozen=True)
class RestoreResult:
    workspace: Path
    backup: Path
    created_at: str
    counts: dict
    media: int
    moved_aside: Path | None = None
    audit_ok: bool = True

    def as_json(self) -> dict:
        return {"workspace": str(self.workspace), "backup": str(self.backup), "created_at": self.created_at,
                "counts": self.counts, "media": self.media, "audit_ok": self.audit_ok,
                "moved_aside": str(self.moved_aside) if self.moved_aside else None}


@dataclass
class _Manifest:
    folder: Path
    data: dict = field(default_factory=dict)

    @property
    def media_root(self) -> Path:
        return (self.folder / self.data.get("media_root", f"../{MEDIA}")).resolve()


def _damaged(vi: str, en: str) -> LandDeskError:
    return LandDeskError(f"Bản sao lưu bị hỏng, không khôi phục: {vi}", f"The backup is damaged, not restored: {en}")


def _now() -> datetime:
    return datetime.now(UTC)


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _walk(root: Path) -> Iterator[Path]:
    """Files under root, sorted, skipping temporary ones (.part files, hidden folders such as the
    scan store's .tmp/)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".part") and not name.startswith("."):
                yield Path(dirpath) / name


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ---- backup ---------------------------------------------------------------------------------------

def default_target(ctx: UnitOfWork) -> Path:
    return ctx.root / "backups"


def create_backup(ctx: UnitOfWork, target: Path | None = None, *, progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCEL) -> BackupResult:
    """Back the workspace up into `target` (default <workspace>/backups). Runs beside a read unit of
    work: officers may keep saving meanwhile (the database snapshot is consistent)."""
    require(ctx, "edit")
    root = ctx.root
    target = Path(target) if target else default_target(ctx)
    r, t, own = root.resolve(), target.resolve(), root.resolve() / "backups"
    if (t == r or r in t.parents) and not (t == own or own in t.parents):
        raise LandDeskError("Không sao lưu vào bên trong không gian làm việc (trừ thư mục backups).",
                            "Back up outside the workspace (or into its backups folder).")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LandDeskError(f"Không tạo được thư mục sao lưu: {target}",
                            f"Cannot create the backup folder: {target}") from exc
    for stale in target.glob(f".{PREFIX}*.partial"):
        # a backup interrupted long ago (a recent one may still be running in another process)
        if time.time() - stale.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    created = _now()
    code = settings_store.get(ctx.session, "commune_code", "") or "ws"
    name = f"{PREFIX}{code}-{created.astimezone().strftime('%Y%m%d-%H%M%S')}"
    n = 1
    while (target / name).exists():
        n += 1
        name = f"{PREFIX}{code}-{created.astimezone().strftime('%Y%m%d-%H%M%S')}-{n}"
    work = target / f".{name}.partial"
    work.mkdir()
    try:
        return _write_backup(ctx, root, target, work, name, created, progress, cancel)
    except OSError as exc:  # a full or unplugged drive: say so, leave no half backup behind
        shutil.rmtree(work, ignore_errors=True)
        raise LandDeskError(f"Không ghi được bản sao lưu vào {target} (ổ đĩa đầy hoặc đã bị rút ra?).",
                            f"Cannot write the backup to {target} (is the drive full or unplugged?).") from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_backup(ctx, root: Path, target: Path, work: Path, name: str, created: datetime,
                  progress: Progress, cancel: CancelToken) -> BackupResult:
    media_src = root / MEDIA
    media_files = list(_walk(media_src))
    total = len(media_files) + 2
    progress(0, total, "landdesk.db")
    files.backup_database(root / DB_NAME, work / DB_NAME)
    check = files.integrity_check(work / DB_NAME)
    if check != "ok":
        raise LandDeskError("Bản sao cơ sở dữ liệu không qua được kiểm tra toàn vẹn; hãy kiểm tra ổ đĩa.",
                            "The database copy failed its integrity check; please check the disk.")
    written: list[dict] = [{"path": DB_NAME, "sha256": files.sha256_file(work / DB_NAME),
                            "size": (work / DB_NAME).stat().st_size}]
    copied_bytes = written[0]["size"]
    for src in [root / MARKER, *_walk(root / KEYS)]:
        if src.is_file():
            sha, size = files.copy_hashed(src, work / _rel(src, root))
            written.append({"path": _rel(src, root), "sha256": sha, "size": size})
            copied_bytes += size
    written.append(audit_service.backup_checkpoint(ctx, work))  # the audit head, signed (issue 15 §6)
    if (work / KEYS).is_dir():
        os.chmod(work / KEYS, 0o700)
    progress(1, total, MEDIA)

    media_dest = target / MEDIA
    media: list[dict] = []
    new_media: list[dict] = []
    skipped = 0
    for i, src in enumerate(media_files):
        cancel.check()
        rel = _rel(src, media_src)
        dest = media_dest / rel
        try:
            size = src.stat().st_size
        except FileNotFoundError:  # removed since the listing (an orphan cleaned up): not needed
            continue
        if dest.is_file() and dest.stat().st_size == size:
            # content-addressed: same name, same content; the hash comes from the name when it is one
            stem = src.name.split(".")[0]
            sha = stem if len(stem) == 64 and all(c in "0123456789abcdef" for c in stem) else files.sha256_file(src)
            skipped += 1
        else:
            sha, size = files.copy_hashed(src, dest)
            copied_bytes += size
            new_media.append({"path": rel, "sha256": sha, "size": size})
        media.append({"path": rel, "sha256": sha, "size": size})
        if i % 200 == 0:
            progress(2 + i, total, MEDIA)
    if new_media:
        for d in {(media_dest / m["path"]).parent for m in new_media}:
            files.fsync_dir(d)

    counts = files.table_counts(work / DB_NAME)
    manifest = {
        "format": FORMAT, "version": VERSION, "created_at": created.isoformat(timespec="seconds"),
        "app_version": __version__, "workspace_id": settings_store.get(ctx.session, "workspace_id", ""),
        "kind": settings_store.get(ctx.session, "kind", "commune"),
        "commune_code": settings_store.get(ctx.session, "commune_code", ""),
        "database": DB_NAME, "files": written, "media_root": f"../{MEDIA}", "media": media, "counts": counts,
        "made_by": ctx.actor.username,
    }
    _write_json(work / MANIFEST, manifest)
    files.fsync_dir(work)
    # Verify what this run wrote before calling it a backup (the database was hashed from the disk
    # after its integrity check, so it is not read a third time).
    for base, entry in [(work, e) for e in written[1:]] + [(media_dest, e) for e in new_media]:
        if files.sha256_file(base / entry["path"]) != entry["sha256"]:
            raise LandDeskError("Tệp vừa sao lưu đọc lại không khớp; hãy kiểm tra ổ đĩa sao lưu.",
                                "A file just backed up reads back differently; please check the backup drive.")
    final = target / name
    os.replace(work, final)
    files.fsync_dir(target)
    progress(total, total, "")
    return BackupResult(final, manifest["created_at"], len(written) + len(media), len(new_media), skipped,
                        copied_bytes, counts)


def record_backup(ctx: UnitOfWork, result: BackupResult) -> None:
    """Remember when and where the last backup went (the GUI warns when it gets old)."""
    require(ctx, "edit")
    settings_store.put(ctx.session, "last_backup_at", result.created_at)
    settings_store.put(ctx.session, "last_backup_path", str(result.folder))
    ctx.touch("settings")


def backup_age_days(ctx: UnitOfWork, now: datetime | None = None) -> float | None:
    """Days since the last backup, None when there has never been one."""
    require(ctx, "read")
    last = settings_store.get(ctx.session, "last_backup_at")
    if not last:
        return None
    try:
        at = datetime.fromisoformat(last)
    except ValueError:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return max(0.0, ((now or _now()) - at).total_seconds() / 86400)


def backup_overdue(ctx: UnitOfWork, now: datetime | None = None) -> bool:
    """True when there is no backup, or the last one is older than `backup_warn_days` (default 3)."""
    age = backup_age_days(ctx, now)
    warn = settings_store.get(ctx.session, "backup_warn_days", WARN_DAYS_DEFAULT)
    return age is None or age > float(warn)


# ---- verify and restore ---------------------------------------------------------------------------

def read_manifest(source: Path) -> _Manifest:
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
    except (OSError, ValueError) as exc:
        raise _damaged(f"không đọc được {MANIFEST}.", f"{MANIFEST} cannot be read.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), list):
        raise LandDeskError(f"Không phải bản sao lưu LandDesk: {folder}", f"Not a LandDesk backup: {folder}")
    if int(data.get("version", 0)) > VERSION:
        raise LandDeskError("Bản sao lưu được tạo bởi phiên bản LandDesk mới hơn. Hãy cập nhật LandDesk.",
                            "The backup was made by a newer LandDesk. Please update LandDesk.")
    return _Manifest(folder, data)


def _entries(m: _Manifest) -> Iterator[tuple[dict, Path, bool]]:
    """(entry, where it is in the backup, is a media file)."""
    for e in m.data["files"]:
        yield e, m.folder / e["path"], False
    for e in m.data.get("media", []):
        yield e, m.media_root / e["path"], True


def _safe(rel: str) -> bool:
    p = Path(rel)
    return not p.is_absolute() and ".." not in p.parts and rel != ""


def verify_backup(source: Path, *, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> _Manifest:
    """Every file present with its recorded SHA-256, the database passes integrity_check.
    Raises LandDeskError saying what is wrong (file names only: they carry no personal data)."""
    m = read_manifest(source)
    entries = list(_entries(m))
    if not any(e.get("path") == DB_NAME for e in m.data["files"]):
        raise _damaged(f"thiếu {DB_NAME} trong danh sách tệp.", f"{DB_NAME} is not listed.")
    for i, (e, path, _) in enumerate(entries):
        cancel.check()
        if not _safe(str(e.get("path", ""))):
            raise _damaged("danh sách tệp có đường dẫn không hợp lệ.", "the file list has an invalid path.")
        if not path.is_file():
            raise _damaged(f"thiếu tệp {e['path']}.", f"file {e['path']} is missing.")
        if path.stat().st_size != e.get("size") or files.sha256_file(path) != e.get("sha256"):
            raise _damaged(f"tệp {e['path']} không khớp mã kiểm tra SHA-256.",
                           f"file {e['path']} does not match its SHA-256 checksum.")
        progress(i + 1, len(entries), "")
    if files.integrity_check(m.folder / DB_NAME) != "ok":
        raise _damaged("cơ sở dữ liệu không qua được kiểm tra toàn vẹn.", "the database failed its integrity check.")
    return m


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
                   force: bool = False, progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCEL) -> RestoreResult:
    """Restore the backup at `source` into the workspace folder `dest`.

    Only an administrator may restore: one who logs in (`user`, default the administrator, with
    `password`) to the workspace being replaced — or, into an empty folder, to the restored one — and
    who is an administrator of the restored one too.
    A non-empty `dest` is refused unless `force`; then it is moved aside, not deleted.
    """
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
    m = verify_backup(source, progress=progress, cancel=cancel)

    dest.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    staging = dest.with_name(f".{dest.name}.restoring-{stamp}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for e, path, is_media in _entries(m):
            cancel.check()
            base = staging / MEDIA if is_media else staging
            sha, _ = files.copy_hashed(path, base / e["path"])
            if sha != e["sha256"]:
                raise _damaged(f"tệp {e['path']} thay đổi trong khi khôi phục.", f"file {e['path']} changed while restoring.")
        for sub in (MEDIA, KEYS, "backups"):
            (staging / sub).mkdir(exist_ok=True)
        os.chmod(staging / KEYS, 0o700)
        # (the staged copy hashed equal to the verified backup: no second integrity check needed)
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

    moved = None
    if dest.exists():
        if exists:
            moved = dest.with_name(f"{dest.name}.before-restore-{stamp}")
            os.replace(dest, moved)
        else:
            dest.rmdir()
    os.replace(staging, dest)
    files.fsync_dir(dest.parent)
    return RestoreResult(dest, m.folder, m.data.get("created_at", ""), m.data.get("counts", {}),
                         len(m.data.get("media", [])), moved, audit_ok)


def _after_restore(db: Path, actor_name: str, m: _Manifest) -> bool:
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
