"""A chip-card QR payload checked field by field before LandDesk offers it to the officer.

`cccd.parse_qr_payload` takes the text apart; this module decides whether what it found can be a real
card: the 12-digit number's province, century/gender digit and year agree with the birth date and the
gender word, the dates are real and in order, the name is letters only, the address is text. A payload
that fails any check is never offered (a damaged or foreign code must not fill a holder).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from landdesk.domain import cccd as cccd_rules
from landdesk.domain import i18n
from landdesk.domain.cccd import QrPayload, parse_qr_payload

FIRST_CHIP_CARD = date(2016, 1, 1)  # CCCD cards (with QR codes) were issued from 2016, chip cards from 2021
MAX_NAME = 80
MAX_ADDRESS = 300
MAX_PAYLOAD = 1000

_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)+")  # two or more words of letters

# Problem codes (labels below); a payload with any of them is refused.
PROBLEMS: dict[str, tuple[str, str]] = {
    "layout": ("không đúng cấu trúc mã QR căn cước", "not the layout of an ID card's QR code"),
    "id_province": ("mã tỉnh trong số định danh không tồn tại", "the ID's province code does not exist"),
    "id_birth": ("năm sinh không khớp số định danh", "the birth year does not match the ID"),
    "id_gender": ("giới tính không khớp số định danh", "the gender does not match the ID"),
    "name": ("họ tên có ký tự không hợp lệ", "the name has characters that are not letters"),
    "birth": ("ngày sinh không hợp lệ", "the date of birth is not valid"),
    "address": ("địa chỉ không hợp lệ", "the address is not valid"),
    "issued": ("ngày cấp không hợp lệ", "the date of issue is not valid"),
    "cmnd": ("số CMND không hợp lệ", "the old ID number is not valid"),
}


@dataclass(frozen=True)
class CardCheck:
    payload: QrPayload | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.payload is not None and not self.problems


def _clean_text(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and not any(unicodedata.category(c).startswith("C") for c in text)


def check_payload(text: str | None, today: date | None = None) -> CardCheck:
    """Parse and check a decoded QR text; `ok` only when every field is consistent."""
    today = today or date.today()
    if not text or len(text) > MAX_PAYLOAD or any(unicodedata.category(c) == "Cc" for c in text.strip()):
        return CardCheck(None, ("layout",))
    p = parse_qr_payload(text)
    if p is None:
        return CardCheck(None, ("layout",))
    out: list[str] = []
    info = cccd_rules.parse_cccd(p.cccd)
    if info is None:
        return CardCheck(None, ("layout",))
    if not info.province_known:
        out.append("id_province")
    if p.birth.day is None or p.birth.month is None:
        out.append("birth")
    else:
        try:
            born = p.birth.as_date()
        except ValueError:
            born = None
        if born is None or born > today or born.year < 1900:
            out.append("birth")
    if p.birth.year != info.birth_year:
        out.append("id_birth")
    if p.gender != info.gender:
        out.append("id_gender")
    if not _NAME.fullmatch(p.name) or len(p.name) > MAX_NAME:
        out.append("name")
    if not _clean_text(p.address, MAX_ADDRESS):
        out.append("address")
    if p.cmnd and not cccd_rules.is_valid_cmnd(p.cmnd) and p.cmnd != p.cccd:
        out.append("cmnd")
    if p.issued is not None:
        if p.issued > today or p.issued < FIRST_CHIP_CARD or p.issued.year < p.birth.year:
            out.append("issued")
    return CardCheck(p, tuple(out))


def problem_label(code: str, lang: str = "vi") -> str:
    vi, en = PROBLEMS.get(code, (code, code))
    return i18n.pick(vi, en, lang)
