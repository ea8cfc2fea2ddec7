"""Scan intake: files (JPEG, PNG, TIFF, PDF, phone photos) become stored pages of a dossier, batches
split at cover sheets, and the quality gate that moves a dossier to 'scanned'.

Order of writes (what makes a crash harmless): each page file is listed in its transaction's journal
and written into the content-addressed store (temp name, fsync, rename) before its row is inserted in
that transaction. The front ends commit each file on its own (`intake_files`): a kill loses at most
the file being added, and the next start removes its page files (scan_store.recover_intake). Never a
row without its file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.changes import Change
from landdesk.domain.codes import DocKind, WorkflowStatus
from landdesk.domain.errors import Cancelled, LandDeskError, NotFound
from landdesk.domain.fileio import DiskFullError
from landdesk.domain.ids import new_id
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import intake, phash, quality, thumbnails
from landdesk.media.store import Pending, sha256_bytes
from landdesk.services import scan_store
from landdesk.services.scan_store import store, thumbs_dir
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import scans as q
from landdesk.storage.commune.scans import PageInfo
from landdesk.storage.uow import UnitOfWork

BLOCKING_SETTING = "scans.blocking_problems"  # JSON list of quality codes that keep a dossier from 'scanned'
PREFETCH_MAX_BYTES = 20 * 1024**2  # files prepared ahead on the second core are at most this big
PREFETCH_MAX_HELD = 64 * 1024**2  # and their prepared pages hold at most this much


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
    not_stored: list[str] = field(default_factory=list)  # files not reached: the batch stopped first
    stopped: LandDeskError | None = None  # why it stopped (a full drive)
    cancelled: bool = False
    changes: frozenset[Change] = frozenset()  # what the batch touched (intake_files: the GUI broadcasts it)

    @property
    def ok(self) -> bool:
        return not self.refused and self.stopped is None and not self.cancelled

    def stop_message(self, lang: str) -> str:
        """Why the batch stopped early and which files were not stored ("" if it did not)."""
        if self.stopped is None and not self.cancelled:
            return ""
        names = ", ".join(self.not_stored[:10]) + (" …" if len(self.not_stored) > 10 else "")
        n = len(self.not_stored)
        if self.stopped is not None and not self.added:
            return self.stopped.message(lang)  # nothing stored: the drive-full message says so
        if lang == "vi":
            why = "Ổ đĩa đã đầy; đã dừng." if self.stopped is not None else "Đã hủy."
            return (f"{why} Các trang đã báo ở trên đã được lưu; chưa lưu {n} tệp: {names}. "
                    "Hãy thêm lại các tệp này" + (" sau khi giải phóng chỗ trống." if self.stopped else "."))
        why = "The drive is full; stopped." if self.stopped is not None else "Cancelled."
        return (f"{why} The pages listed above are stored; {n} file(s) not stored: {names}. "
                "Add these files again" + (" after freeing some space." if self.stopped else "."))

    def merge(self, other: IntakeReport) -> None:
        self.added += other.added
        self.refused += other.refused
        self.files_ok += other.files_ok
        self.files_failed += other.files_failed
        self.covers += other.covers
        self.scanned += other.scanned


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
    ctx.touch(Change.SETTINGS)


# ---- intake ----------------------------------------------------------------------------------


def _prepare(ctx: UnitOfWork, dossier_id: str | None, kind: str | DocKind) -> tuple[str | None, str]:
    require(ctx, "edit")
    return (_dossier(ctx, dossier_id) if dossier_id else None), _kind(kind)


def add_files(ctx: UnitOfWork, paths: Sequence[Path | str], dossier_id: str | None = None,
              kind: str | DocKind = DocKind.GCN, *, covers: bool = False, progress: Progress = no_progress,
              cancel: CancelToken = NEVER_CANCEL) -> IntakeReport:
    """Store the pages of each file and attach them to a dossier (or the unassigned tray), all in the
    caller's one transaction — for work that adds pages among other things. The front ends use
    `intake_files`, which commits each file on its own.

    covers=True: a page carrying a LandDesk cover-sheet QR code is not stored; the pages after it go
    to that dossier (batches from the document feeder). Each file is all or nothing: a damaged page
    undoes the pages of its file stored so far. Exact duplicates are refused per page.
    """
    target, kind = _prepare(ctx, dossier_id, kind)
    report = IntakeReport()
    paths = [Path(p) for p in paths]
    with _Prefetch(paths, covers) as prefetch:
        for n, path in enumerate(paths):
            cancel.check()
            progress(n, len(paths), path.name)
            part, target, kind = _add_file(ctx, path, prefetch.pages(n), target, kind, cancel)
            report.merge(part)
    progress(len(paths), len(paths), "")
    return report


def intake_files(ws, paths: Sequence[Path | str], dossier_id: str | None = None,
                 kind: str | DocKind = DocKind.GCN, *, covers: bool = False, progress: Progress = no_progress,
                 cancel: CancelToken = NEVER_CANCEL) -> IntakeReport:
    """`add_files` with one transaction per file (`ws`: anything with `read` and `transact_changes`).

    Each file's pages are stored and recorded on their own: a kill loses at most the file being
    added (its page files are removed at the next start), never the files committed before it.
    Cancel and a full drive stop the batch and are reported, not raised (`cancelled`, `stopped`,
    `not_stored`): what was stored before them stays. `changes` says what the GUI should refresh.
    """
    paths = [Path(p) for p in paths]
    target, kind = ws.read(lambda ctx: _prepare(ctx, dossier_id, kind))
    report = IntakeReport()
    changes: set[str] = set()
    with _Prefetch(paths, covers) as prefetch:
        for n, path in enumerate(paths):
            progress(n, len(paths), path.name)
            try:
                cancel.check()
                out = ws.transact_changes(lambda ctx, n=n, path=path, target=target, kind=kind: _add_file(
                    ctx, path, prefetch.pages(n), target, kind, cancel))
            except Cancelled:
                report.cancelled = True
            except DiskFullError as exc:
                report.stopped = exc
            if report.cancelled or report.stopped is not None:
                report.not_stored = [p.name for p in paths[n:]]
                break
            part, target, kind = out.output
            report.merge(part)
            changes |= out.changes
    progress(len(paths), len(paths), "")
    report.changes = frozenset(changes)
    return report


class _Prefetch:
    """Prepare the next small files on a second core while this thread stores the current one.

    Pillow releases the GIL while decoding and resizing, so two threads really use two cores. Only
    files under PREFETCH_MAX_BYTES are prepared ahead, and only while their prepared pages stay under
    PREFETCH_MAX_HELD (a small file can hold many pages that re-encode large); other files are read
    page by page when their turn comes, so memory stays bounded.
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

    def _read(self, path: Path) -> list[intake.PreparedPage] | None:
        """The file's prepared pages, or None when they would hold too much memory (read later)."""
        out, held = [], 0
        for page in intake.read_pages(path, covers=self.covers):
            held += len(page.data) + len(page.thumbnail)
            if held > PREFETCH_MAX_HELD:
                return None
            out.append(page)
        return out

    def _submit(self, i: int) -> None:
        if i < len(self.paths) and i not in self.futures and self._small(i):
            self.futures[i] = self.pool.submit(self._read, self.paths[i])

    def pages(self, i: int) -> Callable[[], Iterable[intake.PreparedPage]]:
        for j in range(i, i + self.AHEAD + 1):
            self._submit(j)
        fut = self.futures.pop(i, None)
        stream = lambda: intake.read_pages(self.paths[i], covers=self.covers)  # noqa: E731
        if fut is None:
            return stream
        return lambda: fut.result() or stream()  # (an IntakeError raised ahead is raised here)


def _add_file(ctx: UnitOfWork, path: Path, pages: Callable[[], Iterable[intake.PreparedPage]],
              target: str | None, kind: str, cancel: CancelToken) -> tuple[IntakeReport, str | None, str]:
    """One file's pages in ctx's transaction, with the dossiers' audit and status; returns what it
    added and where the next file's pages go (a cover sheet moves that)."""
    part = IntakeReport()
    journal = scan_store.pending(ctx)
    try:
        with ctx.session.begin_nested():
            after = _store_pages(ctx, path, pages, target, kind, part, journal, cancel)
    except intake.IntakeError as exc:
        journal.rolled_back()  # the file's pages went with the savepoint; their files go now
        part.added.clear()
        part.files_failed.append(path.name)
        part.refused.append(Refusal(path.name, 0, exc.vi, exc.en))
        return part, target, kind
    part.files_ok.append(path.name)
    counts: dict[tuple[str | None, str], int] = {}
    for a in part.added:
        counts[(a.dossier_id, a.kind)] = counts.get((a.dossier_id, a.kind), 0) + 1
    for (did, k), n in counts.items():
        audit.append(ctx.session, user=ctx.actor.username, action="scan_add", entity="dossier" if did else "scans",
                     entity_id=did or "", changes=[{"field": f"pages.{k}", "old": None, "new": n}])
    touched = {a.dossier_id for a in part.added if a.dossier_id}
    part.scanned = [did for did in sorted(touched) if _maybe_scanned(ctx, did)]
    q.bump_dossiers(ctx.session, touched - set(part.scanned), ctx.actor.username)
    if part.added:
        ctx.touch(Change.SCANS)
    if touched:
        ctx.touch(Change.DOSSIERS)
    return part, *after


def _store_pages(ctx: UnitOfWork, path: Path, pages: Callable[[], Iterable[intake.PreparedPage]],
                 target: str | None, kind: str, part: IntakeReport, journal: Pending,
                 cancel: CancelToken) -> tuple[str | None, str]:
    for page in pages():
        cancel.check()
        if page.cover is None:
            _add_page(ctx, path, page, target, kind, part, journal)
            continue
        part.covers += 1
        cover_id, cover_kind = page.cover
        if q.dossier_status(ctx.session, cover_id) is None:
            part.refused.append(Refusal(
                path.name, page.source_page,
                "Tờ bìa của một hồ sơ không có trong không gian làm việc này; các trang sau nó vào khay "
                "chưa gán hồ sơ.",
                "A cover sheet of a dossier not in this workspace; the pages after it go to the "
                "unassigned tray."))
            target = None
        else:
            target, kind = cover_id, _kind(cover_kind)
    return target, kind


def _add_page(ctx: UnitOfWork, path: Path, page: intake.PreparedPage, target: str | None, kind: str,
              part: IntakeReport, journal: Pending) -> None:
    digest = sha256_bytes(page.data)
    existing = q.by_sha(ctx.session, digest)
    if existing is not None:
        part.refused.append(Refusal(
            path.name, page.source_page,
            f"Trang {page.source_page} đã có trong {where(existing, 'vi')}; không lưu lại lần nữa.",
            f"Page {page.source_page} is already stored in {where(existing, 'en')}; not stored again.",
            duplicate_of=existing.id))
        return
    sha = store(ctx).put_bytes(page.data, page.ext, digest, pending=journal)
    thumbnails.write_thumbnail(thumbs_dir(ctx), sha.sha256, page.thumbnail, tmp=journal.part(sha.sha256, "thumb"))
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
    part.added.append(AddedPage(page_id, target, num, kind, position, page.problems, near))


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
