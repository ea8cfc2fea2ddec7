"""Queries over stored pages (scan_pages). Everything returned is plain data (PageInfo)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.dossiers import next_counter
from landdesk.storage.commune.models import DossierRow
from landdesk.storage.commune.scan_models import ScanPage

KIND_ORDER = ("gcn", "gt", "tbxn", "ddk", "other")


@dataclass(frozen=True)
class PageInfo:
    id: str
    sha256: str
    ext: str
    size: int
    width: int
    height: int
    dpi: int
    dhash: int
    problems: tuple[str, ...]
    dossier_id: str | None
    dossier_num: int | None
    kind: str
    position: int
    rotation: int
    source: str
    source_page: int
    created_at: datetime
    deleted_at: datetime | None


_COLUMNS = (ScanPage.id, ScanPage.sha256, ScanPage.ext, ScanPage.size, ScanPage.width, ScanPage.height,
            ScanPage.dpi, ScanPage.dh0, ScanPage.dh1, ScanPage.dh2, ScanPage.dh3, ScanPage.quality,
            ScanPage.dossier_id, DossierRow.num, ScanPage.kind, ScanPage.position, ScanPage.rotation,
            ScanPage.source, ScanPage.source_page, ScanPage.created_at, ScanPage.deleted_at)


def _select():
    return select(*_COLUMNS).outerjoin(DossierRow, DossierRow.id == ScanPage.dossier_id)


def _info(r) -> PageInfo:
    dh = (r.dh0 << 48) | (r.dh1 << 32) | (r.dh2 << 16) | r.dh3
    return PageInfo(r.id, r.sha256, r.ext, r.size, r.width, r.height, r.dpi, dh,
                    tuple(p for p in r.quality.split(",") if p), r.dossier_id, r.num, r.kind, r.position,
                    r.rotation, r.source, r.source_page, r.created_at, r.deleted_at)


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def insert_page(session: Session, *, id: str, sha256: str, ext: str, size: int, width: int, height: int,
                dpi: int, bands: tuple[int, int, int, int], problems: Sequence[str], dossier_id: str | None,
                kind: str, position: int, rotation: int, source: str, source_page: int, user: str) -> None:
    session.execute(insert(ScanPage).values(
        id=id, sha256=sha256, ext=ext, size=size, width=width, height=height, dpi=dpi,
        dh0=bands[0], dh1=bands[1], dh2=bands[2], dh3=bands[3], quality=",".join(problems),
        dossier_id=dossier_id, kind=kind, position=position, rotation=rotation, source=source[:255],
        source_page=source_page, created_at=utcnow(), created_by=user, deleted_by="", note=""))


def insert_many(session: Session, rows: list[dict]) -> None:
    """Bulk insert (the demo): rows with the columns of insert_page, bands split as dh0..dh3."""
    if rows:
        session.execute(insert(ScanPage), rows)


def by_sha(session: Session, sha256: str) -> PageInfo | None:
    r = session.execute(_select().where(ScanPage.sha256 == sha256)).first()
    return _info(r) if r else None


def existing_shas(session: Session, shas: Sequence[str]) -> list[str]:
    """Which of these contents have a row (deleted pages included: their files are kept)."""
    out: list[str] = []
    shas = list(shas)
    for i in range(0, len(shas), 500):
        out += session.execute(select(ScanPage.sha256).where(ScanPage.sha256.in_(shas[i:i + 500]))).scalars()
    return out


def get(session: Session, page_id: str) -> PageInfo | None:
    r = session.execute(_select().where(ScanPage.id == page_id)).first()
    return _info(r) if r else None


def near(session: Session, bands: tuple[int, int, int, int], limit: int = 200) -> list[PageInfo]:
    """Pages sharing at least one dHash band (candidates; the caller measures the distance)."""
    cond = or_(ScanPage.dh0 == bands[0], ScanPage.dh1 == bands[1], ScanPage.dh2 == bands[2],
               ScanPage.dh3 == bands[3])
    return [_info(r) for r in session.execute(_select().where(cond).limit(limit))]


def pages(session: Session, dossier_id: str, *, deleted: bool = False) -> list[PageInfo]:
    """A dossier's pages, documents in DocKind order, pages in their order."""
    cond = ScanPage.deleted_at.is_not(None) if deleted else ScanPage.deleted_at.is_(None)
    rows = session.execute(_select().where(ScanPage.dossier_id == dossier_id, cond)
                           .order_by(ScanPage.kind, ScanPage.position, ScanPage.created_at))
    out = [_info(r) for r in rows]
    return sorted(out, key=lambda p: (_kind_rank(p.kind), p.position))


def unassigned(session: Session, limit: int = 1000) -> list[PageInfo]:
    rows = session.execute(_select().where(ScanPage.dossier_id.is_(None), ScanPage.deleted_at.is_(None))
                           .order_by(ScanPage.created_at, ScanPage.source, ScanPage.source_page).limit(limit))
    return [_info(r) for r in rows]


def recycled(session: Session, limit: int = 1000) -> list[PageInfo]:
    rows = session.execute(_select().where(ScanPage.deleted_at.is_not(None))
                           .order_by(ScanPage.deleted_at.desc()).limit(limit))
    return [_info(r) for r in rows]


def with_problems(session: Session, limit: int | None = None) -> list[PageInfo]:
    stmt = _select().where(ScanPage.quality != "", ScanPage.deleted_at.is_(None)).order_by(
        DossierRow.num, ScanPage.kind, ScanPage.position)
    if limit:
        stmt = stmt.limit(limit)
    return [_info(r) for r in session.execute(stmt)]


def next_position(session: Session, dossier_id: str | None, kind: str) -> int:
    cond = ScanPage.dossier_id.is_(None) if dossier_id is None else ScanPage.dossier_id == dossier_id
    top = session.execute(select(func.max(ScanPage.position)).where(cond, ScanPage.kind == kind)).scalar()
    return (top or 0) + 1


def update_page(session: Session, page_id: str, **values) -> None:
    session.execute(update(ScanPage).where(ScanPage.id == page_id).values(**values))


def set_order(session: Session, page_ids: Sequence[str]) -> None:
    for pos, pid in enumerate(page_ids, start=1):
        session.execute(update(ScanPage).where(ScanPage.id == pid).values(position=pos))


def delete_rows(session: Session, page_ids: Sequence[str]) -> int:
    if not page_ids:
        return 0
    return session.execute(delete(ScanPage).where(ScanPage.id.in_(list(page_ids)))).rowcount


def iter_files(session: Session, batch: int = 5000) -> Iterator[tuple[str, str, str, int]]:
    """(page id, sha256, ext, size) of every row, streamed."""
    result = session.execute(select(ScanPage.id, ScanPage.sha256, ScanPage.ext, ScanPage.size)
                             .execution_options(yield_per=batch))
    for r in result:
        yield r.id, r.sha256, r.ext, r.size


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(ScanPage)).scalar_one()


def counts_by_dossier(session: Session, dossier_ids: Sequence[str]) -> dict[str, int]:
    if not dossier_ids:
        return {}
    rows = session.execute(select(ScanPage.dossier_id, func.count()).where(
        ScanPage.dossier_id.in_(list(dossier_ids)), ScanPage.deleted_at.is_(None)).group_by(ScanPage.dossier_id))
    return dict(rows.tuples().all())


def dossier_status(session: Session, dossier_id: str) -> tuple[str, int] | None:
    r = session.execute(select(DossierRow.status, DossierRow.num).where(DossierRow.id == dossier_id)).first()
    return (r.status, r.num) if r else None


def mark_scanned(session: Session, dossier_id: str, user: str, *, before: str, after: str) -> bool:
    """Move a dossier's workflow status (a synced change: revision and change counter move too)."""
    change_no = next_counter(session, "change")
    done = session.execute(update(DossierRow).where(DossierRow.id == dossier_id, DossierRow.status == before)
                           .values(status=after, change_no=change_no, revision=DossierRow.revision + 1,
                                   updated_at=utcnow(), updated_by=user)).rowcount
    return bool(done)


def cover_rows(session: Session, *, dossier_ids: Sequence[str] | None = None, village: str | None = None,
               unscanned: bool = False) -> list[dict]:
    """What a cover sheet prints, in dossier number order."""
    stmt = select(DossierRow.id, DossierRow.num, DossierRow.serial, DossierRow.holders_display,
                  DossierRow.village, DossierRow.commune_code).order_by(DossierRow.num)
    if dossier_ids is not None:
        stmt = stmt.where(DossierRow.id.in_(list(dossier_ids)))
    if village is not None:
        stmt = stmt.where(DossierRow.village == village)
    if unscanned:
        has_pages = select(ScanPage.dossier_id).where(ScanPage.dossier_id.is_not(None),
                                                      ScanPage.deleted_at.is_(None))
        stmt = stmt.where(DossierRow.id.not_in(has_pages))
    return [dict(r) for r in session.execute(stmt).mappings()]


def dossier_serial(session: Session, dossier_id: str) -> tuple[int, str] | None:
    r = session.execute(select(DossierRow.num, DossierRow.serial).where(DossierRow.id == dossier_id)).first()
    return (r.num, r.serial) if r else None


def scanned_dossier_ids(session: Session) -> list[str]:
    return list(session.execute(select(ScanPage.dossier_id).where(
        ScanPage.dossier_id.is_not(None), ScanPage.deleted_at.is_(None)).distinct()).scalars())


def bump_dossiers(session: Session, dossier_ids, user: str) -> None:
    """A dossier is the unit of change: page edits move its revision and change counter, so the
    next sync package carries its pages."""
    ids = sorted({d for d in dossier_ids if d})
    if not ids:
        return
    change_no = next_counter(session, "change")
    session.execute(update(DossierRow).where(DossierRow.id.in_(ids)).values(
        change_no=change_no, revision=DossierRow.revision + 1, updated_at=utcnow(), updated_by=user))
