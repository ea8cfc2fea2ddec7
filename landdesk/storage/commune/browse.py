"""Queries behind the records browser and search: one indexed query for the ordered ids, then rows
for the visible page only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Integer, Select, and_, case, column, func, or_, select, text
from sqlalchemy.orm import Session

from landdesk.domain.stages import PROVINCE_STAGE, RANK
from landdesk.storage.commune.findings import HAS_FINDING
from landdesk.storage.commune.models import DossierRow, HolderRow, ParcelRow

SORT_COLUMNS = {
    "num": DossierRow.num,
    "serial": DossierRow.serial_norm,
    "holder": DossierRow.holders_sort,
    "village": DossierRow.village_sort,
    "status": DossierRow.status,
    "custody": DossierRow.custody,
    "area": DossierRow.total_area,
    "updated": DossierRow.updated_at,
    "problems": DossierRow.errors,
}


_rank = case(RANK, value=DossierRow.status, else_=0)
# domain.stages.shown_stage in SQL: the province's answer where it is further along than the workflow stage
SHOWN_STAGE = case(*[(and_(DossierRow.province_status.in_([p for p, s in PROVINCE_STAGE.items() if s == stage]),
                           _rank <= RANK[stage]), stage) for stage in ("sent", "returned", "accepted")],
                   else_=DossierRow.status)


@dataclass(frozen=True)
class Filters:
    fts: str | None = None  # an FTS5 MATCH expression (domain.searchkeys.fts_query)
    status: str | None = None
    custody: str | None = None
    village: str | None = None
    problems: bool | None = None  # True: only dossiers with errors or warnings
    sort: str = "num"
    descending: bool = False
    sheet_parcel: tuple[str, ...] | None = None  # "3/461": sheet 3, parcel 461 (certificate or map numbers)
    exact_name: str | None = None  # folded text: a holder with exactly this name comes first (relevance)


def _filtered(stmt: Select, f: Filters) -> Select:
    if f.fts:
        matched = text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :q").bindparams(q=f.fts)
        stmt = stmt.where(DossierRow.num.in_(matched.columns(column("rowid", Integer))))
    if f.sheet_parcel:
        sheets, parcels = _number_forms(f.sheet_parcel[0]), _number_forms(f.sheet_parcel[1])
        on = or_(and_(ParcelRow.sheet_cert.in_(sheets), ParcelRow.parcel_cert.in_(parcels)),
                 and_(ParcelRow.sheet_map.in_(sheets), ParcelRow.parcel_map.in_(parcels)))
        stmt = stmt.where(DossierRow.id.in_(select(ParcelRow.dossier_id).where(on)))
    if f.status:
        stmt = stmt.where(SHOWN_STAGE == f.status)
    if f.custody:
        stmt = stmt.where(DossierRow.custody == f.custody)
    if f.village:
        stmt = stmt.where(DossierRow.village == f.village)
    if f.problems is True:  # its own rules, or one spanning dossiers (storage.findings)
        stmt = stmt.where(or_((DossierRow.errors + DossierRow.warnings) > 0, HAS_FINDING))
    elif f.problems is False:
        stmt = stmt.where((DossierRow.errors + DossierRow.warnings) == 0, ~HAS_FINDING)
    return stmt


def _number_forms(typed: str) -> list[str]:
    """A sheet or parcel number as it may be stored: as typed, without leading zeros and with one or two
    ("3" finds "03", "03" finds "3")."""
    bare = typed.lstrip("0") or "0"
    return sorted({typed, bare, "0" + bare, "00" + bare})


def exact_ids(session: Session, f: Filters) -> list[str]:
    """Dossiers with a holder named exactly `f.exact_name` (folded), within the filters, in number order."""
    if not f.exact_name:
        return []
    named = select(HolderRow.dossier_id).where(HolderRow.name_fold == f.exact_name)
    # A holder named exactly the typed text matches that text's search too: the full-text condition is
    # left out (for a short prefix it would list most of the commune on every keystroke).
    return list(session.execute(_filtered(select(DossierRow.id).where(DossierRow.id.in_(named)), replace(f, fts=None))
                                .order_by(DossierRow.num)).scalars())


def ids(session: Session, f: Filters, limit: int | None = None) -> list[str]:
    col = SORT_COLUMNS.get(f.sort, DossierRow.num)
    order = [col.desc(), DossierRow.num.desc()] if f.descending else [col, DossierRow.num]
    stmt = _filtered(select(DossierRow.id), f).order_by(*order)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def problem_counts(session: Session, dossier_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """{id: (errors, warnings)} as stored by the last save or check run."""
    rows = session.execute(select(DossierRow.id, DossierRow.errors, DossierRow.warnings)
                           .where(DossierRow.id.in_(list(dossier_ids)))).all()
    return {r.id: (r.errors, r.warnings) for r in rows}


def count(session: Session, f: Filters) -> int:
    return session.execute(_filtered(select(func.count()).select_from(DossierRow), f)).scalar_one()


SUMMARY_COLUMNS = (
    DossierRow.id, DossierRow.num, DossierRow.serial, DossierRow.holders_display, DossierRow.village,
    DossierRow.parcels_display, DossierRow.total_area, DossierRow.status, DossierRow.custody,
    DossierRow.errors, DossierRow.warnings, DossierRow.updated_at, DossierRow.updated_by,
    DossierRow.province_status,
)


def summaries(session: Session, dossier_ids: Sequence[str]) -> list[dict]:
    """Browser rows for the given ids, in that order (missing ids are skipped)."""
    if not dossier_ids:
        return []
    rows = session.execute(select(*SUMMARY_COLUMNS).where(DossierRow.id.in_(list(dossier_ids)))).mappings()
    by_id = {r["id"]: dict(r) for r in rows}
    return [by_id[i] for i in dossier_ids if i in by_id]


def villages(session: Session) -> list[str]:
    """The commune's villages in Vietnamese order, numbers natural ("Tổ dân phố số 2" before "số 10")."""
    return list(session.execute(select(DossierRow.village).where(DossierRow.village != "")
                                .group_by(DossierRow.village_sort, DossierRow.village)
                                .order_by(DossierRow.village_sort, DossierRow.village)).scalars())


def total(session: Session) -> int:
    return session.execute(select(func.count()).select_from(DossierRow)).scalar_one()
