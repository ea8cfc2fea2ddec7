"""Synthetic certificate-like pages (for the demo and tests): title, text lines, a table, a red seal.

Nothing here is a real document: names and numbers are invented by the caller.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from landdesk.media.fonts import font

A4_MM = (210, 297)

_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]
_BODY = [
    "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất",
    "Ông: {name}   Năm sinh: {year}",
    "Địa chỉ thường trú: {village}, xã Minh Đức",
    "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất",
    "1. Thửa đất: a) Thửa đất số: {parcel}   b) Tờ bản đồ số: {sheet}",
    "c) Địa chỉ: {village}   d) Diện tích: {area} m²",
    "đ) Hình thức sử dụng: Sử dụng riêng",
    "e) Mục đích sử dụng: Đất ở tại nông thôn",
    "g) Thời hạn sử dụng: Lâu dài",
    "h) Nguồn gốc sử dụng: Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
]


def certificate_page(rng: random.Random, *, dpi: int = 200, kind: str = "gcn", title: str = "",
                     fields: dict | None = None) -> Image.Image:
    w, h = round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)
    paper = (250, 244 - rng.randrange(8), 236 - rng.randrange(12)) if kind == "gcn" else (248, 248, 246)
    im = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(im)
    u = dpi / 200  # drawing unit: sizes below are for 200 dpi
    m = int(110 * u)
    d.rectangle([m // 2, m // 2, w - m // 2, h - m // 2], outline=(150, 40, 40), width=max(2, int(6 * u)))
    f_title, f_bold, f_text = font(int(38 * u), True), font(int(26 * u), True), font(int(24 * u))
    y = m
    for i, line in enumerate(_LINES):
        tw = d.textlength(line, font=f_bold)
        d.text(((w - tw) / 2, y), line, fill=(20, 20, 20), font=f_bold if i == 0 else f_text)
        y += int(40 * u)
    y += int(30 * u)
    title = title or ("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT" if kind == "gcn" else "CĂN CƯỚC CÔNG DÂN (bản sao)")
    tw = d.textlength(title, font=f_title)
    d.text(((w - tw) / 2, y), title, fill=(190, 20, 20), font=f_title)
    y += int(90 * u)
    values = {"name": "NGUYỄN VĂN MẪU", "year": 1970, "village": "Thôn Đông", "parcel": 12, "sheet": 3,
              "area": "245,6", **(fields or {})}
    for line in _BODY:
        d.text((m, y), line.format(**values), fill=(25, 25, 30), font=f_text)
        y += int(46 * u)
    # The table of land uses.
    y += int(20 * u)
    cols = [m, m + int(420 * u), m + int(700 * u), m + int(1000 * u), w - m]
    rows = 5
    rh = int(52 * u)
    for r in range(rows + 1):
        d.line([cols[0], y + r * rh, cols[-1], y + r * rh], fill=(40, 40, 40), width=max(1, int(2 * u)))
    for c in cols:
        d.line([c, y, c, y + rows * rh], fill=(40, 40, 40), width=max(1, int(2 * u)))
    heads = ["Mục đích", "Diện tích (m²)", "Thời hạn", "Nguồn gốc"]
    for i, text in enumerate(heads):
        d.text((cols[i] + int(10 * u), y + int(12 * u)), text, fill=(20, 20, 20), font=f_text)
    for r in range(1, rows):
        for i in range(4):
            d.text((cols[i] + int(10 * u), y + r * rh + int(12 * u)),
                   ["ONT", f"{rng.randint(50, 400)},{rng.randint(0, 9)}", "Lâu dài", "CN-CTT"][i],
                   fill=(30, 30, 60), font=f_text)
    y += rows * rh + int(60 * u)
    # Signature block and the red seal.
    cx, cy, r = w - m - int(260 * u), y + int(200 * u), int(150 * u)
    d.text((cx - int(200 * u), y), "TM. ỦY BAN NHÂN DÂN", fill=(20, 20, 20), font=f_bold)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(205, 30, 35), width=max(3, int(10 * u)))
    d.ellipse([cx - r + int(30 * u), cy - r + int(30 * u), cx + r - int(30 * u), cy + r - int(30 * u)],
              outline=(205, 30, 35), width=max(2, int(4 * u)))
    star = font(int(90 * u), True)
    d.text((cx - int(30 * u), cy - int(55 * u)), "★", fill=(205, 30, 35), font=star)
    d.line([cx - int(220 * u), cy + int(40 * u), cx + int(40 * u), cy - int(30 * u)], fill=(20, 20, 120),
           width=max(2, int(4 * u)))
    # Faint paper texture so pages are not perfectly clean like a screenshot.
    for _ in range(300):
        x, yy = rng.randrange(w), rng.randrange(h)
        d.point((x, yy), fill=(200, 190, 185))
    return im


def jpeg_bytes(im: Image.Image, dpi: int, quality: int = 85) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()
