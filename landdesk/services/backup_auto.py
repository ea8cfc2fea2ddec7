"""Automatic backups: the workspace's backup settings (in its database, so every desk of the office sees
the same), when the next automatic backup is due, and making one (then pruning to the last N).

The window runs them: on exit after a session that changed something, and once a day while it is
open; it reminds the officer when the last backup (of any kind) is older than `warn_days`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.settings import Scope, declared
from landdesk.services import backup
from landdesk.services.backup_catalog import prune_backups
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.uow import UnitOfWork

DAILY_HOURS = 24
KEEP_RANGE = (1, 365)
WARN_RANGE = (1, 90)
_KEYS = {"auto": "backup_auto", "keep": "backup_keep", "target": "backup_auto_target", "warn_days": "backup_warn_days"}


def _default(key: str):
    return declared(_KEYS[key], Scope.WORKSPACE).default


@dataclass(frozen=True)
class BackupSettings:  # (the defaults are the declared ones: domain/settings.py)
    auto: bool = _default("auto")  # on exit (after changes) and daily
    keep: int = _default("keep")  # automatic backups kept in the target; older ones are removed
    target: str = _default("target")  # folder of the automatic backups; "" = the workspace's own backups folder
    warn_days: int = _default("warn_days")  # remind when the last backup is older than this


def backup_settings(ctx: UnitOfWork) -> BackupSettings:
    require(ctx, "read")
    s = ctx.session
    return BackupSettings(*(settings_store.get(s, _KEYS[k]) for k in ("auto", "keep", "target", "warn_days")))


def set_backup_settings(ctx: UnitOfWork, new: BackupSettings) -> BackupSettings:
    """Administrators only; every changed value is written to the audit trail."""
    require(ctx, "admin")
    if not KEEP_RANGE[0] <= new.keep <= KEEP_RANGE[1]:
        raise LandDeskError(f"Số bản sao lưu tự động giữ lại phải từ {KEEP_RANGE[0]} đến {KEEP_RANGE[1]}.",
                            f"Keep between {KEEP_RANGE[0]} and {KEEP_RANGE[1]} automatic backups.")
    if not WARN_RANGE[0] <= new.warn_days <= WARN_RANGE[1]:
        raise LandDeskError(f"Số ngày nhắc sao lưu phải từ {WARN_RANGE[0]} đến {WARN_RANGE[1]}.",
                            f"The reminder must come after {WARN_RANGE[0]} to {WARN_RANGE[1]} days.")
    target = new.target.strip()
    if target:
        backup.check_target(ctx.root, Path(target))
    new = BackupSettings(bool(new.auto), int(new.keep), target, int(new.warn_days))
    old = backup_settings(ctx)
    changes = [{"field": _KEYS[k], "old": v, "new": getattr(new, k)} for k, v in asdict(old).items()
               if getattr(new, k) != v]
    for k, v in asdict(new).items():
        settings_store.put(ctx.session, _KEYS[k], v)
    if changes:
        audit.append(ctx.session, user=ctx.actor.username, action="update", entity="setting",
                     entity_id="backup", changes=changes)
        ctx.touch(Change.SETTINGS)
    return new


def auto_target(ctx: UnitOfWork) -> Path:
    target = backup_settings(ctx).target
    return Path(target) if target else backup.default_target(ctx)


def auto_backup_due(ctx: UnitOfWork, now: datetime | None = None) -> bool:
    """Automatic backups are on and none was made in the last day."""
    if not backup_settings(ctx).auto:
        return False
    last = settings_store.get(ctx.session, "last_auto_backup_at")
    try:
        at = datetime.fromisoformat(last) if last else None
    except ValueError:
        at = None
    if at is None:
        return True
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return ((now or datetime.now(UTC)) - at).total_seconds() >= DAILY_HOURS * 3600


@dataclass(frozen=True)
class AutoBackupResult:
    result: backup.BackupResult
    removed: list[Path]  # automatic backups pruned (beyond the last N)


def run_auto_backup(ctx: UnitOfWork, *, progress: Progress = no_progress,
                    cancel: CancelToken = NEVER_CANCEL) -> AutoBackupResult:
    """An automatic backup into the automatic target (on a read unit of work, as create_backup), then the
    older automatic ones beyond `keep` removed. The caller records it (backup.record_backup)."""
    s = backup_settings(ctx)
    target = auto_target(ctx)
    result = backup.create_backup(ctx, target, progress=progress, cancel=cancel, trigger="auto")
    workspace_id = settings_store.get(ctx.session, "workspace_id")
    return AutoBackupResult(result, prune_backups(target, workspace_id, s.keep))


@dataclass(frozen=True)
class BackupOverview:
    """What the window's backup dialog shows before a backup."""

    settings: BackupSettings
    last_at: str | None  # the last backup of any kind (ISO)
    last_path: str | None
    last_auto_at: str | None
    overdue: bool
    default_target: Path  # <workspace>/backups
    auto_target: Path


def backup_overview(ctx: UnitOfWork) -> BackupOverview:
    from landdesk.services.status import backup_overdue

    s = ctx.session
    return BackupOverview(backup_settings(ctx), settings_store.get(s, "last_backup_at") or None,
                          settings_store.get(s, "last_backup_path") or None,
                          settings_store.get(s, "last_auto_backup_at") or None, backup_overdue(ctx),
                          backup.default_target(ctx), auto_target(ctx))
