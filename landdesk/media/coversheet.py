"""Cover sheets: one A4 page per dossier with a QR code of the dossier id and a readable summary.

The officer prints them, puts each on top of its dossier's papers and feeds the whole stack through
the scanner's document feeder; intake splits the batch at each cover sheet (media.qr.find_cover).
Pages are drawn with Pillow at 150 dpi, bi-level, and put in a PDF with img2pdf (lossless, small).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import img2pdf
from PIL import Image, ImageDraw

from landdesk.media.fonts import font, wrap
from landdesk.media.qr import cover_payload, qr_image

DPI = 150
A4 = (round(8.27 * DPI), round(11.69 * DPI))


@dataclass(frozen=True)
class CoverInfo:
    dossier_id: str
    num: int
    serial: str
    holders: str
    village: str
    commune: str


def cover_page(info: CoverInfo) -> Image.Image:
    w, h = A4
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    m = 90
    d.text((m, m), "TỜ BÌA HỒ SƠ QUÉT — SCAN COVER SHEET", fill=0, font=font(30, True))
    d.text((m, m + 50), "Đặt tờ này lên trên giấy tờ của hồ sơ rồi quét cả tập.", fill=0, font=font(20))
    d.text((m, m + 80), "Put this sheet on top of the dossier's papers and scan the whole stack.", fill=0,
           font=font(18))
    code = qr_image(cover_payload(info.dossier_id), 10)
    im.paste(code, ((w - code.width) // 2, m + 150))
    y = m + 170 + code.height
    d.text((m, y), f"Hồ sơ số {info.num}", fill=0, font=font(48, True))
    y += 80
    rows = [("Số phát hành GCN", info.serial or "—"), ("Người sử dụng đất", info.holders or "—"),
            ("Thôn / tổ dân phố", info.village or "—"), ("Xã / phường", info.commune or "—")]
    for key, value in rows:
        d.text((m, y), key, fill=0, font=font(22))
        for line in wrap(d, value, font(30, True), w - 2 * m)[:3]:
            y += 34
            d.text((m, y), line, fill=0, font=font(30, True))
        y += 56
    d.text((m, h - m - 30), f"Mã hồ sơ / dossier id: {info.dossier_id}", fill=0, font=font(18))
    d.rectangle([m // 2, m // 2, w - m // 2, h - m // 2], outline=0, width=4)
    return im.point(lambda v: 255 if v > 128 else 0).convert("1")


def cover_sheets_pdf(infos: Iterable[CoverInfo]) -> bytes:
    pages = []
    for info in infos:
        buf = io.BytesIO()
        cover_page(info).save(buf, "PNG", dpi=(DPI, DPI))
        pages.append(buf.getvalue())
    if not pages:
        raise ValueError("no cover sheets")
    return img2pdf.convert(pages, layout_fun=img2pdf.get_fixed_dpi_layout_fun((DPI, DPI)),
                           engine=img2pdf.Engine.internal)  # img2pdf's own writer: the bundle has no pikepdf
