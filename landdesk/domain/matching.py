"""Compare a land holder with a population-data record: verified, incorrect information (which
fields differ and the likely reason) or needs police coordination.

Pure classification, no I/O: services.verification finds the candidate records (by 12-digit ID,
then old 9-digit ID, then folded name + birth date) and stores what this module decides.

Reasons for a difference, from the most harmless to a real one:
- accents_spacing: the names are the same letters but accents or spacing differ
  ("NGUYEN VAN AN" / "NGUYỄN VĂN AN", "LÊ THỊ MAI ANH" / "LÊ THỊ MAIANH");
- tone_placement: only the tone mark sits on another vowel ("HÒA" / "HOÀ");
- day_month_swapped: 03/11/1980 against 11/03/1980;
- year_only_birth: one side knows only the year (or month) and it agrees;
- id_one_digit: the 12-digit (or 9-digit) numbers differ in one digit, or two neighbours swapped;
- old_new_id: the land record carries the old 9-digit ID where the 12-digit one belongs;
- real_difference: anything else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from landdesk.domain.cccd import clean_number
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.text import fold, nfc, tone_normalize
from landdesk.domain.values import PartialDate

# Reason codes (stored in holders.verification_reason; labels below).
ACCENTS_SPACING = "accents_spacing"
TONE_PLACEMENT = "tone_placement"
DAY_MONTH_SWAPPED = "day_month_swapped"
YEAR_ONLY_BIRTH = "year_only_birth"
ID_ONE_DIGIT = "id_one_digit"
OLD_NEW_ID = "old_new_id"
REAL_DIFFERENCE = "real_difference"
NOT_FOUND = "not_found"
SEVERAL_CANDIDATES = "several_candidates"
CORRECTED = "corrected"  # a correction from the population data was applied

INCORRECT_REASONS = (ACCENTS_SPACING, TONE_PLACEMENT, DAY_MONTH_SWAPPED, YEAR_ONLY_BIRTH, ID_ONE_DIGIT,
                     OLD_NEW_ID, REAL_DIFFERENCE)
POLICE_REASONS = (NOT_FOUND, SEVERAL_CANDIDATES)
# When several fields differ the holder is shown with the most serious reason.
_SERIOUSNESS = {r: i for i, r in enumerate(reversed((REAL_DIFFERENCE, ID_ONE_DIGIT, OLD_NEW_ID,
                                                      DAY_MONTH_SWAPPED, YEAR_ONLY_BIRTH, TONE_PLACEMENT,
                                                      ACCENTS_SPACING)))}

REASON_LABELS: dict[str, tuple[str, str]] = {
    ACCENTS_SPACING: ("Chỉ khác dấu hoặc khoảng trắng", "Accents or spacing only"),
    TONE_PLACEMENT: ("Khác vị trí đặt dấu thanh", "Tone mark placement"),
    DAY_MONTH_SWAPPED: ("Nhầm ngày và tháng", "Day and month swapped"),
    YEAR_ONLY_BIRTH: ("Ngày sinh chỉ có năm", "Year-only birth date"),
    ID_ONE_DIGIT: ("Sai một chữ số của số định danh", "One digit of the ID"),
    OLD_NEW_ID: ("Dùng số CMND cũ thay cho số định danh", "Old ID instead of the new ID"),
    REAL_DIFFERENCE: ("Khác thực sự", "A real difference"),
    NOT_FOUND: ("Không tìm thấy trong dữ liệu dân cư", "Not found in the population data"),
    SEVERAL_CANDIDATES: ("Nhiều người trùng khớp", "Several candidates"),
    CORRECTED: ("Đã sửa theo dữ liệu dân cư", "Corrected from the population data"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Họ tên", "Name"),
    "cccd": ("Số định danh", "ID number"),
    "cmnd": ("Số CMND", "Old ID number"),
    "birth": ("Ngày sinh", "Date of birth"),
    "gender": ("Giới tính", "Gender"),
}
COMPARED_FIELDS = ("name", "cccd", "cmnd", "birth", "gender")
_FIELD_ORDER = {f: i for i, f in enumerate(COMPARED_FIELDS)}


def reason_label(code: str, lang: str = "vi") -> str:
    vi, en = REASON_LABELS.get(code, (code, code))
    return vi if lang == "vi" else en


def fields_label(fields: str | list[str], lang: str = "vi") -> str:
    names = fields.split(",") if isinstance(fields, str) else fields
    return ", ".join(FIELD_LABELS.get(f, (f, f))[0 if lang == "vi" else 1] for f in names if f)


@dataclass(frozen=True)
class Person:
    """What both sides know about a person: a land holder, or a population-data record."""

    name: str = ""
    cccd: str = ""
    cmnd: str = ""
    birth: PartialDate | None = None
    gender: Gender | None = None
    address: str = ""


@dataclass(frozen=True)
class Difference:
    field: str  # one of COMPARED_FIELDS
    reason: str
    ours: str  # the land record's value, display form
    theirs: str  # the population data's value, display form


@dataclass(frozen=True)
class Outcome:
    status: VerificationStatus
    reason: str = ""
    differences: tuple[Difference, ...] = ()
    candidates: int = 0  # how many population records were considered the same person
    record: Person | None = field(default=None, compare=False)  # the matched record, when one

    @property
    def fields(self) -> str:
        return ",".join(d.field for d in self.differences)


# --- Keys ------------------------------------------------------------------------------------

_NOSPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 18)
def name_key(name: str | None) -> str:
    """Folded name without spaces: the name+birth candidate key (accents, tone, case, spacing).

    Cached: an extract of 500k people repeats the same names many times."""
    return _NOSPACE.sub("", fold(name))


def id_digits(text: str | None) -> str:
    """Digits of an ID as typed; '' for anything that is not all digits."""
    if not text:
        return ""
    if text.isascii() and text.isdigit():  # the usual case, without normalising
        return text
    s = clean_number(text)
    return s if s.isdigit() else ""


# --- Field comparisons -----------------------------------------------------------------------

def compare_names(ours: str, theirs: str) -> str | None:
    """None when the names are the same (case aside), else the reason code."""
    if ours.casefold() == theirs.casefold():  # both sides are NFC already at the boundaries
        return None
    a, b = nfc(ours).casefold(), nfc(theirs).casefold()
    if a == b:
        return None
    if tone_normalize(a) == tone_normalize(b):
        return TONE_PLACEMENT
    if name_key(a) == name_key(b):
        return ACCENTS_SPACING
    return REAL_DIFFERENCE


def compare_births(ours: PartialDate | None, theirs: PartialDate | None) -> str | None:
    """None when equal or when either side is unknown (nothing to compare), else the reason."""
    if ours is None or theirs is None or ours == theirs:
        return None
    if ours.year != theirs.year:
        return REAL_DIFFERENCE
    if ours.day is not None and theirs.day is not None:
        if (ours.day, ours.month) == (theirs.month, theirs.day):
            return DAY_MONTH_SWAPPED
        return REAL_DIFFERENCE
    # One side is less precise: agree on what both know?
    if ours.month is None or theirs.month is None or ours.month == theirs.month:
        return YEAR_ONLY_BIRTH
    return REAL_DIFFERENCE


def one_digit_apart(a: str, b: str) -> bool:
    """Same length and one digit different, or two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def compare_ids(ours: Person, theirs: Person) -> list[Difference]:
    """ID differences: the 12-digit number, and the 9-digit one when both sides have it."""
    out: list[Difference] = []
    our12, their12 = id_digits(ours.cccd), id_digits(theirs.cccd)
    our9, their9 = id_digits(ours.cmnd), id_digits(theirs.cmnd)
    # The old number typed into the 12-digit field, or only the old number kept.
    old_in_new = len(our12) == 9
    if old_in_new:
        our9, our12 = our9 or our12, ""
    if their12 and our12 != their12:
        if not our12:
            if our9 and their9 and our9 == their9:
                reason = OLD_NEW_ID
            elif our9 and their9 and one_digit_apart(our9, their9):
                reason = ID_ONE_DIGIT
            else:
                reason = REAL_DIFFERENCE
        elif one_digit_apart(our12, their12):
            reason = ID_ONE_DIGIT
        else:
            reason = REAL_DIFFERENCE
        out.append(Difference("cccd", reason, ours.cccd, theirs.cccd))
    if our9 and their9 and our9 != their9 and not (old_in_new and out):
        reason = ID_ONE_DIGIT if one_digit_apart(our9, their9) else REAL_DIFFERENCE
        out.append(Difference("cmnd", reason, ours.cmnd or ours.cccd, theirs.cmnd))
    return out


def _birth_text(p: PartialDate | None) -> str:
    return p.display() if p else ""


def compare(ours: Person, theirs: Person) -> list[Difference]:
    """Every field in which the land record differs from the population record."""
    out = compare_ids(ours, theirs)
    reason = compare_names(ours.name, theirs.name)
    if reason:
        out.append(Difference("name", reason, ours.name, theirs.name))
    reason = compare_births(ours.birth, theirs.birth)
    if reason:
        out.append(Difference("birth", reason, _birth_text(ours.birth), _birth_text(theirs.birth)))
    if ours.gender is not None and theirs.gender is not None and ours.gender != theirs.gender:
        out.append(Difference("gender", REAL_DIFFERENCE, ours.gender.value, theirs.gender.value))
    out.sort(key=lambda d: _FIELD_ORDER[d.field])
    return out


def main_reason(differences: list[Difference] | tuple[Difference, ...]) -> str:
    return max((d.reason for d in differences), key=lambda r: _SERIOUSNESS.get(r, 99), default="")


def outcome_for(ours: Person, theirs: Person, candidates: int = 1) -> Outcome:
    diffs = compare(ours, theirs)
    if not diffs:
        return Outcome(VerificationStatus.VERIFIED, "", (), candidates, theirs)
    return Outcome(VerificationStatus.INCORRECT, main_reason(diffs), tuple(diffs), candidates, theirs)


def births_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Could these be the same person's birth date (equal, day/month swapped, or less precise)?"""
    if a is None or b is None:
        return True
    return compare_births(a, b) in (None, DAY_MONTH_SWAPPED, YEAR_ONLY_BIRTH)


def _implausible(diffs: list[Difference]) -> bool:
    """An ID hit whose name and birth both really differ: most likely someone else's number."""
    really = {d.field for d in diffs if d.reason == REAL_DIFFERENCE}
    return "name" in really and ("birth" in really or "gender" in really)


def classify(ours: Person, by_id: list[Person], by_old_id: list[Person], by_name: list[Person]) -> Outcome:
    """Decide for one holder from the records found by each key, in order of trust.

    by_id: records with the holder's 12-digit number; by_old_id: with its 9-digit number;
    by_name: records with the same folded name and a birth year the holder's allows.
    """
    for found in (by_id, by_old_id):
        unique = _distinct(found)
        if len(unique) > 1:
            # Old 9-digit numbers were unique only within the issuing province: the name decides.
            key = name_key(ours.name)
            same_name = [p for p in unique if name_key(p.name) == key]
            unique = same_name if same_name else unique
        if len(unique) == 1:
            out = outcome_for(ours, unique[0])
            if not _implausible(list(out.differences)):
                return out
            break  # a typo that hit another person's number: fall back on name + birth
        if len(unique) > 1:
            return Outcome(VerificationStatus.NEEDS_POLICE, SEVERAL_CANDIDATES, (), len(unique))
    candidates = _distinct([p for p in by_name if births_compatible(ours.birth, p.birth)])
    if len(candidates) > 1:
        # the exact birth date may single one out
        exact = [p for p in candidates if ours.birth is not None and p.birth == ours.birth]
        candidates = exact if len(exact) == 1 else candidates
    if len(candidates) == 1:
        return outcome_for(ours, candidates[0])
    if len(candidates) > 1:
        return Outcome(VerificationStatus.NEEDS_POLICE, SEVERAL_CANDIDATES, (), len(candidates))
    return Outcome(VerificationStatus.NEEDS_POLICE, NOT_FOUND, (), 0)


def _distinct(people: list[Person]) -> list[Person]:
    """The same person listed twice in an extract counts once."""
    seen: dict[tuple, Person] = {}
    for p in people:
        seen.setdefault((id_digits(p.cccd), id_digits(p.cmnd), name_key(p.name), p.birth), p)
    return list(seen.values())
