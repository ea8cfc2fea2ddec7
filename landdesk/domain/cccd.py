"""Citizen ID (CCCD / số định danh cá nhân, 12 digits), old ID card (CMND, 9 digits) and the
chip card's QR payload.

CCCD layout (Circular 59/2021/TT-BCA): digits 1–3 province where the birth was registered,
digit 4 century and gender, digits 5–6 the last two digits of the birth year, 7–12 random.
Century/gender digit: 0/1 = 1900s, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s; even
male, odd female. (DOMAIN.md reads 8/9 as the 1800s; the circular says 2300s. Either way no
living holder has 4–9, so such a number is flagged as an impossible birth year.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from landdesk.domain import reference
from landdesk.domain.codes import Gender
from landdesk.domain.errors import LandDeskError
from landdesk.domain.text import fold, nfc, upper_name
from landdesk.domain.values import PartialDate, parse_partial_date

# century digit → first two digits of the birth year
CENTURIES = {0: 19, 1: 19, 2: 20, 3: 20, 4: 21, 5: 21, 6: 22, 7: 22, 8: 23, 9: 23}

_SEPARATORS = re.compile(r"[\s.\-_]")

# Mismatch kinds returned by check_against (rules.py maps each to a rule id).
FORMAT = "format"
PROVINCE = "province"
BIRTH_YEAR = "birth_year"
GENDER = "gender"


def clean_number(text: str | None) -> str:
    """Digits as typed, without spaces, dots or dashes; full-width digits become ASCII."""
    s = unicodedata.normalize("NFKC", text or "")
    return _SEPARATORS.sub("", s)


@dataclass(frozen=True)
class Cccd:
    number: str
    province_code: str  # "001" … "096"
    gender: Gender
    century: int  # first two digits of the birth year: 19 means born 1900–1999
    year_2digits: int

    @property
    def birth_year(self) -> int:
        return self.century * 100 + self.year_2digits

    @property
    def province_known(self) -> bool:
        return self.province_code in reference.cccd_provinces()

    @property
    def province_name(self) -> str:
        return reference.cccd_provinces().get(self.province_code, "")


def is_cccd_format(text: str | None) -> bool:
    return bool(re.fullmatch(r"\d{12}", clean_number(text)))


def parse_cccd(text: str | None) -> Cccd | None:
    """The decoded number, or None when it is not 12 digits. The province is not checked here."""
    s = clean_number(text)
    if not re.fullmatch(r"\d{12}", s):
        return None
    digit = int(s[3])
    return Cccd(s, s[:3], Gender.FEMALE if digit % 2 else Gender.MALE, CENTURIES[digit], int(s[4:6]))


def implied_birth_year(cccd: str | Cccd | None) -> int | None:
    info = cccd if isinstance(cccd, Cccd) else parse_cccd(cccd)
    return info.birth_year if info else None


def birth_year_range(cccd: str | None) -> tuple[int, int] | None:
    """Birth years a (possibly still incomplete) number allows: the century from 4 digits, the
    exact year from 6. Lets the form narrow the date of birth while the officer types."""
    s = clean_number(cccd)
    if not re.fullmatch(r"\d{4,12}", s):
        return None
    century = CENTURIES[int(s[3])] * 100
    if len(s) >= 6:
        year = century + int(s[4:6])
        return year, year
    if len(s) == 5:
        low = century + int(s[4]) * 10
        return low, low + 9
    return century, century + 99


def implied_gender(cccd: str | None) -> Gender | None:
    s = clean_number(cccd)
    if len(s) < 4 or not s[:4].isdigit():
        return None
    return Gender.FEMALE if int(s[3]) % 2 else Gender.MALE


def check_against(cccd: str | Cccd | None, birth: PartialDate | date | None, gender: Gender | None,
                  *, today: date | None = None) -> list[str]:
    """Kinds of inconsistency between the number and the holder's data: FORMAT, PROVINCE,
    BIRTH_YEAR (differs from the birth date, or lies in the future), GENDER. [] when consistent;
    unknown birth / gender are not mismatches."""
    info = cccd if isinstance(cccd, Cccd) else parse_cccd(cccd)
    if info is None:
        return [FORMAT]
    out = []
    if not info.province_known:
        out.append(PROVINCE)
    year = birth.year if birth is not None else None
    this_year = (today or date.today()).year
    if (year is not None and year != info.birth_year) or info.birth_year > this_year:
        out.append(BIRTH_YEAR)
    if gender is not None and gender != info.gender:
        out.append(GENDER)
    return out


def is_valid_cmnd(text: str | None) -> bool:
    """Old ID card: exactly 9 digits (12-digit numbers belong in the CCCD field)."""
    s = clean_number(text)
    return bool(re.fullmatch(r"\d{9}", s)) and s != "000000000"


# --- Chip-card QR ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QrPayload:
    cccd: str
    cmnd: str  # "" when the card carries none
    name: str  # NFC, upper case
    birth: PartialDate
    gender: Gender
    address: str
    issued: date | None


def _compact_date(text: str) -> PartialDate | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return parse_partial_date(text)
    except ValueError:
        return None


QR_FIELDS = 7
# (Vietnamese, English) name of each field, for the refusal message (never the value: personal data).
_QR_FIELD_NAMES = (("số định danh 12 chữ số", "12-digit ID number"), ("số CMND 9 chữ số hoặc để trống",
                   "9-digit old ID or empty"), ("họ và tên", "full name"), ("ngày sinh ddmmyyyy", "birth date ddmmyyyy"),
                   ("giới tính Nam/Nữ", "gender Nam/Nữ"), ("nơi thường trú", "permanent address"),
                   ("ngày cấp ddmmyyyy", "issue date ddmmyyyy"))


class QrPayloadError(LandDeskError):
    """A chip-card QR payload that is not exactly the 7 valid fields."""


def _field_error(i: int) -> QrPayloadError:
    vi, en = _QR_FIELD_NAMES[i]
    return QrPayloadError(f"Mã QR của thẻ CCCD không hợp lệ: trường {i + 1} phải là {vi}. Hãy quét lại thẻ.",
                          f"Invalid chip-card QR code: field {i + 1} must be the {en}. Scan the card again.")


def read_qr_payload(text: str | None, *, today: date | None = None) -> QrPayload:
    """Decode `ID12|CMND9|Full name|ddmmyyyy|Nam/Nữ|permanent address|issue ddmmyyyy`, or refuse it.

    Exactly 7 fields, each valid (the CMND field may be empty, never left out: a payload with a
    field missing shifts the others, e.g. the issue date into the address). Trailing whitespace /
    line ends from a keyboard-wedge scanner are ignored. Raises QrPayloadError naming the field.
    """
    s = unicodedata.normalize("NFC", text or "").strip()
    fields = [f.strip() for f in s.split("|")]
    if len(fields) != QR_FIELDS:
        raise QrPayloadError(f"Mã QR của thẻ CCCD phải có đúng {QR_FIELDS} trường ngăn bởi “|”; mã vừa quét có "
                             f"{len(fields)}. Hãy quét lại thẻ.",
                             f"A chip-card QR code has exactly {QR_FIELDS} fields separated by '|'; this one has "
                             f"{len(fields)}. Scan the card again.")
    cccd, cmnd, name, birth_text, gender_text, address, issued_text = fields
    if not re.fullmatch(r"\d{12}", cccd):
        raise _field_error(0)
    if not re.fullmatch(r"(\d{9})?", cmnd):
        raise _field_error(1)
    if not name or not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
        raise _field_error(2)
    birth = _compact_date(birth_text)
    today = today or date.today()
    if birth is None or birth.as_date() > today:
        raise _field_error(3)
    gender = {"nam": Gender.MALE, "nu": Gender.FEMALE}.get(fold(gender_text))
    if gender is None:
        raise _field_error(4)
    if not address or re.fullmatch(r"[\d\s/.-]*", address):
        raise _field_error(5)
    issued = _compact_date(issued_text)
    if issued is None or not (birth.as_date() <= issued.as_date() <= today):
        raise _field_error(6)
    return QrPayload(cccd, cmnd, upper_name(name), birth, gender, nfc(address), issued.as_date())


def parse_qr_payload(text: str | None) -> QrPayload | None:
    """read_qr_payload, or None when the text is not a valid payload."""
    try:
        return read_qr_payload(text)
    except QrPayloadError:
        return None
