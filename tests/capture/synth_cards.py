"""Synthetic copies of chip-based citizen ID cards (CCCD) for the QR-decoding tests and bench.

Only invented people: numbers follow the public layout (province, century/gender digit, year) with
random digits. A card is drawn at 600 dpi (85.6 × 53.98 mm, the QR code 16 mm square top right as on
the chip card), then degraded the way dossier copies are: photocopied (grey, contrast, toner noise,
a copier resolution of 150–300 dpi), put on an A4 page with the back side below it, turned up to ±8°
(sometimes upside down), slightly blurred, scanned at 150–300 dpi and saved as JPEG quality 50–85;
or photographed with a phone (perspective, uneven light). `negative` samples carry QR codes whose
payload looks like a card's but is wrong (must never be accepted).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw, ImageFilter

from landdesk.demo import names
from landdesk.domain import reference
from landdesk.media.fonts import font
from landdesk.media.qr import qr_image

CARD_MM = (85.6, 53.98)
QR_MM = 16.0
BASE_DPI = 600
A4_MM = (210.0, 297.0)

VILLAGES = ("Thôn Đông", "Thôn Tây", "Xóm Chùa", "Thôn Hạ", "Tổ dân phố số 3", "Thôn Phú Mỹ", "Khu Hòa Bình")
COMMUNES = ("Xã Tân Dĩnh", "Phường Bắc Giang", "Xã Việt Yên", "Xã Hiệp Hòa", "Phường Từ Sơn", "Xã Quế Võ")
PROVINCES = ("Tỉnh Bắc Ninh", "Tỉnh Bắc Giang", "Thành phố Hà Nội")


@dataclass(frozen=True)
class Person:
    cccd: str
    cmnd: str
    name: str
    birth: date
    male: bool
    address: str
    issued: date

    def payload(self) -> str:
        return "|".join([self.cccd, self.cmnd, self.name, self.birth.strftime("%d%m%Y"),
                         "Nam" if self.male else "Nữ", self.address, self.issued.strftime("%d%m%Y")])


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([w for w, _ in weighted], [n for _, n in weighted])[0]


def person(rng: random.Random) -> Person:
    male = rng.random() < 0.5
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
    century = (0 if birth.year < 2000 else 2) + (0 if male else 1)
    province = rng.choice(sorted(reference.cccd_provinces()))
    cccd = f"{province}{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
    middle = _pick(rng, names.MIDDLE_MALE if male else names.MIDDLE_FEMALE)
    given = rng.choice(names.GIVEN_MALE if male else names.GIVEN_FEMALE)
    name = f"{_pick(rng, names.SURNAMES)} {middle} {given}"
    if rng.random() < 0.15:
        name = name.upper()
    cmnd = f"{rng.randrange(10**8, 10**9)}" if rng.random() < 0.6 else ""
    address = f"{rng.choice(VILLAGES)}, {rng.choice(COMMUNES)}, {rng.choice(PROVINCES)}"
    issued = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4))
    return Person(cccd, cmnd, name, birth, male, address, issued)


def wrong_payload(rng: random.Random, p: Person) -> str:
    """A card-like payload with one field wrong: what a forged, damaged or foreign code could say."""
    fields = p.payload().split("|")
    how = rng.randrange(7)
    if how == 0:  # gender word contradicts the ID's gender digit
        fields[4] = "Nữ" if p.male else "Nam"
    elif how == 1:  # birth year contradicts the ID's year digits
        fields[3] = p.birth.replace(year=p.birth.year - 3 if p.birth.month != 2 else p.birth.year - 4).strftime("%d%m%Y")
    elif how == 2:  # impossible date
        fields[3] = "31" + "02" + f"{p.birth.year}"
    elif how == 3:  # 11-digit ID
        fields[0] = fields[0][:-1]
    elif how == 4:  # unknown province code
        fields[0] = "999" + fields[0][3:]
    elif how == 5:  # issued before the holder was born
        fields[6] = date(p.birth.year - 1, 5, 5).strftime("%d%m%Y")
    else:  # a name with digits and control characters
        fields[2] = "NGUYEN\x07 VAN 1234"
    return "|".join(fields)


def _guilloche(d: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    import math

    for k in range(40):
        phase = rng.random() * 6.28
        pts = [(x, h * 0.5 + h * 0.4 * math.sin(x / w * 6.28 * 1.5 + phase + k * 0.15)) for x in range(0, w, 12)]
        d.line(pts, fill=(205, 222, 212), width=2)


def card_front(rng: random.Random, p: Person, payload: str) -> Image.Image:
    w, h = (round(mm / 25.4 * BASE_DPI) for mm in CARD_MM)
    im = Image.new("RGB", (w, h), (236, 244, 238))
    d = ImageDraw.Draw(im)
    _guilloche(d, w, h, rng)
    d.rounded_rectangle([0, 0, w - 1, h - 1], radius=60, outline=(120, 140, 130), width=4)
    d.ellipse([40, 40, 240, 240], fill=(200, 40, 40))
    d.text((100, 95), "★", fill=(250, 220, 0), font=font(90, True))
    d.text((280, 50), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 20, 60), font=font(46, True))
    d.text((430, 110), "Độc lập - Tự do - Hạnh phúc", fill=(20, 20, 60), font=font(40, True))
    d.text((380, 180), "CĂN CƯỚC CÔNG DÂN", fill=(190, 20, 20), font=font(62, True))
    d.rectangle([60, 330, 480, 860], fill=(180, 190, 200))  # the photo
    d.ellipse([170, 400, 370, 620], fill=(120, 120, 130))
    d.rectangle([130, 640, 410, 860], fill=(110, 110, 120))
    qr_px = round(QR_MM / 25.4 * BASE_DPI)
    code = qr_image(payload, 1).resize((qr_px, qr_px), Image.Resampling.NEAREST).convert("RGB")
    im.paste(code, (w - qr_px - 50, 40))
    f_lab, f_val = font(34), font(44, True)
    y = 300
    rows = [("Số / No.:", p.cccd), ("Họ và tên / Full name:", p.name.upper()),
            ("Ngày sinh / Date of birth:", p.birth.strftime("%d/%m/%Y")),
            ("Giới tính / Sex:", "Nam" if p.male else "Nữ"), ("Quốc tịch / Nationality:", "Việt Nam"),
            ("Nơi thường trú / Place of residence:", p.address)]
    for label, value in rows:
        d.text((520, y), label, fill=(40, 40, 40), font=f_lab)
        d.text((520, y + 40), value[:44], fill=(10, 10, 10), font=f_val)
        y += 115
    return im


def card_back(rng: random.Random, p: Person) -> Image.Image:
    w, h = (round(mm / 25.4 * BASE_DPI) for mm in CARD_MM)
    im = Image.new("RGB", (w, h), (236, 240, 244))
    d = ImageDraw.Draw(im)
    _guilloche(d, w, h, rng)
    d.rounded_rectangle([0, 0, w - 1, h - 1], radius=60, outline=(120, 130, 140), width=4)
    d.rectangle([80, 100, 420, 440], fill=(200, 170, 60))  # the chip
    d.text((520, 120), "Ngày, tháng, năm / Date, month, year: " + p.issued.strftime("%d/%m/%Y"),
           fill=(20, 20, 20), font=font(36))
    d.text((520, 190), "CỤC TRƯỞNG CỤC CẢNH SÁT", fill=(20, 20, 20), font=font(38, True))
    mrz = [f"IDVNM{p.cccd[3:]}{rng.randrange(10)}{p.cccd}<<{rng.randrange(10)}",
           f"{p.birth.strftime('%y%m%d')}{rng.randrange(10)}{'M' if p.male else 'F'}3101019VNM<<<<<<<<<<<{rng.randrange(10)}",
           "NGUYEN<<VAN<MAU<<<<<<<<<<<<<<<"]
    for i, line in enumerate(mrz):
        d.text((60, 900 + i * 85), line, fill=(20, 20, 20), font=font(58))
    return im


@dataclass(frozen=True)
class Sample:
    image: Image.Image  # the page as scanned (decoded again from its JPEG)
    jpeg: bytes
    dpi: int
    payload: str  # what the QR code holds
    valid: bool  # a real card payload (True) or a wrong one that must be refused (False)
    style: str  # "copy" or "photo"
    upside_down: bool


def _photocopy(card: Image.Image, rng: random.Random, copy_dpi: int) -> Image.Image:
    g = card.convert("L")
    # The copier's resolution: down to copy_dpi and back (soft module edges, lost fine lines).
    small = g.resize((round(g.width * copy_dpi / BASE_DPI), round(g.height * copy_dpi / BASE_DPI)),
                     Image.Resampling.BILINEAR)
    g = small.resize(g.size, Image.Resampling.BILINEAR)
    lo, hi = rng.randint(10, 45), rng.randint(205, 250)
    return g.point(lambda v: lo + (hi - lo) * (v / 255) ** rng.choice((0.8, 1.0, 1.3)))


def copy_page(rng: random.Random, front: Image.Image, back: Image.Image, dpi: int, angle: float,
              upside_down: bool) -> Image.Image:
    pw, ph = (round(mm / 25.4 * dpi) for mm in A4_MM)
    page = Image.new("L", (pw, ph), rng.randint(238, 252))
    copy_dpi = rng.choice((150, 200, 300))
    for i, side in enumerate((front, back)):
        c = _photocopy(side, rng, copy_dpi)
        c = c.resize((round(c.width * dpi / BASE_DPI), round(c.height * dpi / BASE_DPI)), Image.Resampling.LANCZOS)
        c = c.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        mask = Image.new("L", c.size, 0)
        mask.paste(255, (0, 0, c.width, c.height))
        x = rng.randint(round(pw * 0.08), max(round(pw * 0.08), pw - c.width - round(pw * 0.08)))
        y = round(ph * (0.08 + 0.42 * i)) + rng.randint(0, round(ph * 0.05))
        page.paste(Image.eval(c, lambda v: v), (x, y), Image.eval(c, lambda v: 255 if v < 250 else 0))
    # Toner specks and a little blur, as a copier and a scanner leave them.
    d = ImageDraw.Draw(page)
    for _ in range(rng.randint(50, 400)):
        x, y = rng.randrange(pw), rng.randrange(ph)
        d.point((x, y), fill=rng.randint(60, 160))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.7)))
    if upside_down:
        page = page.rotate(180)
    return page


def phone_photo(rng: random.Random, page: Image.Image) -> Image.Image:
    """The copy photographed with a phone: a little perspective, uneven light, softer focus."""
    w, h = page.size
    j = [rng.uniform(-0.04, 0.04) * w for _ in range(8)]
    quad = (j[0], j[1], j[2], h + j[3], w + j[4], h + j[5], w + j[6], j[7])
    out = page.transform((w, h), Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=90)
    light = Image.linear_gradient("L").resize((w, h)).rotate(rng.uniform(0, 360))
    out = Image.composite(out, out.point(lambda v: v * 0.75), light.point(lambda v: 120 + v // 2))
    return out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))


def sample(seed: int, *, negative: bool = False, dpi: int | None = None) -> Sample:
    rng = random.Random(seed)
    p = person(rng)
    payload = wrong_payload(rng, p) if negative else p.payload()
    front, back = card_front(rng, p, payload), card_back(rng, p)
    dpi = dpi or rng.choice((150, 200, 200, 300, 300, 300))
    angle = rng.uniform(-8, 8)
    upside = rng.random() < 0.15
    page = copy_page(rng, front, back, dpi, angle, upside)
    style = "copy"
    if rng.random() < 0.2:
        page, style = phone_photo(rng, page), "photo"
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=rng.randint(50, 85), dpi=(dpi, dpi))
    data = buf.getvalue()
    return Sample(Image.open(io.BytesIO(data)), data, dpi, payload, not negative, style, upside)
