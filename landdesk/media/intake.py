"""Turn one incoming file into prepared pages: bytes to store, facts, thumbnail, quality, cover QR.

Hostile input is refused before it costs memory: dimensions are read from the header and checked
before any decoding (Image.MAX_IMAGE_PIXELS is set to the same policy as a second fence); JPEGs are
decoded reduced (draft mode) for thumbnails and checks; PDFs and multi-page TIFFs are handled one page
at a time (`read_pages` is a generator). Every refusal is an IntakeError with a vi/en reason.

What is stored:
- a JPEG, PNG or Group 4 TIFF page: the original bytes (no re-encoding; an EXIF orientation becomes
  the page's initial rotation);
- other pages (multi-page/LZW TIFF, BMP, HEIC, PDF pages that are not one embedded JPEG): bi-level
  pages as Group 4 TIFF, others as JPEG quality 90.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from landdesk.domain.errors import LandDeskError
from landdesk.media import phash, qr, quality

try:  # HEIC photos from phones: a well-kept opener; without it HEIC files are refused clearly.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIC = False

MAX_PIXELS = 100_000_000  # A3 at 600 dpi is 70 MP; anything larger is not a page
MAX_PAGES = 2000  # in one PDF or multi-page TIFF
MAX_FILE_BYTES = 2 * 1024**3
MAX_KEPT_BYTES = 256 * 1024**2  # a single page kept as it came is never larger than this
THUMB_LONG_SIDE = 320
JPEG_QUALITY = 90
PDF_RENDER_DPI = 300
PDF_REOPEN_EVERY = 16
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow itself refuses at twice this (DecompressionBombError)

_EXIF_ROTATION = {3: 180, 6: 90, 8: 270}  # EXIF orientation → degrees clockwise
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError, IndexError,
                  TypeError, KeyError, MemoryError)


class IntakeError(LandDeskError):
    pass


@dataclass(frozen=True)
class PreparedPage:
    data: bytes
    ext: str
    width: int
    height: int
    dpi: int
    rotation: int
    dhash: int
    problems: tuple[str, ...]
    thumbnail: bytes  # JPEG, unrotated
    source_page: int
    cover: tuple[str, str] | None  # (dossier_id, kind) when the page is a cover sheet


def _err(vi: str, en: str) -> IntakeError:
    return IntakeError(vi, en)


def _refuse_size(name: str, w: int, h: int) -> None:
    if w <= 0 or h <= 0:
        raise _err(f"{name}: ảnh không có kích thước hợp lệ.", f"{name}: the image has no valid size.")
    if w * h > MAX_PIXELS:
        raise _err(f"{name}: ảnh quá lớn ({w}×{h} điểm ảnh); không nhận để bảo vệ bộ nhớ.",
                   f"{name}: the image is too large ({w}×{h} pixels); refused to protect memory.")


def _broken(name: str, exc: BaseException | None = None) -> IntakeError:
    return _err(f"{name}: tệp ảnh bị hỏng hoặc không đầy đủ.", f"{name}: the image file is damaged or incomplete.")


def _declared_dpi(im: Image.Image) -> tuple[float, float] | None:
    dpi = im.info.get("dpi")
    try:
        return (float(dpi[0]), float(dpi[1])) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None


def _exif_orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # a damaged EXIF block is no reason to refuse the page
        return 1


def _thumbnail(small: Image.Image) -> bytes:
    t = small.convert("RGB") if small.mode not in ("RGB", "L") else small.copy()
    t.thumbnail((THUMB_LONG_SIDE, THUMB_LONG_SIDE), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    t.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _reduced(im: Image.Image, full: tuple[int, int]) -> Image.Image:
    """A copy about 1/4 of the full size (enough for checks, thumbnail and a cover sheet's QR)."""
    w, h = full
    if im.mode not in ("L", "RGB"):
        im = im.convert("L" if im.mode in ("1", "I;16", "I;16B", "I;16L", "I", "F", "LA") else "RGB")
    target = (max(1, w // 4), max(1, h // 4))
    if im.size[0] <= target[0] * 1.5:
        return im
    return im.reduce(max(1, im.size[0] // target[0]))


def _finish(name: str, data: bytes, ext: str, small: Image.Image, full: tuple[int, int],
            declared: tuple[float, float] | None, rotation: int, source_page: int, covers: bool) -> PreparedPage:
    w, h = full
    dpi = quality.effective_dpi(w, h, declared)
    gray = small.convert("L")
    problems = quality.assess(gray, dpi=dpi, file_size=len(data))
    cover = qr.find_cover(gray) if covers else None
    return PreparedPage(data=data, ext=ext, width=w, height=h, dpi=dpi, rotation=rotation,
                        dhash=phash.dhash(gray), problems=problems, thumbnail=_thumbnail(small),
                        source_page=source_page, cover=cover)


def _encode(frame: Image.Image, declared) -> tuple[bytes, str]:
    """Bytes for a page that cannot be kept as it came: Group 4 TIFF if bi-level, else JPEG."""
    buf = io.BytesIO()
    dpi = declared or (300, 300)
    if frame.mode == "1":
        frame.save(buf, "TIFF", compression="group4", dpi=dpi)
        return buf.getvalue(), "tif"
    if frame.mode not in ("L", "RGB"):
        if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
            bg = Image.new("RGB", frame.size, "white")
            bg.paste(frame.convert("RGBA"), mask=frame.convert("RGBA").getchannel("A"))
            frame = bg
        elif frame.mode in ("I;16", "I;16B", "I;16L", "I"):
            frame = frame.point(lambda v: v / 256).convert("L")
        else:
            frame = frame.convert("RGB")
    frame.save(buf, "JPEG", quality=JPEG_QUALITY, dpi=dpi, optimize=False)
    return buf.getvalue(), "jpg"


def _is_heic(path: Path) -> bool:
    """An ISO media file of the HEIF family ('ftyp' box, brand heic/heix/mif1/msf1/hevc)."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis")


def _image_pages(path: Path, name: str, covers: bool) -> Iterator[PreparedPage]:
    # (No warnings.catch_warnings here: it is not thread-safe, and intake runs on two threads. Sizes
    # between Pillow's warning and error thresholds are refused by _refuse_size just the same.)
    im = None
    try:
        im = Image.open(path)
        fmt = (im.format or "").upper()
        _refuse_size(name, *im.size)
        frames = _frame_count(im, path, name)
    except IntakeError:
        im.close()
        raise
    except UnidentifiedImageError as exc:
        if not HEIC and _is_heic(path):
            raise _err(f"{name}: ảnh HEIC (iPhone) cần phần mở rộng HEIC mà bản cài này không có; hãy chuyển ảnh "
                       "sang JPEG (trên iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất).",
                       f"{name}: a HEIC photo (iPhone) needs the HEIC extension, which this installation does not "
                       "have; convert it to JPEG (iPhone: Settings → Camera → Formats → Most Compatible).") from exc
        raise _err(f"{name}: không phải tệp ảnh hay PDF mà LandDesk đọc được.",
                   f"{name}: not an image or PDF file LandDesk can read.") from exc
    except Image.DecompressionBombError as exc:
        raise _err(f"{name}: ảnh quá lớn; không nhận để bảo vệ bộ nhớ.",
                   f"{name}: the image is too large; refused to protect memory.") from exc
    except _DECODE_ERRORS as exc:
        if im is not None:
            im.close()
        raise _broken(name, exc) from exc
    with im:
        for index in range(frames):
            try:
                if index:
                    im.seek(index)
                _refuse_size(name, *im.size)
                page = _image_frame(im, path if frames == 1 else None, fmt, name, index + 1, covers)
            except IntakeError:
                raise
            except _DECODE_ERRORS as exc:
                raise _broken(name, exc) from exc
            yield page


def _frame_count(im: Image.Image, path: Path, name: str) -> int:
    """The number of pages, refused beyond MAX_PAGES without walking them all: Pillow's n_frames reads
    every page's header (a crafted TIFF of 100,000 one-pixel pages took 44 s); seeking a second
    opening of the file to the first page past the cap reads at most MAX_PAGES of them."""
    if not getattr(im, "is_animated", False):
        return 1
    with Image.open(path) as probe:  # (a seek past the end leaves Pillow's TIFF reader unable to seek back)
        try:
            probe.seek(MAX_PAGES)
        except EOFError:
            pass
        else:
            raise _err(f"{name}: quá nhiều trang (hơn {MAX_PAGES}).", f"{name}: too many pages (over {MAX_PAGES}).")
    return im.n_frames


def _image_frame(im: Image.Image, single: Path | None, fmt: str, name: str, page_no: int,
                 covers: bool) -> PreparedPage:
    """One page; `single` is the file when it holds just this page (its bytes may then be kept)."""
    full = im.size
    declared = _declared_dpi(im)
    orientation = _exif_orientation(im)
    keep = single is not None and single.stat().st_size <= MAX_KEPT_BYTES and (
        fmt in ("JPEG", "PNG") or (fmt == "TIFF" and im.info.get("compression") == "group4"))
    raw = single.read_bytes() if keep else b""
    if keep and fmt == "JPEG" and orientation in (1, *_EXIF_ROTATION):
        # Decode reduced (DCT scaling): a fraction of the time and memory of a full decode.
        im.draft("RGB" if im.mode == "RGB" else "L", (full[0] // 4, full[1] // 4))
        im.load()
        return _finish(name, raw, "jpg", _reduced(im, full), full, declared,
                       _EXIF_ROTATION.get(orientation, 0), page_no, covers)
    im.load()
    if keep and fmt != "JPEG" and orientation in (1, *_EXIF_ROTATION):
        ext = "png" if fmt == "PNG" else "tif"
        return _finish(name, raw, ext, _reduced(im, full), full, declared,
                       _EXIF_ROTATION.get(orientation, 0), page_no, covers)
    frame = ImageOps.exif_transpose(im) if orientation != 1 else im
    data, ext = _encode(frame, declared)
    small = _reduced(frame if frame.mode != "1" else frame.convert("L"), frame.size)
    return _finish(name, data, ext, small, frame.size, declared, 0, page_no, covers)


def _pdf_pages(path: Path, name: str, covers: bool) -> Iterator[PreparedPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
        count = len(pdf)
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise _err(f"{name}: tệp PDF bị hỏng hoặc có mật khẩu.",
                   f"{name}: the PDF is damaged or password-protected.") from exc
    try:
        if count == 0:
            raise _err(f"{name}: tệp PDF không có trang nào.", f"{name}: the PDF has no pages.")
        if count > MAX_PAGES:
            raise _err(f"{name}: quá nhiều trang ({count}).", f"{name}: too many pages ({count}).")
        for index in range(count):  # one page at a time
            if index and index % PDF_REOPEN_EVERY == 0:
                # pdfium keeps every stream it has loaded until the document closes; reopening
                # keeps memory flat however many pages the file has.
                pdf.close()
                pdf = pdfium.PdfDocument(str(path))
            page = pdf[index]
            try:
                yield _pdf_page(page, pdfium, pdfium_c, name, index + 1, covers)
            finally:
                page.close()
    finally:
        pdf.close()


def _pdf_page(page, pdfium, pdfium_c, name: str, page_no: int, covers: bool) -> PreparedPage:
    w_pt, h_pt = page.get_size()
    if w_pt <= 0 or h_pt <= 0 or w_pt > 14400 or h_pt > 14400:
        raise _err(f"{name}: trang {page_no} có kích thước bất thường.", f"{name}: page {page_no} has an odd size.")
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) == 1 and images[0].get_filters() == ["DCTDecode"]:
        # A scanner's PDF: one JPEG per page. Keep it as it is (its pixels give the resolution).
        buf = io.BytesIO()
        images[0].extract(buf)
        data = buf.getvalue()
        try:
            im = Image.open(io.BytesIO(data))
            _refuse_size(name, *im.size)
            full = im.size
            dpi = min(min(full) / (min(w_pt, h_pt) / 72), max(full) / (max(w_pt, h_pt) / 72))
            im.draft("RGB" if im.mode == "RGB" else "L", (full[0] // 4, full[1] // 4))
            im.load()
        except IntakeError:
            raise
        except _DECODE_ERRORS as exc:
            raise _broken(f"{name} (trang/page {page_no})", exc) from exc
        rotation = page.get_rotation() % 360
        return _finish(name, data, "jpg", _reduced(im, full), full, (dpi, dpi), rotation, page_no, covers)
    scale = PDF_RENDER_DPI / 72
    _refuse_size(name, int(w_pt * scale), int(h_pt * scale))
    bitmap = page.render(scale=scale, grayscale=False)
    frame = bitmap.to_pil().convert("RGB")
    bitmap.close()
    data, ext = _encode(frame, (PDF_RENDER_DPI, PDF_RENDER_DPI))
    return _finish(name, data, ext, _reduced(frame, frame.size), frame.size, (PDF_RENDER_DPI, PDF_RENDER_DPI),
                   0, page_no, covers)


def read_pages(path: Path | str, *, covers: bool = False) -> Iterator[PreparedPage]:
    """The pages of one file, prepared one at a time; raises IntakeError for anything unusable."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise _err(f"{name}: không đọc được tệp.", f"{name}: the file cannot be read.") from exc
    if size == 0:
        raise _err(f"{name}: tệp rỗng.", f"{name}: the file is empty.")
    if size > MAX_FILE_BYTES:
        raise _err(f"{name}: tệp quá lớn ({size // 1024**2} MB).", f"{name}: the file is too large ({size // 1024**2} MB).")
    if head.startswith(b"%PDF"):
        yield from _pdf_pages(path, name, covers)
    else:
        yield from _image_pages(path, name, covers)
