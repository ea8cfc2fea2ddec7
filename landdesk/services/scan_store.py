"""The scan store beside the database: its journal of files being written, the recovery at the next
start, and the check that finds rows without files and files without rows.

Order of writes (what makes a crash harmless): a page file is listed in its transaction's journal,
written into the content-addressed store (temp name, fsync, rename), then its row is inserted in that
transaction. After the commit the journal goes; after a rollback the files go too. A kill leaves the
journal: `recover_intake` (run by every workspace start) removes the files it lists that have no
row. Never a row without its file; an orphan only until the next start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.changes import Change
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media.store import MediaStore, Pending, sha256_file
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.commune import scans as q
from landdesk.storage.uow import UnitOfWork

ORPHAN_GRACE_SECONDS = 600  # a file without a row and no live journal may be a writer's of another version


def store(ctx: UnitOfWork) -> MediaStore:
    return MediaStore(ctx.media_dir)


def thumbs_dir(ctx: UnitOfWork) -> Path:
    return ctx.root / "cache" / "thumbs"


def pending(ctx: UnitOfWork) -> Pending:
    """A journal for the files this transaction puts into the store: removed with the commit; on a
    rollback the files go with it; after a kill the next start removes them."""
    p = store(ctx).pending()
    ctx.on_outcome(p.committed, p.rolled_back)
    return p


def recover_intake(ws) -> int:
    """At every workspace start: undo the file writes of transactions that were killed (`ws`: anything
    with `root` and `read`). Cheap when nothing was interrupted: one listing of media/.tmp."""
    root = Path(ws.root)
    removed = MediaStore(root / "media").recover(
        lambda shas: ws.read(lambda ctx: q.existing_shas(ctx.session, shas)))
    for sha, _ext in removed:
        (root / "cache" / "thumbs" / sha[:2] / f"{sha}.jpg").unlink(missing_ok=True)
    return len(removed)


@dataclass
class StoreReport:
    rows: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)  # page ids whose file is gone
    wrong_hash: list[str] = field(default_factory=list)  # page ids whose file does not match its name
    orphan_files: list[str] = field(default_factory=list)  # files (relative paths) without a row
    stray: list[str] = field(default_factory=list)  # temporary leftovers
    in_progress: int = 0  # files an open transaction (another process) is writing right now
    cleaned_files: int = 0
    cleaned_rows: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.wrong_hash or self.orphan_files or self.stray)

    def as_json(self) -> dict:
        return {"rows": self.rows, "files": self.files, "missing": self.missing, "wrong_hash": self.wrong_hash,
                "orphan_files": self.orphan_files, "stray": self.stray, "in_progress": self.in_progress,
                "cleaned_files": self.cleaned_files, "cleaned_rows": self.cleaned_rows, "ok": self.ok}


def check_store(ctx: UnitOfWork, *, verify_hashes: bool = True, clean: bool = False,
                grace_seconds: float = ORPHAN_GRACE_SECONDS, progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCEL) -> StoreReport:
    """Rows without files, files with the wrong content, files without rows (orphans) and leftovers.

    Files listed in the journal of a live writer are being added right now: counted, not orphans.
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
    live, live_tokens = st.live()
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
        elif key in live:
            rep.in_progress += 1
        else:
            rep.orphan_files.append(str(path.relative_to(st.root)))
            if clean and now - path.stat().st_mtime >= grace_seconds:
                path.unlink(missing_ok=True)
                rep.cleaned_files += 1
    rep.missing = sorted(pid for key, pid in rows.items() if key not in seen)
    for path in st.stray_files(live_tokens):
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
        ctx.touch(Change.SCANS)
    return rep
