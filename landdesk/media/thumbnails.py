"""Page pictures for the viewer: cached thumbnails and a page rendered to fit a box, fast.

JPEG pages are decoded reduced (draft mode) to about the size asked for, so the first view of a
300-dpi page costs a fraction of a full decode. Rotation is applied here, never to the stored file.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from landdesk.domain.fileio import disk_full_guard
from landdesk.media.intake import MAX_PIXELS


def thumb_path(cache_dir: Path, sha256: str) -> Path:
    return Path(cache_dir) / sha256[:2] / f"{sha256}.jpg"


def write_thumbnail(cache_dir: Path, sha256: str, data: bytes, tmp: Path | None = None) -> Path:
    """Thumbnails are a cache (rebuilt when missing): written without fsync, renamed into place.

    `tmp`: the temporary name to write first (intake passes one its journal covers, so a kill
    leaves nothing the next start does not remove); a full drive raises DiskFullError."""
    path = thumb_path(cache_dir, sha256)
    tmp = tmp or path.with_suffix(".part")
    try:
        with disk_full_guard(cache_dir):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def render(path: Path, rotation: int, box: tuple[int, int]) -> Image.Image:
    """The page at `path`, rotated clockwise by `rotation`, scaled to fit `box` (never enlarged)."""
    with Image.open(path) as im:
        w, h = im.size
        if w * h > MAX_PIXELS:
            raise ValueError("page too large")
        bw, bh = (box[1], box[0]) if rotation % 180 else box
        scale = min(bw / w, bh / h, 1.0)
        target = (max(1, int(w * scale)), max(1, int(h * scale)))
        if im.format == "JPEG":
            im.draft("RGB" if im.mode == "RGB" else "L", target)
        im.load()
        page = im.convert("RGB") if im.mode not in ("RGB", "L") else im.copy()
    if page.size != target:
        page = page.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    if rotation % 360:
        page = page.rotate(-rotation, expand=True)
    return page


def thumbnail(cache_dir: Path, sha256: str, page_path: Path, rotation: int, long_side: int = 320) -> Image.Image:
    """The cached thumbnail (made from the page again if the cache lost it), rotated."""
    cached = thumb_path(cache_dir, sha256)
    try:
        with Image.open(cached) as im:
            im.load()
            t = im.copy()
    except (OSError, ValueError):
        t = render(page_path, 0, (long_side, long_side))
        buf = io.BytesIO()
        t.save(buf, "JPEG", quality=80)
        write_thumbnail(cache_dir, sha256, buf.getvalue())
    return t.rotate(-rotation, expand=True) if rotation % 360 else t
