"""The conflict queue: edits made at both ends, and the same certificate, citizen or parcel arriving
from two communes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from landdesk.storage.province.bulk import bulk_insert, in_ids
from landdesk.storage.province.models import ProvConflict


def add_conflicts(s: Session, rows: list[dict]) -> int:
    """Queue conflicts, skipping ones already open for the same dossier, kind, field and other dossier."""
    if not rows:
        return 0
    ids = list({r["dossier_id"] for r in rows})
    # found by dossier id, the status checked here: a status condition in the query could lead SQLite to
    # read the index of every open conflict instead (5 ms a batch with 12,000 of them)
    open_ = {tuple(r[:4]) for r in s.execute(select(ProvConflict.dossier_id, ProvConflict.kind, ProvConflict.field,
                                                    ProvConflict.other_dossier_id, ProvConflict.status)
                                             .where(in_ids(s, ProvConflict.dossier_id, ids))) if r[4] == "open"}
    fresh = [{"resolved_at": None, "resolved_by": "", **r} for r in rows
             if (r["dossier_id"], r["kind"], r["field"], r["other_dossier_id"]) not in open_]
    bulk_insert(s, ProvConflict.__table__, fresh)  # (COPY on PostgreSQL: an import queues hundreds)
    return len(fresh)


def _filtered(q, status: str | None, commune_code: str | None):
    if status:
        q = q.where(ProvConflict.status == status)
    if commune_code:
        q = q.where(ProvConflict.commune_code == commune_code)
    return q


def conflicts(s: Session, *, status: str | None = "open", commune_code: str | None = None,
              offset: int = 0, limit: int | None = None) -> list[ProvConflict]:
    """The queue in the order it filled, or one page of it (offset, limit)."""
    q = _filtered(select(ProvConflict), status, commune_code).order_by(ProvConflict.created_at, ProvConflict.id)
    if limit is not None:
        q = q.offset(offset).limit(limit)
    return list(s.execute(q).scalars())


def conflict_count(s: Session, *, status: str | None = "open", commune_code: str | None = None) -> int:
    return s.execute(_filtered(select(func.count()).select_from(ProvConflict), status, commune_code)).scalar_one()


def conflict(s: Session, conflict_id: str) -> ProvConflict | None:
    return s.get(ProvConflict, conflict_id)


def open_conflict_count(s: Session, dossier_id: str) -> int:
    return s.execute(select(func.count()).select_from(ProvConflict)
                     .where(ProvConflict.dossier_id == dossier_id, ProvConflict.status == "open")).scalar_one()
