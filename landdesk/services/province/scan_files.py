"""The scans an import puts into the province's media store, and what a killed import left there.

The store has the commune's layout (media/ab/cd/<sha256>.<ext>, landdesk.media.store). An import
lists each new scan in a journal (media/.tmp/intake-<token>.journal, locked while the import lives)
before writing it, stages it in media/.tmp (hashed, its pixel size checked), and moves the scans into
place only once all of them passed, just before its commit. After the commit the journal goes; if the
commit does not happen the scans go too. A kill leaves the journal: `recover`, run when the desk is
opened (and before each import), removes the listed scans no row names and the staged parts, and
the temporary receipt files a kill left — while holding the import lock, so never a live import's.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from landdesk.domain import filelock
from landdesk.domain import package_format as pf
from landdesk.domain.fileio import disk_full_guard, fsync_dir, replace
from landdesk.domain.package_format import PackageError
from landdesk.media.store import MediaStore, Pending
from landdesk.storage.province import receipts as receipt_store

MAX_SCAN_PIXELS = 150_000_000  # an A0 sheet at 300 dpi; an A4 page at 600 dpi is 35 million
RECEIPT_PARTS = "*-receipt.*.part"  # a receipt written (VolumeWriter) but not yet given its name


class ScanFiles:
    """The new scans of one import: staged, checked, then put into place together."""

    def __init__(self, media_dir: Path):
        self.store = MediaStore(media_dir)
        self.pending: Pending | None = None  # the journal, made with the first new scan
        self.staged: list[tuple[Path, Path]] = []  # (part, destination)

    def stage(self, pkg, vol, e: pf.Entry, sha: str, ext: str) -> None:
        """The scan's bytes in the store's temporary folder, checked; streamed when it is not
        encrypted (memory bounded whatever its size)."""
        if self.pending is None:
            self.pending = self.store.pending()
        self.pending.add(sha, ext)  # listed before written: a kill from here on is undone at the next start
        tmp = self.pending.part(sha)
        self.staged.append((tmp, self.store.path_for(sha, ext)))
        h = hashlib.sha256()
        with disk_full_guard(tmp), open(tmp, "wb") as f:
            for block in [pkg.plain_bytes(vol, e)] if e.encrypted else vol.read_entry(e):
                h.update(block)
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        if h.hexdigest() != sha:
            raise PackageError("Nội dung ảnh quét không khớp tên của nó.", "A scan's content does not match its name.")
        check_image(tmp)

    def place(self) -> None:
        """All staged scans checked: into place (undone by `rolled_back` if the commit fails)."""
        for tmp, dest in self.staged:
            with disk_full_guard(dest):
                dest.parent.mkdir(parents=True, exist_ok=True)
            replace(tmp, dest)
        for folder in {dest.parent for _tmp, dest in self.staged}:
            fsync_dir(folder)

    def committed(self) -> None:
        if self.pending is not None:
            self.pending.committed()

    def rolled_back(self) -> None:
        """The rows never came: the scans placed and the parts staged go again."""
        for tmp, _dest in self.staged:
            tmp.unlink(missing_ok=True)
        if self.pending is not None:
            self.pending.rolled_back()


def import_lock(desk):
    """One import (or store clean-up) at a time per desk, across processes."""
    return filelock.exclusive(desk.root / ".import.lock", "Việc nhập gói vào bàn làm việc tỉnh",
                              "An import into this province desk")


def recover(desk, receipts_dir: Path | None = None) -> int:
    """Remove what killed imports left (unless an import is running: it is then left for later).
    Returns the number of scans removed. Cheap when nothing was interrupted: two folder listings."""
    media, receipts = Path(desk.media_dir), Path(receipts_dir or desk.root / "receipts")
    tmp = media / ".tmp"
    if not (tmp.is_dir() and os.listdir(tmp)) and not any(receipts.glob("." + RECEIPT_PARTS)):
        return 0
    try:
        with import_lock(desk):
            return recover_locked(desk, receipts)
    except filelock.LockHeld:
        return 0


def recover_locked(desk, receipts: Path) -> int:
    """`recover` for a caller that holds the import lock."""
    removed = MediaStore(desk.media_dir).recover(
        lambda shas: desk.read(lambda ctx: receipt_store.known_scans(ctx.session, shas)))
    for part in Path(receipts).glob("." + RECEIPT_PARTS):  # no import is running: nobody is writing it
        part.unlink(missing_ok=True)
    return len(removed)


def check_image(path: Path) -> None:
    """Decompression-bomb guard: read only the image header and refuse absurd pixel counts."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                w, h = im.size
    except Image.DecompressionBombError as exc:
        raise _bomb() from exc
    except Exception:  # noqa: BLE001 - not an image Pillow knows: its bytes are hashed, nothing is decoded
        return
    if w * h > MAX_SCAN_PIXELS:
        raise _bomb()


def _bomb() -> PackageError:
    return PackageError("Gói chứa ảnh quét có kích thước điểm ảnh bất thường (bom giải nén); không nhập gì.",
                        "The package holds a scan with an absurd pixel size (decompression bomb); nothing was imported.")
