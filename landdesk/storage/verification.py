"""Queries behind population-data verification: the holders to check, storing a run's results,
setting holders' verification columns in bulk, and the figures."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.check_models import VerificationResult, VerificationRun
from landdesk.storage.dossiers import next_counter
from landdesk.storage.models import DossierRow, HolderRow

HOLDER_COLUMNS = (HolderRow.id, HolderRow.dossier_id, DossierRow.num, HolderRow.name, HolderRow.cccd,
                  HolderRow.cmnd, HolderRow.birth, HolderRow.gender, HolderRow.address,
                  HolderRow.verification, HolderRow.verification_reason, HolderRow.verification_fields)


def person_holders(session: Session, *, only_pending: bool = False,
                   holder_ids: Sequence[str] | None = None) -> list:
    """Rows of every person holder (organisations are not in the population data), by dossier
    number then position."""
    stmt = (select(*HOLDER_COLUMNS).join(DossierRow, DossierRow.id == HolderRow.dossier_id)
            .where(HolderRow.kind == "person").order_by(DossierRow.num, HolderRow.position))
    if only_pending:
        stmt = stmt.where(HolderRow.verification == "pending")
    if holder_ids is not None:
        stmt = stmt.where(HolderRow.id.in_(list(holder_ids)))
    return list(session.execute(stmt))


def set_statuses(session: Session, updates: Iterable[tuple[str, str, str, str]], user: str,
                 now: datetime | None = None) -> int:
    """(holder_id, status, reason, fields) for holders whose values change. Their dossiers get a new
    change number and revision so the change travels to the province. Returns dossiers touched."""
    rows = [{"hid": h, "st": s, "re": r, "fi": f} for h, s, r, f in updates]
    if not rows:
        return 0
    stmt = (update(HolderRow).where(HolderRow.id == bindparam("hid"))
            .values(verification=bindparam("st"), verification_reason=bindparam("re"),
                    verification_fields=bindparam("fi")))
    session.connection().execute(stmt, rows)
    ids = [r["hid"] for r in rows]
    dossier_ids: list[str] = []
    for start in range(0, len(ids), 900):
        dossier_ids += session.execute(select(HolderRow.dossier_id).distinct()
                                       .where(HolderRow.id.in_(ids[start:start + 900]))).scalars().all()
    dossier_ids = sorted(set(dossier_ids))
    bump_dossiers(session, dossier_ids, user, now)
    return len(dossier_ids)


def bump_dossiers(session: Session, dossier_ids: Sequence[str], user: str, now: datetime | None = None) -> None:
    """New change number + revision for dossiers changed by a bulk update (not through save)."""
    if not dossier_ids:
        return
    now = now or utcnow()
    last = next_counter(session, "change", len(dossier_ids))
    first = last - len(dossier_ids) + 1
    stmt = (update(DossierRow).where(DossierRow.id == bindparam("did"))
            .values(change_no=bindparam("cn"), revision=DossierRow.revision + 1, updated_at=now, updated_by=user))
    session.connection().execute(stmt, [{"did": d, "cn": first + i} for i, d in enumerate(dossier_ids)])


def add_run(session: Session, run: dict, results: list[dict]) -> None:
    session.execute(insert(VerificationRun), [run])
    for start in range(0, len(results), 5000):
        session.execute(insert(VerificationResult), results[start:start + 5000])


def runs(session: Session) -> list[VerificationRun]:
    return list(session.execute(select(VerificationRun).order_by(VerificationRun.created_at.desc())).scalars())


def result(session: Session, result_id: str) -> VerificationResult | None:
    return session.get(VerificationResult, result_id)


def latest_results(session: Session, *, statuses: Sequence[str] = ("incorrect", "needs_police"),
                   unresolved_only: bool = True, limit: int | None = None) -> list[VerificationResult]:
    """The newest result per holder (later runs supersede earlier ones) with these statuses."""
    newest = (select(VerificationResult.holder_id, func.max(VerificationRun.created_at).label("at"))
              .join(VerificationRun, VerificationRun.id == VerificationResult.run_id)
              .group_by(VerificationResult.holder_id).subquery())
    stmt = (select(VerificationResult)
            .join(VerificationRun, VerificationRun.id == VerificationResult.run_id)
            .join(newest, (newest.c.holder_id == VerificationResult.holder_id) & (newest.c.at == VerificationRun.created_at))
            .where(VerificationResult.status.in_(list(statuses)))
            .order_by(VerificationResult.reason, VerificationResult.dossier_id))
    if unresolved_only:
        stmt = stmt.where(VerificationResult.resolution == "")
    if limit:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def resolve(session: Session, result_id: str, resolution: str, user: str) -> None:
    session.execute(update(VerificationResult).where(VerificationResult.id == result_id)
                    .values(resolution=resolution, resolved_by=user, resolved_at=utcnow()))


def holder_counts(session: Session) -> dict[tuple[str, str], int]:
    """(verification status, reason) → number of person holders."""
    rows = session.execute(select(HolderRow.verification, HolderRow.verification_reason, func.count())
                           .where(HolderRow.kind == "person")
                           .group_by(HolderRow.verification, HolderRow.verification_reason))
    return {(s, r): n for s, r, n in rows}


def resolution_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(VerificationResult.resolution, func.count())
                           .where(VerificationResult.resolution != "")
                           .group_by(VerificationResult.resolution))
    return {r: n for r, n in rows}


def run_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(VerificationRun)).scalar_one()


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def dossier_nums(session: Session, dossier_ids: Sequence[str]) -> dict[str, int]:
    ids = list(set(dossier_ids))
    out: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        out.update(session.execute(select(DossierRow.id, DossierRow.num)
                                   .where(DossierRow.id.in_(ids[start:start + 900]))).all())
    return out
