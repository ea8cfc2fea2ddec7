"""The figures the desk shows in its status bar: dossier counts and the last backup."""

from __future__ import annotations

from dataclasses import dataclass

from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import browse
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class DeskStatus:
    dossiers: int
    with_problems: int
    last_backup_at: str | None  # ISO time, None when never backed up


def desk_status(ctx: UnitOfWork) -> DeskStatus:
    require(ctx, "read")
    return DeskStatus(browse.total(ctx.session), browse.count(ctx.session, browse.Filters(problems=True)),
                      settings_store.get(ctx.session, "last_backup_at") or None)
