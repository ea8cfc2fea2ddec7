"""Queries behind double entry: the re-keying tasks, the keyed values and the per-officer figures."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.check_models import DoubleEntryKeying, DoubleEntryTask
from landdesk.storage.commune.models import DossierRow, HolderRow, ParcelRow


def candidate_dossiers(session: Session) -> list[str]:
    """Dossiers with a holder and a parcel (something to re-key) and no task yet, by number."""
    has_holder = select(HolderRow.dossier_id)
    has_parcel = select(ParcelRow.dossier_id)
    tasked = select(DoubleEntryTask.dossier_id)
    stmt = (select(DossierRow.id).where(DossierRow.id.in_(has_holder), DossierRow.id.in_(has_parcel),
                                        DossierRow.id.not_in(tasked)).order_by(DossierRow.num))
    return list(session.execute(stmt).scalars())


def add_tasks(session: Session, dossier_ids: Sequence[str], user: str) -> None:
    now = utcnow()
    rows = [{"dossier_id": d, "requested_at": now, "requested_by": user, "keyed_at": None, "keyed_by": ""}
            for d in dossier_ids]
    for start in range(0, len(rows), 5000):
        session.execute(insert(DoubleEntryTask), rows[start:start + 5000])


def task(session: Session, dossier_id: str) -> DoubleEntryTask | None:
    return session.get(DoubleEntryTask, dossier_id)


def open_tasks(session: Session, exclude_editor: str | None = None, limit: int = 1) -> list[str]:
    """Dossiers waiting to be re-keyed, oldest request first; not those `exclude_editor` entered (created)."""
    stmt = (select(DoubleEntryTask.dossier_id).join(DossierRow, DossierRow.id == DoubleEntryTask.dossier_id)
            .where(DoubleEntryTask.keyed_at.is_(None)).order_by(DoubleEntryTask.requested_at, DossierRow.num))
    if exclude_editor:
        stmt = stmt.where(DossierRow.created_by != exclude_editor)
    return list(session.execute(stmt.limit(limit)).scalars())


def mark_keyed(session: Session, dossier_id: str, user: str) -> None:
    session.execute(update(DoubleEntryTask).where(DoubleEntryTask.dossier_id == dossier_id)
                    .values(keyed_at=utcnow(), keyed_by=user))


def add_keyings(session: Session, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(DoubleEntryKeying), rows)


def keying(session: Session, keying_id: str) -> DoubleEntryKeying | None:
    return session.get(DoubleEntryKeying, keying_id)


def open_mismatches(session: Session, limit: int | None = None) -> list[DoubleEntryKeying]:
    stmt = (select(DoubleEntryKeying).where(DoubleEntryKeying.match.is_(False), DoubleEntryKeying.resolution == "")
            .order_by(DoubleEntryKeying.keyed_at))
    if limit:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def resolve(session: Session, keying_id: str, resolution: str, user: str) -> None:
    session.execute(update(DoubleEntryKeying).where(DoubleEntryKeying.id == keying_id)
                    .values(resolution=resolution, resolved_by=user, resolved_at=utcnow()))


def keying_counts(session: Session) -> list:
    """(first_by, second_by, match, resolution, count) over every keyed field."""
    return list(session.execute(
        select(DoubleEntryKeying.first_by, DoubleEntryKeying.second_by, DoubleEntryKeying.match,
               DoubleEntryKeying.resolution, func.count())
        .group_by(DoubleEntryKeying.first_by, DoubleEntryKeying.second_by, DoubleEntryKeying.match,
                  DoubleEntryKeying.resolution)))


def task_counts(session: Session) -> tuple[int, int]:
    """(tasks, keyed)."""
    total = session.execute(select(func.count()).select_from(DoubleEntryTask)).scalar_one()
    keyed = session.execute(select(func.count()).select_from(DoubleEntryTask)
                            .where(DoubleEntryTask.keyed_at.is_not(None))).scalar_one()
    return total, keyed
