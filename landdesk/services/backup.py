"""Backups of a commune workspace, encrypted with the workspace's backup key (restore: services/restore.py).

Layout of a backup target folder (a USB drive, a network share, or <workspace>/backups):

    <target>/
      landdesk-backup-07210-20251130-174502/   one folder per backup
        manifest.json          written last: format, time, workspace, counts, every file + SHA-256, a MAC
        landdesk.db            sealed consistent snapshot (SQLite online backup API, rollback-journal mode)
        landdesk-workspace.json
        keys/…                 the commune's signing keys, sealed (never the backup key itself)
      media-encrypted/ab/cd/<sha256>.jpg  sealed scans shared by all backups in this target: content-
                               addressed by the plain file's hash, so one already there is skipped

Sealed = AES-256-GCM under the backup key (services/backup_crypto.py): a backup on a lost USB stick
shows file sizes and counts, no personal data. The key is made with the workspace and shown once to
be printed for the office safe (an older workspace gets one at its first backup, shown then).

A backup is assembled in `.<name>.partial/`, every file fsynced, the manifest written last, then the
folder is renamed: a backup that was killed half-way has no manifest under its final name and is
never taken for a whole one; a later backup into the same folder removes it (services/backup_work.py:
a lock tells a killed backup's folder from one still being made). The plain database snapshot is made
inside the workspace (owner-only) and removed once sealed, or by the next start if the backup was
killed. After writing, every file written in this run is hashed again against the manifest.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from landdesk import __version__
from landdesk.domain import fileio
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services import audit as audit_service
from landdesk.services import backup_crypto as bc
from landdesk.services import backup_work
from landdesk.services.backup_format import (
    DB_NAME,
    FORMAT,
    KEYS,
    MANIFEST,
    MARKER,
    MEDIA,
    MEDIA_SEALED,
    PREFIX,
    VERSION,
    manifest_mac,
    rel,
    walk,
    write_json,
)
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import backup as files
from landdesk.storage import settings as settings_store
from landdesk.storage.private import private_dir
from landdesk.storage.uow import UnitOfWork

STALE_PARTIAL_SECONDS = backup_work.STALE_PARTIAL_SECONDS


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    created_at: str  # ISO UTC
    files: int
    media_copied: int
    media_skipped: int
    bytes_copied: int
    counts: dict
    new_key: str | None = None  # an older workspace's first backup made its backup key: show it once
    trigger: str = "manual"  # "auto": made by the schedule (on exit, daily), pruned to the last N

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def as_json(self) -> dict:
        out = {"folder": str(self.folder), "manifest": str(self.manifest), "created_at": self.created_at,
               "files": self.files, "media_copied": self.media_copied, "media_skipped": self.media_skipped,
               "bytes_copied": self.bytes_copied, "counts": self.counts, "encrypted": True}
        if self.new_key:
            out["backup_key"] = self.new_key
        return out


def _now() -> datetime:
    return datetime.now(UTC)


# ---- backup ---------------------------------------------------------------------------------------

def default_target(ctx: UnitOfWork) -> Path:
    return ctx.root / "backups"


def check_target(root: Path, target: Path) -> None:
    """A backup goes outside the workspace, or into its own backups folder."""
    r, t, own = Path(root).resolve(), Path(target).resolve(), Path(root).resolve() / "backups"
    if (t == r or r in t.parents) and not (t == own or own in t.parents):
        raise LandDeskError("Không sao lưu vào bên trong không gian làm việc (trừ thư mục backups).",
                            "Back up outside the workspace (or into its backups folder).")


def create_backup(ctx: UnitOfWork, target: Path | None = None, *, progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCEL, trigger: str = "manual") -> BackupResult:
    """Back the workspace up into `target` (default <workspace>/backups). Runs beside a read unit of
    work: officers may keep saving meanwhile (the database snapshot is consistent). `trigger` "auto"
    marks the schedule's backups (services.backup_auto prunes only those)."""
    require(ctx, "edit")
    root = ctx.root
    target = Path(target) if target else default_target(ctx)
    check_target(root, target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LandDeskError(f"Không tạo được thư mục sao lưu: {target}",
                            f"Cannot create the backup folder: {target}") from exc
    backup_work.clean_target(target)  # .partial folders of killed backups
    created = _now()
    code = settings_store.get(ctx.session, "commune_code") or "ws"
    try:
        with backup_work.reserved(target, f"{PREFIX}{code}-{created.astimezone().strftime('%Y%m%d-%H%M%S')}") as name:
            work = target / f".{name}.partial"
            work.mkdir()
            try:
                return _write_backup(ctx, root, target, work, name, created, progress, cancel, trigger)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)  # no half backup left behind
                raise
    except OSError as exc:  # a full or unplugged drive: say so
        raise LandDeskError(f"Không ghi được bản sao lưu vào {target} (ổ đĩa đầy hoặc đã bị rút ra?).",
                            f"Cannot write the backup to {target} (is the drive full or unplugged?).") from exc


def _write_backup(ctx, root: Path, target: Path, work: Path, name: str, created: datetime,
                  progress: Progress, cancel: CancelToken, trigger: str) -> BackupResult:
    from landdesk.services.packages import keys

    new_key = None if (root / KEYS / keys.BACKUP_KEY).is_file() else keys.backup_key(root / KEYS)
    key = bc.BackupKey(keys.backup_key(root / KEYS))
    media_src = root / MEDIA
    media_files = list(walk(media_src))
    total = len(media_files) + 2
    progress(0, total, DB_NAME)
    # The plain snapshot stays on the workspace's own drive (owner-only); only its sealed copy goes out.
    backup_work.clean_snapshots(root / "backups")
    with backup_work.snapshot_path(root / "backups") as snapshot:  # removed at the end, or by the next start
        files.backup_database(root / DB_NAME, snapshot)
        if files.integrity_check(snapshot) != "ok":
            raise LandDeskError("Bản sao cơ sở dữ liệu không qua được kiểm tra toàn vẹn; hãy kiểm tra ổ đĩa.",
                                "The database copy failed its integrity check; please check the disk.")
        counts = files.table_counts(snapshot)
        sha, size, plain = bc.encrypt_file(key, snapshot, work / DB_NAME, DB_NAME)
    written: list[dict] = [{"path": DB_NAME, "sha256": sha, "size": size, "plain_sha256": plain}]
    copied_bytes = size
    sha, size = files.copy_hashed(root / MARKER, work / MARKER)  # not secret: kind, commune, workspace id
    written.append({"path": MARKER, "sha256": sha, "size": size})
    for src in walk(root / KEYS):
        if src.name != keys.BACKUP_KEY:  # the key that opens the backup is in the safe, not in it
            path = rel(src, root)
            sha, size, plain = bc.encrypt_file(key, keys.read_secret(src), work / path, path)
            written.append({"path": path, "sha256": sha, "size": size, "plain_sha256": plain})
            copied_bytes += size
    written.append(audit_service.backup_checkpoint(ctx, work))  # the audit head, signed (issue 15 §6)
    progress(1, total, MEDIA)

    media_dest = private_dir(target / MEDIA_SEALED)
    media: list[dict] = []
    new_media: list[dict] = []
    skipped = 0
    for i, src in enumerate(media_files):
        cancel.check()
        path = rel(src, media_src)
        dest = media_dest / path
        try:
            plain_size = src.stat().st_size
        except FileNotFoundError:  # removed since the listing (an orphan cleaned up): not needed
            continue
        stem = src.name.split(".")[0]
        named = len(stem) == 64 and all(c in "0123456789abcdef" for c in stem)
        if named and dest.is_file() and dest.stat().st_size == bc.sealed_size(plain_size):
            # content-addressed: same name, same content (the restore decrypts and checks it)
            sha, size = stem, dest.stat().st_size
            skipped += 1
        else:
            stored, size, sha = bc.encrypt_file(key, src, dest, f"{MEDIA}/{path}")
            copied_bytes += size
            new_media.append({"path": path, "stored_sha256": stored})
        media.append({"path": path, "sha256": sha, "size": size})
        if i % 200 == 0:
            progress(2 + i, total, MEDIA)
    if new_media:
        for d in {(media_dest / m["path"]).parent for m in new_media}:
            files.fsync_dir(d)

    manifest = {
        "format": FORMAT, "version": VERSION, "created_at": created.isoformat(timespec="seconds"),
        "app_version": __version__, "workspace_id": settings_store.get(ctx.session, "workspace_id"),
        "kind": settings_store.get(ctx.session, "kind"),
        "commune_code": settings_store.get(ctx.session, "commune_code"),
        "database": DB_NAME, "files": written, "media_root": f"../{MEDIA_SEALED}", "media": media,
        "counts": counts, "made_by": ctx.actor.username, "trigger": "auto" if trigger == "auto" else "manual",
        "encryption": {"scheme": bc.SCHEME, "key_id": key.key_id},
    }
    manifest["mac"] = manifest_mac(key.key, manifest)
    write_json(work / MANIFEST, manifest)
    files.fsync_dir(work)
    # Verify what this run wrote before calling it a backup.
    for base, path, want in [(work, e["path"], e["sha256"]) for e in written] + \
                            [(media_dest, e["path"], e["stored_sha256"]) for e in new_media]:
        if files.sha256_file(base / path) != want:
            raise LandDeskError("Tệp vừa sao lưu đọc lại không khớp; hãy kiểm tra ổ đĩa sao lưu.",
                                "A file just backed up reads back differently; please check the backup drive.")
    final = target / name
    fileio.replace(work, final)  # an antivirus scanning the new folder on the USB drive: retried, then named
    files.fsync_dir(target)
    progress(total, total, "")
    return BackupResult(final, manifest["created_at"], len(written) + len(media), len(new_media), skipped,
                        copied_bytes, counts, new_key, manifest["trigger"])


def record_backup(ctx: UnitOfWork, result: BackupResult) -> None:
    """Remember when and where the last backup went (the GUI warns when it gets old)."""
    require(ctx, "edit")
    settings_store.put(ctx.session, "last_backup_at", result.created_at)
    settings_store.put(ctx.session, "last_backup_path", str(result.folder))
    if result.trigger == "auto":
        settings_store.put(ctx.session, "last_auto_backup_at", result.created_at)
    ctx.touch(Change.SETTINGS)


# The age of the last backup and the reminder live with the status bar's figures (no cryptography there).
from landdesk.services.status import WARN_DAYS_DEFAULT, backup_age_days, backup_overdue  # noqa: E402,F401


def show_backup_key(ctx: UnitOfWork) -> str:
    """The backup key again, for an administrator who lost the printed one (written to the audit trail)."""
    from landdesk.services.packages import keys

    require(ctx, "admin")
    audit.append(ctx.session, user=ctx.actor.username, action="show_backup_key", entity="workspace",
                 entity_id=settings_store.get(ctx.session, "workspace_id"))
    return keys.backup_key(ctx.keys_dir)


# The restore side, under the names callers have always used.
from landdesk.services.restore import RestoreResult, read_manifest, restore_backup, verify_backup  # noqa: E402,F401
