"""The figures the desk shows in its status bar: dossier counts, the last backup and whether it is old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from landdesk.domain.settings import Scope, declared
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import browse
from landdesk.storage.uow import UnitOfWork

WARN_DAYS_DEFAULT = declared("backup_warn_days", Scope.WORKSPACE).default  # remind when the last backup is older


@dataclass(frozen=True)
class DeskStatus:
    dossiers: int
    with_problems: int
    last_backup_at: str | None  # ISO time, None when never backed up
    backup_age_days: float | None = None  # None when never backed up
    backup_overdue: bool = False  # none, or older than the workspace's reminder (backup_warn_days)


def desk_status(ctx: UnitOfWork) -> DeskStatus:
    require(ctx, "read")
    return DeskStatus(browse.total(ctx.session), browse.count(ctx.session, browse.Filters(problems=True)),
                      settings_store.get(ctx.session, "last_backup_at") or None,
                      backup_age_days(ctx), backup_overdue(ctx))


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
    return max(0.0, ((now or datetime.now(UTC)) - at).total_seconds() / 86400)


def backup_overdue(ctx: UnitOfWork, now: datetime | None = None) -> bool:
    """True when there is no backup, or the last one is older than `backup_warn_days` (default 3)."""
    age = backup_age_days(ctx, now)
    warn = settings_store.get(ctx.session, "backup_warn_days")
    return age is None or age > float(warn)
