"""A photo (from the phone page) or a page (from a network scanner) into the same intake as a file.

Photos are checked before anything is decoded in full (a picture format a phone makes, a size from
the header under the intake's pixel limit), turned upright by their EXIF orientation, cropped to the
page and straightened when the page's edges are visible (media.pagecrop), then handed to
services.scans.add_files like any file: duplicates are refused, the quality gate runs, the change is
announced as for any other page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from landdesk.domain.fileio import atomic_output
from landdesk.media import intake, pagecrop, quality
from landdesk.services import scans
from landdesk.services.capture.phone import Received
from landdesk.services.users import require
from landdesk.storage.commune import scans as q
from landdesk.storage.uow import UnitOfWork

PHOTO_FORMATS = {"JPEG", "PNG", "HEIF", "WEBP", "MPO"}  # what phone cameras and galleries give
CROP_JPEG_QUALITY = 90
A4_SHORT_INCHES = 210 / 25.4


@dataclass(frozen=True)
class PhotoResult:
    report: scans.IntakeReport
    cropped: bool


def safe_name(name: str, default: str = "anh.jpg") -> str:
    """The last part of a file name a phone sent, without anything that could be a path or a control."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return base[:80] or default


def _refuse(vi: str, en: str) -> intake.IntakeError:
    return intake.IntakeError(vi, en)


def open_photo(path: Path, name: str) -> Image.Image:
    """The photo decoded and upright; IntakeError for anything that is not a sane picture."""
    try:
        im = Image.open(path)
    except UnidentifiedImageError as exc:
        raise _refuse(f"{name}: không phải ảnh chụp.", f"{name}: not a photo.") from exc
    except Image.DecompressionBombError as exc:
        raise _refuse(f"{name}: ảnh quá lớn; không nhận để bảo vệ bộ nhớ.",
                      f"{name}: the image is too large; refused to protect memory.") from exc
    except OSError as exc:
        raise _refuse(f"{name}: tệp ảnh bị hỏng.", f"{name}: the image file is damaged.") from exc
    if (im.format or "").upper() not in PHOTO_FORMATS:
        im.close()
        raise _refuse(f"{name}: chỉ nhận ảnh chụp (JPEG, PNG, HEIC, WebP).",
                      f"{name}: only photos are taken (JPEG, PNG, HEIC, WebP).")
    w, h = im.size
    if w <= 0 or h <= 0 or w * h > intake.MAX_PIXELS:
        im.close()
        raise _refuse(f"{name}: ảnh quá lớn ({w}×{h} điểm ảnh); không nhận để bảo vệ bộ nhớ.",
                      f"{name}: the image is too large ({w}×{h} pixels); refused to protect memory.")
    try:
        im.load()
        return ImageOps.exif_transpose(im)
    except Image.DecompressionBombError as exc:
        raise _refuse(f"{name}: ảnh quá lớn; không nhận để bảo vệ bộ nhớ.",
                      f"{name}: the image is too large; refused to protect memory.") from exc
    except intake._DECODE_ERRORS as exc:
        raise _refuse(f"{name}: tệp ảnh bị hỏng hoặc không đầy đủ.",
                      f"{name}: the image file is damaged or incomplete.") from exc


def straightened_file(photo: Image.Image, folder: Path, stem: str) -> Path | None:
    """The page cut out of the photo as a JPEG in `folder` (its dpi as an A4 sheet), or None."""
    page = pagecrop.straighten(photo)
    if page is None:
        return None
    dpi = round(min(page.size) / A4_SHORT_INCHES)
    out = folder / f"{stem}.jpg"
    with atomic_output(out, sync_folder=False) as tmp:
        page.convert("RGB").save(tmp, "JPEG", quality=CROP_JPEG_QUALITY, dpi=(dpi, dpi))
    return out


def work_dir(ctx: UnitOfWork) -> Path:
    """Where received photos wait for intake (inside the workspace, removed after)."""
    return work_folder(ctx.root)


def work_folder(root: Path) -> Path:
    folder = Path(root) / "cache" / "capture"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_photo(ctx: UnitOfWork, path: Path, name: str, dossier_id: str | None, kind: str, *,
              crop: bool = True) -> PhotoResult:
    """Store one received photo as a page; refusals come back in the report, nothing half-stored."""
    name = safe_name(name)
    try:
        photo = open_photo(path, name)
    except intake.IntakeError as exc:
        rep = scans.IntakeReport()
        rep.refused.append(scans.Refusal(name, 0, exc.vi, exc.en))
        rep.files_failed.append(name)
        return PhotoResult(rep, False)
    page = None
    folder = work_dir(ctx)
    try:
        if crop:
            page = straightened_file(photo, folder, Path(f"dien-thoai-{Path(name).stem}").stem[:90])
        photo.close()
        source = page or _named_copy(path, folder, f"dien-thoai-{name}")
        rep = scans.add_files(ctx, [source], dossier_id, kind)
    finally:
        for leftover in (page, folder / f"dien-thoai-{name}"):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
    return PhotoResult(rep, page is not None)


def _named_copy(path: Path, folder: Path, name: str) -> Path:
    """The photo under the name the page keeps as its source (a hard link where the drive allows)."""
    dest = folder / name
    dest.unlink(missing_ok=True)
    try:
        os.link(path, dest)
    except OSError:
        import shutil

        shutil.copyfile(path, dest)
    return dest


def check_kind(kind: str) -> str:
    """The stored code of a document kind ("gcn", "GT", "Giấy chứng nhận" ...); LandDeskError if none."""
    return scans._kind(kind)


def target(ctx: UnitOfWork, dossier: str | None) -> tuple[str | None, str, str]:
    """(dossier id or None for the unassigned tray, what the phone page says, the same in English)."""
    require(ctx, "edit")
    if not dossier:
        return None, "Vào khay chưa gán hồ sơ", "Into the unassigned tray"
    did = scans._dossier(ctx, dossier)
    num = q.dossier_status(ctx.session, did)[1]
    serial = (q.dossier_serial(ctx.session, did) or (num, ""))[1]
    extra = f" — GCN {serial}" if serial else ""
    return did, f"Hồ sơ số {num}{extra}", f"Dossier {num}{extra}"


def received(res: PhotoResult) -> Received:
    """One line for the phone and the PC: where the page went, or why it was refused."""
    rep = res.report
    if not rep.added:
        r = rep.refused[0] if rep.refused else None
        return Received(False, r.message_vi if r else "Không lưu được ảnh.", r.message_en if r else "Not stored.")
    a = rep.added[0]
    kind = short_kind(a.kind)
    where_vi = f"hồ sơ số {a.dossier_num}" if a.dossier_id else "khay chưa gán"
    where_en = f"dossier {a.dossier_num}" if a.dossier_id else "the unassigned tray"
    vi, en = f"Đã nhận: {where_vi}, {kind} trang {a.position}", f"Received: {where_en}, {kind} page {a.position}"
    if res.cropped:
        vi, en = vi + " (đã cắt theo mép giấy)", en + " (cropped to the page)"
    if a.problems:
        vi += " ⚠ " + ", ".join(quality.label(c, "vi") for c in a.problems)
        en += " ⚠ " + ", ".join(quality.label(c, "en") for c in a.problems)
    return Received(True, vi, en, tuple(p.page_id for p in rep.added), res.cropped)


def short_kind(kind: str) -> str:
    return {"gcn": "GCN", "gt": "GT", "tbxn": "TBXN", "ddk": "ĐĐK"}.get(kind, "Khác")
