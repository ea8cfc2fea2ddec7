"""Scanned pages: reading, the viewer's edits, export to PDF and cover sheets — and the one name the
front ends use for the whole feature: intake and the quality gate (scan_intake) and the store beside
the database (scan_store) are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.changes import Change
from landdesk.domain.codes import DocKind, Severity
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.fileio import atomic_write
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import coversheet, quality, thumbnails
from landdesk.services import checks
from landdesk.services.scan_intake import (  # noqa: F401  (re-exported: intake and the gate live there)
    BLOCKING_SETTING,
    AddedPage,
    IntakeReport,
    Refusal,
    _dossier,
    _kind,
    _maybe_scanned,
    add_files,
    blocking_problems,
    gcn_ready,
    intake_files,
    set_blocking_problems,
    where,
)
from landdesk.services.scan_store import (  # noqa: F401  (re-exported: the store check lives there)
    ORPHAN_GRACE_SECONDS,
    StoreReport,
    check_store,
    store,
    thumbs_dir,
)
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.commune import scans as q
from landdesk.storage.commune.scans import PageInfo
from landdesk.storage.uow import UnitOfWork


def page_path(ctx: UnitOfWork, page: PageInfo) -> Path:
    return store(ctx).path_for(page.sha256, page.ext)


# ---- reading ---------------------------------------------------------------------------------


def list_pages(ctx: UnitOfWork, dossier_id: str) -> list[PageInfo]:
    require(ctx, "read")
    return q.pages(ctx.session, _dossier(ctx, dossier_id))


def unassigned_pages(ctx: UnitOfWork) -> list[PageInfo]:
    require(ctx, "read")
    return q.unassigned(ctx.session)


def recycled_pages(ctx: UnitOfWork) -> list[PageInfo]:
    require(ctx, "read")
    return q.recycled(ctx.session)


def problem_pages(ctx: UnitOfWork, limit: int = 2000) -> list[PageInfo]:
    require(ctx, "read")
    return q.with_problems(ctx.session, limit)


def get_page(ctx: UnitOfWork, page_id: str) -> PageInfo:
    require(ctx, "read")
    page = q.get(ctx.session, page_id)
    if page is None:
        raise NotFound(f"Không tìm thấy trang {page_id}.", f"Page {page_id} not found.")
    return page


@dataclass(frozen=True)
class PageView:
    """What the viewer needs to show a page (plain data for the GUI thread)."""

    page: PageInfo
    file: Path
    thumbnail: Path
    exists: bool


def page_views(ctx: UnitOfWork, pages: Sequence[PageInfo]) -> list[PageView]:
    """Files and cached thumbnails of pages; a thumbnail missing from the cache is made again."""
    out = []
    for p in pages:
        f = page_path(ctx, p)
        thumb = thumbnails.thumb_path(thumbs_dir(ctx), p.sha256)
        exists = f.is_file()
        if exists and not thumb.is_file():
            try:
                thumbnails.thumbnail(thumbs_dir(ctx), p.sha256, f, 0)
            except (OSError, ValueError):
                exists = False
        out.append(PageView(p, f, thumb, exists))
    return out


def dossier_page_views(ctx: UnitOfWork, dossier_id: str) -> list[PageView]:
    return page_views(ctx, list_pages(ctx, dossier_id))


# ---- the viewer's edits ----------------------------------------------------------------------


def _edit(ctx: UnitOfWork, page: PageInfo, action: str, changes: list[dict], *also: str | None) -> None:
    audit.append(ctx.session, user=ctx.actor.username, action=action, entity="scan_page", entity_id=page.id,
                 changes=changes)
    q.bump_dossiers(ctx.session, [page.dossier_id, *also], ctx.actor.username)
    ctx.touch(Change.SCANS, Change.DOSSIERS)


def rotate_page(ctx: UnitOfWork, page_id: str, degrees: int) -> PageInfo:
    """Turn a page clockwise by a multiple of 90° (stored as a setting; the file is not changed)."""
    require(ctx, "edit")
    if degrees % 90:
        raise LandDeskError("Chỉ xoay được theo bội số của 90°.", "Pages turn by multiples of 90° only.")
    page = get_page(ctx, page_id)
    new = (page.rotation + degrees) % 360
    q.update_page(ctx.session, page.id, rotation=new)
    _edit(ctx, page, "scan_rotate", [{"field": "rotation", "old": page.rotation, "new": new}])
    return q.get(ctx.session, page.id)


def reorder_pages(ctx: UnitOfWork, page_ids: Sequence[str]) -> None:
    """Set the order of one document's pages to the given order."""
    require(ctx, "edit")
    pages = [get_page(ctx, pid) for pid in page_ids]
    if len({(p.dossier_id, p.kind) for p in pages}) > 1:
        raise LandDeskError("Chỉ sắp xếp được các trang của cùng một giấy tờ.",
                            "Only pages of one document can be put in order together.")
    q.set_order(ctx.session, [p.id for p in pages])
    if pages:
        _edit(ctx, pages[0], "scan_reorder", [{"field": "order", "old": None, "new": len(pages)}])


def move_page(ctx: UnitOfWork, page_id: str, dossier_id: str | None, kind: str | DocKind | None = None,
              position: int | None = None) -> PageInfo:
    """Move a page to another document (kind) and/or dossier; None dossier = the unassigned tray."""
    require(ctx, "edit")
    page = get_page(ctx, page_id)
    target = _dossier(ctx, dossier_id) if dossier_id else None
    new_kind = _kind(kind) if kind else page.kind
    siblings = [p.id for p in (q.pages(ctx.session, target) if target else q.unassigned(ctx.session))
                if p.kind == new_kind and p.id != page.id]
    at = len(siblings) if position is None else max(0, min(len(siblings), position - 1))
    siblings.insert(at, page.id)
    q.update_page(ctx.session, page.id, dossier_id=target, kind=new_kind)
    q.set_order(ctx.session, siblings)
    if (page.dossier_id, page.kind) != (target, new_kind):  # close the gap it left behind
        left = q.pages(ctx.session, page.dossier_id) if page.dossier_id else q.unassigned(ctx.session)
        q.set_order(ctx.session, [p.id for p in left if p.kind == page.kind])
    _edit(ctx, page, "scan_move", [{"field": "dossier", "old": page.dossier_id, "new": target},
                                   {"field": "kind", "old": page.kind, "new": new_kind}], target)
    if target and _maybe_scanned(ctx, target):
        ctx.touch(Change.DOSSIERS)
    return q.get(ctx.session, page.id)


def delete_page(ctx: UnitOfWork, page_id: str) -> None:
    """To the recycle tray (the file stays; restore_page brings the page back)."""
    require(ctx, "edit")
    page = get_page(ctx, page_id)
    q.update_page(ctx.session, page.id, deleted_at=utcnow(), deleted_by=ctx.actor.username)
    _edit(ctx, page, "scan_delete", [{"field": "deleted", "old": False, "new": True}])


def restore_page(ctx: UnitOfWork, page_id: str) -> PageInfo:
    require(ctx, "edit")
    page = get_page(ctx, page_id)
    q.update_page(ctx.session, page.id, deleted_at=None, deleted_by="",
                  position=q.next_position(ctx.session, page.dossier_id, page.kind))
    _edit(ctx, page, "scan_restore", [{"field": "deleted", "old": True, "new": False}])
    return q.get(ctx.session, page.id)


# ---- export and cover sheets -----------------------------------------------------------------

def export_dossier(ctx: UnitOfWork, dossier_id: str, out_dir: Path) -> list:
    """{serial}-GCN.pdf, {serial}-GT.pdf, ... for one dossier (named by services.exporting.scan_pdfs)."""
    from landdesk.services.exporting import scan_pdfs

    return scan_pdfs.export_scans(ctx, out_dir, [_dossier(ctx, dossier_id)])


def export_all(ctx: UnitOfWork, out_dir: Path, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCEL) -> list:
    from landdesk.services.exporting import scan_pdfs

    return scan_pdfs.export_scans(ctx, out_dir, progress=progress, cancel=cancel)


def cover_sheets(ctx: UnitOfWork, out: Path, *, dossier_ids: Sequence[str] | None = None,
                 village: str | None = None, unscanned: bool = False) -> tuple[int, int]:
    """Write a PDF with one cover sheet per dossier; returns (sheets, bytes)."""
    require(ctx, "read")
    ids = [_dossier(ctx, d) for d in dossier_ids] if dossier_ids is not None else None
    rows = q.cover_rows(ctx.session, dossier_ids=ids, village=village, unscanned=unscanned)
    if not rows:
        raise LandDeskError("Không có hồ sơ nào để in tờ bìa.", "No dossiers to print cover sheets for.")
    from landdesk.domain import reference

    def info(r: dict) -> coversheet.CoverInfo:
        unit = reference.commune(r["commune_code"]) if r["commune_code"] else None
        return coversheet.CoverInfo(r["id"], r["num"], r["serial"], r["holders_display"], r["village"],
                                    unit.name if unit else r["commune_code"])

    data = coversheet.cover_sheets_pdf(info(r) for r in rows)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)  # a PDF open in a viewer: retried, then named (FileLockedError)
    return len(rows), len(data)


# ---- workspace check (landdesk check, review queue) --------------------------------------------


def quality_findings(ctx: UnitOfWork) -> list[checks.Finding]:
    blocking = set(blocking_problems(ctx))
    out = []
    for p in q.with_problems(ctx.session):
        if p.dossier_id is None:
            continue
        sev = Severity.ERROR if blocking & set(p.problems) else Severity.WARNING
        vi = ", ".join(quality.label(c, "vi") for c in p.problems)
        en = ", ".join(quality.label(c, "en") for c in p.problems)
        kind = DocKind(p.kind) if p.kind in {k.value for k in DocKind} else DocKind.OTHER
        out.append(checks.Finding("scan_quality", sev, p.dossier_id, p.dossier_num or 0,
                                  f"Bản quét {kind.label_vi} trang {p.position}: {vi}.",
                                  f"Scan {kind.label_en} page {p.position}: {en}.", path=f"scans/{p.id}"))
    return out


if quality_findings not in checks.WORKSPACE_CHECKS:
    checks.WORKSPACE_CHECKS.append(quality_findings)

