"""The citizen's receipt (giấy biên nhận) printed when a certificate is handed in.

One A5 page per copy at 200 dpi, drawn with Pillow in the shipped DejaVu fonts (full Vietnamese),
put into a PDF with img2pdf. Its QR code carries the same payload as a scan cover sheet
(media.qr.cover_payload), so the receipt copy kept with the papers also splits the scan batch.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw

from landdesk.domain import reference
from landdesk.domain.codes import CustodyStatus
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import atomic_write
from landdesk.domain.values import format_date
from landdesk.media.fonts import font, wrap
from landdesk.media.qr import cover_payload, qr_image
from landdesk.services.dossiers import get_dossier
from landdesk.services.users import require
from landdesk.storage.uow import UnitOfWork

DPI = 200
A5 = (round(148 / 25.4 * DPI), round(210 / 25.4 * DPI))
COPIES = ("Liên 1: giao người nộp", "Liên 2: lưu tại bộ phận tiếp nhận")


@dataclass(frozen=True)
class ReceiptInfo:
    dossier_id: str
    num: int
    commune: str
    province: str
    serial: str
    holders: tuple[str, ...]
    received: tuple[str, ...]  # what was handed in
    on: date
    officer: str


def receipt_info(ctx: UnitOfWork, dossier_id: str, *, items: Sequence[str] = (), on: date | None = None) -> ReceiptInfo:
    require(ctx, "read")
    d = get_dossier(ctx, dossier_id)
    if d.custody != CustodyStatus.COLLECTED:
        raise LandDeskError(f"Hồ sơ số {d.num} chưa thu nhận bản gốc GCN ({d.custody.label_vi}); không lập biên nhận.",
                            f"Dossier {d.num}: the certificate was not handed in ({d.custody.label_en}); no receipt.")
    unit = reference.commune(d.commune_code)
    received = [f"Bản gốc Giấy chứng nhận số phát hành {d.serial or '(chưa ghi)'}"]
    received += [i.strip() for i in items if i and i.strip()]
    return ReceiptInfo(d.id, d.num, unit.name if unit else d.commune_code, unit.province_name if unit else "",
                       d.serial, tuple(d.holder_names()), tuple(received), on or d.received_on or date.today(),
                       ctx.actor.full_name or ctx.actor.username)


def receipt_page(info: ReceiptInfo, copy_label: str) -> Image.Image:
    w, h = A5
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    m = 80
    inner = w - 2 * m
    center = w // 2

    def centred(y: int, text: str, fnt) -> int:
        d.text((center, y), text, fill=0, font=fnt, anchor="ma")
        return y + fnt.size + 12

    y = m
    y = centred(y, f"ỦY BAN NHÂN DÂN {info.commune.upper()}", font(26, True))
    if info.province:
        y = centred(y, info.province, font(22))
    y = centred(y + 10, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font(24, True))
    y = centred(y, "Độc lập - Tự do - Hạnh phúc", font(24, True))
    y = centred(y + 30, "GIẤY BIÊN NHẬN HỒ SƠ", font(40, True))
    y = centred(y, "(thu nhận Giấy chứng nhận để cập nhật cơ sở dữ liệu đất đai)", font(21))
    y += 20
    code = qr_image(cover_payload(info.dossier_id), 6)
    im.paste(code, (w - m - code.width, y))
    qr_bottom = y + code.height
    text_w = inner - code.width - 20
    rows = [("Hồ sơ số", str(info.num)), ("Số phát hành GCN", info.serial or "—"),
            ("Người sử dụng đất", "; ".join(info.holders) or "—"), ("Ngày nhận", format_date(info.on))]
    for key, value in rows:
        d.text((m, y), key + ":", fill=0, font=font(22))
        y += 30
        for line in wrap(d, value, font(28, True), text_w if y < qr_bottom else inner)[:3]:
            d.text((m + 20, y), line, fill=0, font=font(28, True))
            y += 36
        y += 10
    y = max(y, qr_bottom) + 20
    d.text((m, y), "Đã nhận:", fill=0, font=font(22))
    y += 32
    for item in info.received[:6]:
        for i, line in enumerate(wrap(d, item, font(24), inner - 40)[:2]):
            d.text((m + 20, y), ("• " if i == 0 else "  ") + line, fill=0, font=font(24))
            y += 32
    y += 20
    for line in wrap(d, "Giấy chứng nhận được trả lại sau khi quét và cập nhật. Khi đến nhận, xin mang theo "
                         "giấy biên nhận này và căn cước công dân.", font(20), inner):
        d.text((m, y), line, fill=0, font=font(20))
        y += 28
    sig_y = max(y + 30, h - m - 230)
    d.text((m + inner // 4, sig_y), "NGƯỜI NỘP", fill=0, font=font(22, True), anchor="ma")
    d.text((m + 3 * inner // 4, sig_y), "CÁN BỘ TIẾP NHẬN", fill=0, font=font(22, True), anchor="ma")
    d.text((m + 3 * inner // 4, sig_y + 150), info.officer, fill=0, font=font(22), anchor="ma")
    d.text((m, h - m - 20), f"{copy_label} · Mã hồ sơ: {info.dossier_id}", fill=0, font=font(16))
    d.rectangle([m // 2, m // 2, w - m // 2, h - m // 2], outline=0, width=3)
    return im.point(lambda v: 255 if v > 160 else 0).convert("1")


def receipt_pdf(info: ReceiptInfo, copies: int = 2) -> bytes:
    if copies not in (1, 2):
        raise LandDeskError("Số liên phải là 1 hoặc 2.", "Copies must be 1 or 2.")
    pages = []
    for label in COPIES[:copies]:
        buf = io.BytesIO()
        receipt_page(info, label).save(buf, "PNG", dpi=(DPI, DPI))
        pages.append(buf.getvalue())
    return img2pdf.convert(pages, layout_fun=img2pdf.get_fixed_dpi_layout_fun((DPI, DPI)),
                           engine=img2pdf.Engine.internal)  # img2pdf's own writer: the bundle has no pikepdf


def write_receipt(ctx: UnitOfWork, dossier_id: str, out: Path | str, *, items: Sequence[str] = (),
                  copies: int = 2) -> Path:
    """Write the receipt PDF (atomically: a half-written file never has the final name)."""
    info = receipt_info(ctx, dossier_id, items=items)
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise LandDeskError("Tệp biên nhận phải có đuôi .pdf.", "The receipt file must end in .pdf.")
    data = receipt_pdf(info, copies)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)  # a PDF open in a viewer: retried, then named (FileLockedError)
    return out
