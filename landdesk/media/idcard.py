"""Chip-card (CCCD) QR codes found on a scanned page: the raw texts, read with zxing-cpp.

A copy of an ID card on an A4 page carries a QR code of about 16 mm, so at 150–200 dpi its modules
are under 2 pixels: the first pass reads the page as it is (about 20 ms at 300 dpi); when it finds no
card text, the second pass looks again at the places where zxing saw a QR symbol it could not read,
enlarged and sharpened, and a low-resolution page is read again enlarged. Texts are returned raw; the
caller checks them field by field (domain.cardcheck) before offering anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image, ImageFilter, ImageOps

from landdesk.media.intake import MAX_PIXELS

READER_VERSION = 1  # part of the cache key: a better reader reads the pages again
LOW_DPI = 250  # below this a page is also read enlarged
_QR = zxingcpp.BarcodeFormat.QRCode


@dataclass(frozen=True)
class Found:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in the page's pixels


def _looks_like_card(text: str) -> bool:
    return text.count("|") >= 4 and text[:12].isdigit()


def _read(im: Image.Image, **kw) -> list:
    try:
        return zxingcpp.read_barcodes(im, formats=_QR, **kw)
    except (ValueError, RuntimeError):
        return []


def _box(code, scale: float = 1.0, dx: int = 0, dy: int = 0) -> tuple[int, int, int, int]:
    p = code.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
    return (dx + int(min(xs) / scale), dy + int(min(ys) / scale), dx + int(max(xs) / scale) + 1,
            dy + int(max(ys) / scale) + 1)


def _collect(found: dict[str, Found], codes, scale=1.0, dx=0, dy=0) -> None:
    for c in codes:
        if c.valid and c.text and c.text not in found:
            found[c.text] = Found(c.text, _box(c, scale, dx, dy))


def read_codes(page: Image.Image, dpi: int = 300) -> list[Found]:
    """Every QR text on a page (grey or colour, any size), the second pass only when the first found
    no card-like text."""
    gray = page if page.mode == "L" else page.convert("L")
    found: dict[str, Found] = {}
    first = _read(gray, return_errors=True)
    _collect(found, first)
    if any(_looks_like_card(t) for t in found):
        return list(found.values())
    # Symbols zxing located but could not read: look again closer, enlarged and sharpened.
    for c in first:
        if c.valid:
            continue
        left, top, right, bottom = _box(c)
        pad = max(right - left, bottom - top) // 3 + 8
        region = (max(0, left - pad), max(0, top - pad), min(gray.width, right + pad), min(gray.height, bottom + pad))
        crop = gray.crop(region)
        for scale in (2, 3):
            big = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.BICUBIC)
            for im in (big, big.filter(ImageFilter.UnsharpMask(2, 120, 2)), ImageOps.autocontrast(big, cutoff=2)):
                codes = _read(im, binarizer=zxingcpp.Binarizer.LocalAverage)
                codes += [] if codes else _read(im, binarizer=zxingcpp.Binarizer.GlobalHistogram)
                _collect(found, codes, scale, region[0], region[1])
                if any(_looks_like_card(t) for t in found):
                    return list(found.values())
    if dpi < LOW_DPI:  # small modules that zxing did not even locate: the whole page, enlarged
        big = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.BICUBIC)
        _collect(found, _read(big, try_downscale=False), 2)
    return list(found.values())


def read_file(path: Path | str, dpi: int | None = None) -> list[Found]:
    """The QR texts of a stored page file (JPEG, PNG, TIFF; the first page of a multi-page file)."""
    with Image.open(path) as im:
        if im.width * im.height > MAX_PIXELS:
            return []
        im.load()
        declared = im.info.get("dpi")
        if dpi is None:
            try:
                dpi = int(round(float(declared[0]))) if declared else 300
            except (TypeError, ValueError, IndexError):
                dpi = 300
        return read_codes(im, dpi)


def read_bytes(data: bytes, dpi: int | None = None) -> list[Found]:
    return read_file(io.BytesIO(data), dpi)  # type: ignore[arg-type]
