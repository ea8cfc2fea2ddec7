"""Compare a land holder with a population-data record by the campaign's rules (DOMAIN.md §5):
verified, incorrect information (which fields differ and the likely reason) or needs police
coordination.

Pure classification, no I/O: services.verification finds the candidate records (by 12-digit ID,
then old 9-digit ID, then folded name + birth date) and stores what this module decides.

The same person, so *verified*: names equal once case, accents, spacing and tone placement are
folded ("HÒA" = "HOÀ", "NGUYEN VAN AN" = "NGUYỄN VĂN AN"); a birth date that one side knows only to
the year (or month) and that agrees; an old 9-digit ID on the land record where the register also
knows the 12-digit one. What the register knows and Form 01 leaves empty (the full birth date,
gender, the 12-digit ID, address, old ID) and a name spelt without its accents become enrichment
*proposals* (the campaign "enriches and cleans"), applied only when the officer accepts them.

Reasons for *incorrect information*:
- day_month_swapped: 03/11/1980 against 11/03/1980;
- id_one_digit: the 12-digit (or 9-digit) numbers differ in one digit, or two neighbours swapped;
- real_difference: anything else (another middle name, another date, another gender).
Reasons for *needs police coordination*: not_found, several_candidates, other_id (found by name and
birth date only, under another ID number), unconfirmed (found by name and birth year only: the land
record has no ID the register knows and no full birth date to confirm it).
The codes accents_spacing, tone_placement, year_only_birth and old_new_id are kept for results stored
before these rules; they are no longer given.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from landdesk.domain import i18n
from landdesk.domain.cccd import clean_number
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.text import fold, nfc, tone_normalize, upper_name
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
OTHER_ID = "other_id"
UNCONFIRMED = "unconfirmed"
CORRECTED = "corrected"  # a correction from the population data was applied

INCORRECT_REASONS = (DAY_MONTH_SWAPPED, ID_ONE_DIGIT, REAL_DIFFERENCE)
POLICE_REASONS = (NOT_FOUND, SEVERAL_CANDIDATES, OTHER_ID, UNCONFIRMED)
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
    OTHER_ID: ("Chỉ tìm thấy với số định danh khác", "Found only under another ID number"),
    UNCONFIRMED: ("Chỉ khớp họ tên và năm sinh", "Matched by name and birth year only"),
    CORRECTED: ("Đã sửa theo dữ liệu dân cư", "Corrected from the population data"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Họ tên", "Name"),
    "cccd": ("Số định danh", "ID number"),
    "cmnd": ("Số CMND", "Old ID number"),
    "birth": ("Ngày sinh", "Date of birth"),
    "gender": ("Giới tính", "Gender"),
    "address": ("Nơi thường trú", "Permanent address"),
}
COMPARED_FIELDS = ("name", "cccd", "cmnd", "birth", "gender")
# Fields an enrichment may fill; those marked informative are the register's view (the address
# there is today's residence, not necessarily the one on the certificate).
ENRICHED_FIELDS = ("name", "cccd", "cmnd", "birth", "gender", "address")
INFORMATIVE_FIELDS = frozenset({"address", "cmnd"})
_FIELD_ORDER = {f: i for i, f in enumerate(COMPARED_FIELDS)}


def reason_label(code: str, lang: str = "vi") -> str:
    vi, en = REASON_LABELS.get(code, (code, code))
    return i18n.pick(vi, en, lang)


def fields_label(fields: str | list[str], lang: str = "vi") -> str:
    names = fields.split(",") if isinstance(fields, str) else fields
    return ", ".join(i18n.pick(*FIELD_LABELS.get(f, (f, f)), lang) for f in names if f)


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
class Proposal:
    """A value the register knows and Form 01 does not (or writes without accents): an enrichment."""

    field: str  # one of ENRICHED_FIELDS
    old: str  # the land record's value, stored form ('' when empty; birth as ISO, gender as code)
    new: str  # the register's value, stored form

    @property
    def informative(self) -> bool:
        return self.field in INFORMATIVE_FIELDS


@dataclass(frozen=True)
class Outcome:
    status: VerificationStatus
    reason: str = ""
    differences: tuple[Difference, ...] = ()
    candidates: int = 0  # how many population records were considered the same person
    record: Person | None = field(default=None, compare=False)  # the matched record, when one
    proposals: tuple[Proposal, ...] = ()  # enrichments, for a verified holder only

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
    """None when the names are the same person's (case, accents, spacing and tone placement folded,
    DOMAIN.md §5), else REAL_DIFFERENCE."""
    if ours.casefold() == theirs.casefold():  # both sides are NFC already at the boundaries
        return None
    return None if name_key(ours) == name_key(theirs) else REAL_DIFFERENCE


def _marks(name: str) -> int:
    """How many letters carry a Vietnamese mark (accent, tone, đ)."""
    return sum(1 for c in name if not c.isascii() and c.isalpha())


def name_cleanup(ours: str, theirs: str) -> str | None:
    """The register's spelling to propose when ours is the same name written with fewer marks or
    other spacing ("NGUYEN VAN AN" → "NGUYỄN VĂN AN"); None when only case or tone placement differ
    (both placements are official, DOMAIN.md §4) or the register is the poorer spelling."""
    a, b = nfc(ours), nfc(theirs)
    if a.casefold() == b.casefold() or tone_normalize(a).casefold() == tone_normalize(b).casefold():
        return None
    if _marks(b) < _marks(a):
        return None
    if _marks(b) == _marks(a) and " ".join(a.split()).casefold() != " ".join(b.split()).casefold() \
            and len(b.split()) <= len(a.split()):
        return None  # the same marks but other letters or fewer words: keep ours
    return upper_name(" ".join(b.split()))


def compare_births(ours: PartialDate | None, theirs: PartialDate | None) -> str | None:
    """None when the dates agree — equal, or one side knows only the year (or year and month) and the
    other's date falls in it — or either side is unknown; else the reason."""
    if ours is None or theirs is None or ours == theirs:
        return None
    if ours.year != theirs.year:
        return REAL_DIFFERENCE
    if ours.day is not None and theirs.day is not None:
        if (ours.day, ours.month) == (theirs.month, theirs.day):
            return DAY_MONTH_SWAPPED
        return REAL_DIFFERENCE
    if ours.month is None or theirs.month is None or ours.month == theirs.month:
        return None
    return REAL_DIFFERENCE


def _more_precise(ours: PartialDate | None, theirs: PartialDate | None) -> bool:
    rank = lambda p: 0 if p is None else (3 if p.day is not None else 2 if p.month is not None else 1)  # noqa: E731
    return rank(theirs) > rank(ours)


def one_digit_apart(a: str, b: str) -> bool:
    """Same length and one digit different, or two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _split_ids(p: Person) -> tuple[str, str]:
    """(12-digit, 9-digit) numbers of a person; an old number typed into the 12-digit field counts
    as the old number."""
    d12, d9 = id_digits(p.cccd), id_digits(p.cmnd)
    if len(d12) == 9:
        d9, d12 = d9 or d12, ""
    return d12, d9


def compare_ids(ours: Person, theirs: Person) -> list[Difference]:
    """ID differences: a number of the same kind on both sides that is not the same. A number only
    one side knows is no difference (the register's one is proposed as an enrichment)."""
    out: list[Difference] = []
    our12, our9 = _split_ids(ours)
    their12, their9 = _split_ids(theirs)
    if our12 and their12 and our12 != their12:
        reason = ID_ONE_DIGIT if one_digit_apart(our12, their12) else REAL_DIFFERENCE
        out.append(Difference("cccd", reason, ours.cccd, theirs.cccd))
    if our9 and their9 and our9 != their9:
        reason = ID_ONE_DIGIT if one_digit_apart(our9, their9) else REAL_DIFFERENCE
        out.append(Difference("cmnd", reason, ours.cmnd or ours.cccd, theirs.cmnd))
    return out


def _birth_text(p: PartialDate | None) -> str:
    return p.display() if p else ""


def compare(ours: Person, theirs: Person) -> list[Difference]:
    """Every field in which the land record really differs from the population record."""
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


def enrichments(ours: Person, theirs: Person) -> list[Proposal]:
    """What the register adds to a land record that agrees with it (call only when compare() is [])."""
    out: list[Proposal] = []
    spelled = name_cleanup(ours.name, theirs.name)
    if spelled and spelled != ours.name:
        out.append(Proposal("name", ours.name, spelled))
    our12, our9 = _split_ids(ours)
    their12, their9 = _split_ids(theirs)
    if their12 and not our12:
        out.append(Proposal("cccd", ours.cccd, their12))
    if their9 and not id_digits(ours.cmnd):
        out.append(Proposal("cmnd", ours.cmnd, their9))
    elif our9 and not id_digits(ours.cmnd) and their12 and not our12:
        out.append(Proposal("cmnd", "", our9))  # the old number moves out of the 12-digit field
    if theirs.birth is not None and _more_precise(ours.birth, theirs.birth):
        out.append(Proposal("birth", ours.birth.iso() if ours.birth else "", theirs.birth.iso()))
    if ours.gender is None and theirs.gender is not None:
        out.append(Proposal("gender", "", theirs.gender.value))
    if not ours.address.strip() and theirs.address.strip():
        out.append(Proposal("address", "", nfc(theirs.address.strip())))
    return out


def main_reason(differences: list[Difference] | tuple[Difference, ...]) -> str:
    return max((d.reason for d in differences), key=lambda r: _SERIOUSNESS.get(r, 99), default="")


def outcome_for(ours: Person, theirs: Person, candidates: int = 1) -> Outcome:
    diffs = compare(ours, theirs)
    if not diffs:
        return Outcome(VerificationStatus.VERIFIED, "", (), candidates, theirs, tuple(enrichments(ours, theirs)))
    return Outcome(VerificationStatus.INCORRECT, main_reason(diffs), tuple(diffs), candidates, theirs)


def _by_name_outcome(ours: Person, theirs: Person) -> Outcome:
    """The one record found by folded name + birth, none by an ID: who is it really?"""
    out = outcome_for(ours, theirs)
    if any(d.field in ("cccd", "cmnd") and d.reason == REAL_DIFFERENCE for d in out.differences):
        return Outcome(VerificationStatus.NEEDS_POLICE, OTHER_ID, out.differences, 1, theirs)
    confirmed = ours.birth is not None and ours.birth.day is not None and theirs.birth == ours.birth
    if out.status == VerificationStatus.VERIFIED and not confirmed:
        return Outcome(VerificationStatus.NEEDS_POLICE, UNCONFIRMED, (), 1, theirs)
    return out


def births_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Could these be the same person's birth date (equal, day/month swapped, or less precise)?"""
    if a is None or b is None:
        return True
    return compare_births(a, b) in (None, DAY_MONTH_SWAPPED)


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
        return _by_name_outcome(ours, candidates[0])
    if len(candidates) > 1:
        return Outcome(VerificationStatus.NEEDS_POLICE, SEVERAL_CANDIDATES, (), len(candidates))
    return Outcome(VerificationStatus.NEEDS_POLICE, NOT_FOUND, (), 0)


def _distinct(people: list[Person]) -> list[Person]:
    """The same person listed twice in an extract counts once."""
    seen: dict[tuple, Person] = {}
    for p in people:
        seen.setdefault((id_digits(p.cccd), id_digits(p.cmnd), name_key(p.name), p.birth), p)
    return list(seen.values())
