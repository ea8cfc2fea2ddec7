"""Quality gate for one page, measured on a reduced grey copy (a few hundred pixels wide).

Problem codes (stable; stored on the page row, shown on thumbnails and by `scans check`):
    low_dpi     effective resolution under 200 dpi for an A4 sheet
    blank       nothing on the page (empty side fed through the scanner)
    too_dark    the page is mostly dark (lid open, wrong exposure)
    too_light   the darkest ink is pale grey (faded scan, exposure too high)
    skewed      the text lines lean by 2° or more
    small_file  suspiciously few bytes for a page (a broken or wrongly saved scan)
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageStat

from landdesk.domain import i18n

MIN_DPI = 200
A4_INCHES = (8.27, 11.69)
SKEW_LIMIT = 2.0
SMALL_FILE = 8 * 1024

CODES = ("low_dpi", "blank", "too_dark", "too_light", "skewed", "small_file")

LABELS: dict[str, tuple[str, str]] = {
    "low_dpi": ("Độ phân giải thấp (dưới 200 dpi)", "Low resolution (under 200 dpi)"),
    "blank": ("Trang trắng", "Blank page"),
    "too_dark": ("Ảnh quá tối", "Too dark"),
    "too_light": ("Ảnh quá nhạt", "Too light"),
    "skewed": ("Trang bị lệch nhiều", "Strongly skewed"),
    "small_file": ("Tệp nhỏ bất thường", "Suspiciously small file"),
}

# What blocks the "scanned" status unless the workspace setting says otherwise.
DEFAULT_BLOCKING = ("low_dpi", "blank", "too_dark", "too_light")


def label(code: str, lang: str = "vi") -> str:
    vi, en = LABELS.get(code, (code, code))
    return i18n.pick(vi, en, lang)


def effective_dpi(width: int, height: int, declared: tuple[float, float] | None) -> int:
    """Declared scanner resolution when it looks real; else what the pixels give for an A4 sheet.

    Phones and many converters write 72 or 96 dpi whatever the pixels are, so those are ignored.
    """
    if declared:
        lo = min(declared)
        if lo >= 50 and round(lo) not in (72, 96):
            return int(round(lo))
    short, long_ = sorted((width, height))
    return int(min(short / A4_INCHES[0], long_ / A4_INCHES[1]))


@dataclass(frozen=True)
class Measures:
    mean: float
    dark_ink: float  # share of pixels clearly darker than the paper
    p001: int  # 0.1th percentile of grey level (the darkest ink)
    p50: int  # median (the paper)
    skew: float  # degrees


def _percentile(hist: list[int], total: int, q: float) -> int:
    want = total * q
    acc = 0
    for level, n in enumerate(hist):
        acc += n
        if acc >= want:
            return level
    return 255


def _skew(gray: Image.Image, paper: int) -> float:
    """Angle (±6°, to 0.5°) at which row profiles are sharpest: text lines then fall on rows.

    Coarse 2° steps first, then 0.5° steps around the best: 11 rotations of a 300-pixel-wide copy.
    """
    w = 300
    small = gray.resize((w, max(1, round(gray.height * w / gray.width))), Image.Resampling.BOX)
    # Ink white on black, so rotation fills with "no ink".
    ink = small.point(lambda v: 255 if v < paper - 60 else 0)

    def sharpness(angle: float) -> float:
        rows = ink.rotate(angle, resample=Image.Resampling.NEAREST).resize((1, ink.height), Image.Resampling.BOX)
        return ImageStat.Stat(rows).var[0]

    def best(angles) -> float:
        scored = [(sharpness(a), -abs(a), a) for a in angles]
        return max(scored)[2]

    coarse = best([-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0])
    return best([coarse + d for d in (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)])


def measure(gray: Image.Image) -> Measures:
    gray = gray.convert("L")
    hist = gray.histogram()
    total = gray.width * gray.height
    mean = sum(i * n for i, n in enumerate(hist)) / max(1, total)
    p001 = _percentile(hist, total, 0.001)
    p50 = _percentile(hist, total, 0.5)
    dark_ink = sum(hist[: max(0, p50 - 60)]) / max(1, total)
    skew = _skew(gray, p50) if dark_ink >= 0.002 and p50 > 100 else 0.0
    return Measures(mean, dark_ink, p001, p50, skew)


def assess(gray: Image.Image, *, dpi: int, file_size: int) -> tuple[str, ...]:
    m = measure(gray)
    problems: list[str] = []
    if dpi < MIN_DPI:
        problems.append("low_dpi")
    if m.mean < 80:
        problems.append("too_dark")
    elif m.p50 - m.p001 < 30:
        problems.append("blank")
    elif m.p001 > 140:
        problems.append("too_light")
    if abs(m.skew) >= SKEW_LIMIT:
        problems.append("skewed")
    if file_size < SMALL_FILE:
        problems.append("small_file")
    return tuple(problems)
