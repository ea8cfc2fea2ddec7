"""Scanned pages: intake (files, batches split at cover sheets), the viewer's edits, the store check,
export to PDF and cover sheets.

Order of writes (what makes a crash harmless): the page file is written into the content-addressed
store first (temp name, fsync, rename), then its row is inserted in the caller's transaction, which
commits after. A crash in between leaves a file without a row (an orphan, reported and cleanable by
`check_store`), never a row without its file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.codes import DocKind, Severity, WorkflowStatus
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.fileio import atomic_write
from landdesk.domain.ids import new_id
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import coversheet, intake, phash, quality, thumbnails
from landdesk.media.store import MediaStore, sha256_bytes, sha256_file
from landdesk.services import checks
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import scans as q
from landdesk.storage.commune.scans import PageInfo
from landdesk.storage.uow import UnitOfWork

BLOCKING_SETTING = "scans.blocking_problems"  # JSON list of quality codes that keep a dossier from 'scanned'
ORPHAN_GRACE_SECONDS = 600  # a newer file without a row may belong to an intake still running
PREFETCH_MAX_BYTES = 20 * 1024**2


@dataclass(frozen=True)
class AddedPage:
    page_id: str
    dossier_id: str | None
    dossier_num: int | None
    kind: str
    position: int
    problems: tuple[str, ...]
    near: tuple[str, ...] = ()  # where near-duplicates already are ("hồ sơ 12, GCN trang 2")


@dataclass(frozen=True)
class Refusal:
    file: str
    page: int  # 0: the whole file
    message_vi: str
    message_en: str
    duplicate_of: str | None = None  # page id of the stored copy

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


@dataclass
class IntakeReport:
    added: list[AddedPage] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    files_ok: list[str] = field(default_factory=list)
    files_failed: list[str] = field(default_factory=list)
    covers: int = 0
    scanned: list[str] = field(default_factory=list)  # dossiers that became 'scanned'

    @property
    def ok(self) -> bool:
        return not self.refused


def store(ctx: UnitOfWork) -> MediaStore:
    return MediaStore(ctx.media_dir)


def thumbs_dir(ctx: UnitOfWork) -> Path:
    return ctx.root / "cache" / "thumbs"


def page_path(ctx: UnitOfWork, page: PageInfo) -> Path:
    return store(ctx).path_for(page.sha256, page.ext)


def where(page: PageInfo, lang: str = "vi") -> str:
    """A human link to a stored page: which dossier, document and page."""
    kind = DocKind(page.kind).label(lang) if page.kind in {k.value for k in DocKind} else page.kind
    if page.deleted_at is not None:
        return "thùng rác" if lang == "vi" else "the recycle tray"
    if page.dossier_id is None:
        return "khay chưa gán hồ sơ" if lang == "vi" else "the unassigned tray"
    return (f"hồ sơ số {page.dossier_num}, {kind}, trang {page.position}" if lang == "vi"
            else f"dossier {page.dossier_num}, {kind}, page {page.position}")


def _dossier(ctx: UnitOfWork, dossier_id: str) -> str:
    """The dossier's id (an officer may give its number)."""
    if q.dossier_status(ctx.session, dossier_id) is not None:
        return dossier_id
    if dossier_id.isdigit():
        found = dossier_store.find_by_num(ctx.session, int(dossier_id))
        if found:
            return found
    raise NotFound(f"Không tìm thấy hồ sơ {dossier_id}.", f"Dossier {dossier_id} not found.")


def _kind(kind: str | DocKind) -> str:
    k = kind if isinstance(kind, DocKind) else DocKind.from_label(str(kind))
    if k is None:
        raise LandDeskError(f"Loại giấy tờ không hợp lệ: {kind}", f"Unknown document kind: {kind}")
    return k.value


def blocking_problems(ctx: UnitOfWork) -> tuple[str, ...]:
    value = settings_store.get(ctx.session, BLOCKING_SETTING)
    return tuple(value) if isinstance(value, list) else quality.DEFAULT_BLOCKING


def set_blocking_problems(ctx: UnitOfWork, codes: Sequence[str]) -> None:
    require(ctx, "admin")
    bad = [c for c in codes if c not in quality.CODES]
    if bad:
        raise LandDeskError(f"Mã kiểm tra chất lượng không hợp lệ: {', '.join(bad)}",
                            f"Unknown quality check codes: {', '.join(bad)}")
    settings_store.put(ctx.session, BLOCKING_SETTING, list(codes))
    ctx.touch("settings")


# ---- intake ----------------------------------------------------------------------------------


def add_files(ctx: UnitOfWork, paths: Sequence[Path | str], dossier_id: str | None = None,
              kind: str | DocKind = DocKind.GCN, *, covers: bool = False, progress: Progress = no_progress,
              cancel: CancelToken = NEVER_CANCEL) -> IntakeReport:
    """Store the pages of each file and attach them to a dossier (or the unassigned tray).

    covers=True: a page carrying a LandDesk cover-sheet QR code is not stored; the pages after it go
    to that dossier (batches from the document feeder). Each file is all or nothing: a damaged page
    undoes the pages of its file stored so far. Exact duplicates are refused per page.
    """
    require(ctx, "edit")
    target = _dossier(ctx, dossier_id) if dossier_id else None
    kind = _kind(kind)
    report = IntakeReport()
    touched: set[str] = set()
    paths = [Path(p) for p in paths]
    with _Prefetch(paths, covers) as prefetch:
        for n, path in enumerate(paths):
            cancel.check()
            progress(n, len(paths), path.name)
            before = len(report.added)
            try:
                with ctx.session.begin_nested():
                    target, kind = _add_file(ctx, path, prefetch.pages(n), target, kind, report, cancel)
                report.files_ok.append(path.name)
                touched.update(p.dossier_id for p in report.added[before:] if p.dossier_id)
            except intake.IntakeError as exc:
                del report.added[before:]
                report.files_failed.append(path.name)
                report.refused.append(Refusal(path.name, 0, exc.vi, exc.en))
    progress(len(paths), len(paths), "")
    for did in sorted(touched):
        if _maybe_scanned(ctx, did):
            report.scanned.append(did)
    q.bump_dossiers(ctx.session, touched - set(report.scanned), ctx.actor.username)
    if report.added:
        ctx.touch("scans")
    if touched:
        ctx.touch("dossiers")
    return report


class _Prefetch:
    """Prepare the next small files on a second core while this thread stores the current one.

    Pillow releases the GIL while decoding and resizing, so two threads really use two cores. Only
    files under PREFETCH_MAX_BYTES are prepared ahead (their pages are held in memory); big PDFs and
    TIFFs are read page by page when their turn comes, so memory stays bounded.
    """

    AHEAD = 2

    def __init__(self, paths: list[Path], covers: bool):
        self.paths, self.covers = paths, covers
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="scan-intake")
        self.futures: dict[int, Future] = {}

    def __enter__(self) -> _Prefetch:
        return self

    def __exit__(self, *exc) -> None:
        for fut in self.futures.values():
            fut.cancel()
        self.pool.shutdown(wait=True)

    def _small(self, i: int) -> bool:
        try:
            return self.paths[i].stat().st_size <= PREFETCH_MAX_BYTES
        except OSError:
            return False

    def _submit(self, i: int) -> None:
        if i < len(self.paths) and i not in self.futures and self._small(i):
            self.futures[i] = self.pool.submit(lambda p=self.paths[i]: list(intake.read_pages(p, covers=self.covers)))

    def pages(self, i: int) -> Callable[[], Iterable[intake.PreparedPage]]:
        for j in range(i, i + self.AHEAD + 1):
            self._submit(j)
        fut = self.futures.pop(i, None)
        if fut is None:
            return lambda: intake.read_pages(self.paths[i], covers=self.covers)
        return fut.result


def _add_file(ctx: UnitOfWork, path: Path, pages: Callable[[], Iterable[intake.PreparedPage]],
              target: str | None, kind: str, report: IntakeReport, cancel: CancelToken) -> tuple[str | None, str]:
    st = store(ctx)
    created: list[tuple[str, str]] = []
    added: dict[str | None, int] = {}
    try:
        for page in pages():
            cancel.check()
            if page.cover is not None:
                report.covers += 1
                cover_id, cover_kind = page.cover
                if q.dossier_status(ctx.session, cover_id) is None:
                    report.refused.append(Refusal(
                        path.name, page.source_page,
                        "Tờ bìa của một hồ sơ không có trong không gian làm việc này; các trang sau nó vào khay "
                        "chưa gán hồ sơ.",
                        "A cover sheet of a dossier not in this workspace; the pages after it go to the "
                        "unassigned tray."))
                    target = None
                else:
                    target, kind = cover_id, _kind(cover_kind)
                continue
            _add_page(ctx, st, path, page, target, kind, report, created)
            added[target] = added.get(target, 0) + 1
    except BaseException:
        for sha, ext in created:  # nothing half-stored: the files of this file's pages go too
            st.remove(sha, ext)
        raise
    for did, n in added.items():
        audit.append(ctx.session, user=ctx.actor.username, action="scan_add", entity="dossier" if did else "scans",
                     entity_id=did or "", changes=[{"field": f"pages.{kind}", "old": None, "new": n}])
    return target, kind


def _add_page(ctx: UnitOfWork, st: MediaStore, path: Path, page: intake.PreparedPage, target: str | None,
              kind: str, report: IntakeReport, created: list) -> None:
    digest = sha256_bytes(page.data)
    existing = q.by_sha(ctx.session, digest)
    if existing is not None:
        report.refused.append(Refusal(
            path.name, page.source_page,
            f"Trang {page.source_page} đã có trong {where(existing, 'vi')}; không lưu lại lần nữa.",
            f"Page {page.source_page} is already stored in {where(existing, 'en')}; not stored again.",
            duplicate_of=existing.id))
        return
    sha = st.put_bytes(page.data, page.ext, digest)
    if sha.created:
        created.append((sha.sha256, sha.ext))
    thumbnails.write_thumbnail(thumbs_dir(ctx), sha.sha256, page.thumbnail)
    bands = phash.bands(page.dhash)
    near = tuple(where(p, "vi") for p in q.near(ctx.session, bands)
                 if p.sha256 != sha.sha256 and phash.distance(p.dhash, page.dhash) <= phash.NEAR_BITS)
    position = q.next_position(ctx.session, target, kind)
    page_id = new_id()
    q.insert_page(ctx.session, id=page_id, sha256=sha.sha256, ext=sha.ext, size=sha.size, width=page.width,
                  height=page.height, dpi=page.dpi, bands=bands, problems=page.problems, dossier_id=target,
                  kind=kind, position=position, rotation=page.rotation, source=path.name,
                  source_page=page.source_page, user=ctx.actor.username)
    num = q.dossier_status(ctx.session, target)[1] if target else None
    report.added.append(AddedPage(page_id, target, num, kind, position, page.problems, near))


def gcn_ready(ctx: UnitOfWork, dossier_id: str) -> bool:
    """The dossier has certificate pages and none of them has a blocking quality problem."""
    blocking = set(blocking_problems(ctx))
    gcn = [p for p in q.pages(ctx.session, dossier_id) if p.kind == DocKind.GCN.value]
    return bool(gcn) and not any(blocking & set(p.problems) for p in gcn)


def _maybe_scanned(ctx: UnitOfWork, dossier_id: str) -> bool:
    status = q.dossier_status(ctx.session, dossier_id)
    if status is None or status[0] != WorkflowStatus.COLLECTED.value or not gcn_ready(ctx, dossier_id):
        return False
    if q.mark_scanned(ctx.session, dossier_id, ctx.actor.username, before=WorkflowStatus.COLLECTED.value,
                      after=WorkflowStatus.SCANNED.value):
        audit.append(ctx.session, user=ctx.actor.username, action="status", entity="dossier", entity_id=dossier_id,
                     changes=[{"field": "status", "old": WorkflowStatus.COLLECTED.value,
                               "new": WorkflowStatus.SCANNED.value}])
        return True
    return False


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
    ctx.touch("scans", "dossiers")


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
        ctx.touch("dossiers")
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


# ---- store check -----------------------------------------------------------------------------


@dataclass
class StoreReport:
    rows: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)  # page ids whose file is gone
    wrong_hash: list[str] = field(default_factory=list)  # page ids whose file does not match its name
    orphan_files: list[str] = field(default_factory=list)  # files (relative paths) without a row
    stray: list[str] = field(default_factory=list)  # temporary leftovers
    cleaned_files: int = 0
    cleaned_rows: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.wrong_hash or self.orphan_files or self.stray)

    def as_json(self) -> dict:
        return {"rows": self.rows, "files": self.files, "missing": self.missing, "wrong_hash": self.wrong_hash,
                "orphan_files": self.orphan_files, "stray": self.stray, "cleaned_files": self.cleaned_files,
                "cleaned_rows": self.cleaned_rows, "ok": self.ok}


def check_store(ctx: UnitOfWork, *, verify_hashes: bool = True, clean: bool = False,
                grace_seconds: float = ORPHAN_GRACE_SECONDS, progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCEL) -> StoreReport:
    """Rows without files, files with the wrong content, files without rows (orphans) and leftovers.

    clean=True (needs a write transaction): orphan files and leftovers older than `grace_seconds` are
    removed, and rows whose file is missing are dropped (recorded in the audit trail).
    """
    require(ctx, "admin" if clean else "read")
    st = store(ctx)
    rep = StoreReport()
    rows: dict[tuple[str, str], str] = {}
    for page_id, sha, ext, _size in q.iter_files(ctx.session):
        rows[(sha, ext)] = page_id
    rep.rows = len(rows)
    seen: set[tuple[str, str]] = set()
    now = time.time()
    for i, (sha, ext, path) in enumerate(st.iter_files()):
        if i % 200 == 0:
            cancel.check()
            progress(i, rep.rows, "")
        rep.files += 1
        key = (sha, ext)
        if key in rows:
            seen.add(key)
            if verify_hashes and sha256_file(path) != sha:
                rep.wrong_hash.append(rows[key])
        else:
            rel = str(path.relative_to(st.root))
            rep.orphan_files.append(rel)
            if clean and now - path.stat().st_mtime >= grace_seconds:
                path.unlink(missing_ok=True)
                rep.cleaned_files += 1
    rep.missing = sorted(pid for key, pid in rows.items() if key not in seen)
    for path in st.stray_files():
        rep.stray.append(str(path.relative_to(st.root)))
        if clean and now - path.stat().st_mtime >= grace_seconds:
            path.unlink(missing_ok=True)
            rep.cleaned_files += 1
    if clean and rep.missing:
        owners = [p.dossier_id for p in (q.get(ctx.session, pid) for pid in rep.missing) if p]
        rep.cleaned_rows = q.delete_rows(ctx.session, rep.missing)
        q.bump_dossiers(ctx.session, owners, ctx.actor.username)
        audit.append(ctx.session, user=ctx.actor.username, action="scan_clean", entity="scans",
                     changes=[{"field": "rows_without_file", "old": len(rep.missing), "new": 0}])
        ctx.touch("scans")
    return rep


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

