"""Queries behind population-data verification: the holders to check, storing a run's results,
setting holders' verification columns in bulk, and the figures."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.check_models import VerificationProposal, VerificationResult, VerificationRun
from landdesk.storage.commune.dossiers import next_counter
from landdesk.storage.commune.models import DossierRow, HolderRow

# An organisation or community is not in the population data, but its representative, whose name
# and ID stand in the holder columns, is a person: such holder rows are checked like a person.
IS_REPRESENTATIVE = or_(and_(HolderRow.kind == "organisation", or_(HolderRow.cccd != "", HolderRow.cmnd != "")),
                        and_(HolderRow.kind == "person", HolderRow.role == "representative"))
CHECKABLE = or_(HolderRow.kind == "person", IS_REPRESENTATIVE)
# The person a holder row stands for: the 12-digit ID, else the old ID, else folded name + birth.
PERSON_KEY = case((func.length(HolderRow.cccd) == 12, literal("c") + HolderRow.cccd),
                  (HolderRow.cmnd != "", literal("m") + HolderRow.cmnd),
                  else_=literal("n") + HolderRow.name_fold + "|" + func.coalesce(HolderRow.birth, ""))
# Per person the status of the link that most needs work: police over incorrect over verified.
STATUS_RANK = {"pending": 1, "verified": 2, "incorrect": 3, "needs_police": 4}
RANKED_STATUS = {v: k for k, v in STATUS_RANK.items()}
_RANK = case(STATUS_RANK, value=HolderRow.verification, else_=1)

HOLDER_COLUMNS = (HolderRow.id, HolderRow.dossier_id, DossierRow.num,
                  case((HolderRow.kind == "organisation", HolderRow.representative), else_=HolderRow.name)
                  .label("name"), HolderRow.cccd,
                  HolderRow.cmnd, HolderRow.birth, HolderRow.gender, HolderRow.address,
                  HolderRow.verification, HolderRow.verification_reason, HolderRow.verification_fields,
                  IS_REPRESENTATIVE.label("representative"))


def person_holders(session: Session, *, only_pending: bool = False,
                   holder_ids: Sequence[str] | None = None) -> list:
    """Rows of every holder checked against the population data — persons, and the representatives
    of organisations and communities (name = the representative's) — by dossier number then position."""
    stmt = (select(*HOLDER_COLUMNS).join(DossierRow, DossierRow.id == HolderRow.dossier_id)
            .where(CHECKABLE).order_by(DossierRow.num, HolderRow.position))
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
    """(verification status, reason) → number of holder links checked against the population data."""
    rows = session.execute(select(HolderRow.verification, HolderRow.verification_reason, func.count())
                           .where(CHECKABLE)
                           .group_by(HolderRow.verification, HolderRow.verification_reason))
    return {(s, r): n for s, r, n in rows}


def link_and_person_counts(session: Session) -> dict[tuple[str, str, str], int]:
    """(unit, category, status) → count, unit "links" (holder rows) or "persons" (each citizen once,
    with the status of their link that most needs work), category "holders" (households and
    individuals), "representatives" (of organisations and communities) or, for persons, "all"."""
    category = case((IS_REPRESENTATIVE, literal("representatives")), else_=literal("holders")).label("category")
    out: dict[tuple[str, str, str], int] = {}
    links = select(category, HolderRow.verification, func.count()).where(CHECKABLE) \
        .group_by(category, HolderRow.verification)
    for cat, status, n in session.execute(links):
        out[("links", cat, status)] = out.get(("links", cat, status), 0) + n
    people = (select(category, PERSON_KEY.label("person"), func.max(_RANK).label("rank")).where(CHECKABLE)
              .group_by(category, PERSON_KEY).subquery())
    for cat, rank, n in session.execute(select(people.c.category, people.c.rank, func.count())
                                        .group_by(people.c.category, people.c.rank)):
        out[("persons", cat, RANKED_STATUS[rank])] = n
    # and over both categories (a representative who also holds land in their own name is one person)
    everyone = (select(PERSON_KEY.label("person"), func.max(_RANK).label("rank")).where(CHECKABLE)
                .group_by(PERSON_KEY).subquery())
    for rank, n in session.execute(select(everyone.c.rank, func.count()).group_by(everyone.c.rank)):
        out[("persons", "all", RANKED_STATUS[rank])] = n
    return out


# --- Enrichment proposals -------------------------------------------------------------------

def add_proposals(session: Session, rows: list[dict]) -> None:
    """Store new proposals; an open proposal of the same holder and field is superseded by it."""
    if not rows:
        return
    pairs = {(r["holder_id"], r["field"]) for r in rows}
    holder_ids = sorted({h for h, _ in pairs})
    for start in range(0, len(holder_ids), 900):
        chunk = holder_ids[start:start + 900]
        old = session.execute(select(VerificationProposal.id, VerificationProposal.holder_id, VerificationProposal.field)
                              .where(VerificationProposal.holder_id.in_(chunk), VerificationProposal.state == "open"))
        stale = [pid for pid, h, f in old if (h, f) in pairs]
        if stale:
            session.execute(update(VerificationProposal).where(VerificationProposal.id.in_(stale))
                            .values(state="superseded", decided_at=utcnow()))
    for start in range(0, len(rows), 5000):
        session.execute(insert(VerificationProposal), rows[start:start + 5000])


def open_proposals(session: Session, *, holder_ids: Sequence[str] | None = None,
                   limit: int | None = None) -> list[VerificationProposal]:
    stmt = (select(VerificationProposal).where(VerificationProposal.state == "open")
            .order_by(VerificationProposal.field, VerificationProposal.dossier_id, VerificationProposal.holder_id))
    if holder_ids is not None:
        stmt = stmt.where(VerificationProposal.holder_id.in_(list(holder_ids)))
    if limit:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def proposals(session: Session, ids: Sequence[str]) -> list[VerificationProposal]:
    out: list[VerificationProposal] = []
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), 900):
        out += session.execute(select(VerificationProposal)
                               .where(VerificationProposal.id.in_(ids[start:start + 900]))).scalars().all()
    return out


def decide_proposals(session: Session, ids: Sequence[str], state: str, user: str) -> None:
    ids = list(ids)
    for start in range(0, len(ids), 900):
        session.execute(update(VerificationProposal).where(VerificationProposal.id.in_(ids[start:start + 900]))
                        .values(state=state, decided_by=user, decided_at=utcnow()))


def proposal_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(VerificationProposal.state, func.count()).group_by(VerificationProposal.state))
    return {s: n for s, n in rows}


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
