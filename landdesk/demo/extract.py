"""A synthetic population extract made from a workspace's own holders, with known errors planted,
and the ground truth to score the matcher against (precision and recall per reason).

For each holder the truth is decided by construction, never by running the matcher:
- a clean holder gets an exact record (names in title case, as police exports write them) → verified;
- a holder planted with one error kind gets a record altered in that way → incorrect / that reason,
  except the kinds DOMAIN.md §5 counts as the same person (accents or spacing, tone placement, a
  register that knows only the birth year) → verified;
- "not_found" leaves the person out; "several_candidates" lists two namesakes with other IDs;
- legacy data gives natural truths, both verified with an enrichment: only an old 9-digit ID (the
  register adds the 12-digit one), a year-only birth (the register adds the full date).
Holders whose truth cannot be known (invalid ID, the same ID with different data, namesakes born the
same year) are left unjudged. Filler people fill the extract up to the requested size.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from landdesk.demo import names as demo_names
from landdesk.domain import matching
from landdesk.domain.cccd import is_cccd_format, parse_cccd
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.matching import Person
from landdesk.domain.text import fold, tone_normalize, unicode_to_legacy
from landdesk.domain.values import PartialDate
from landdesk.services.verification import HolderRef

PLANTED_KINDS = (matching.ACCENTS_SPACING, matching.TONE_PLACEMENT, matching.DAY_MONTH_SWAPPED,
                 matching.ID_ONE_DIGIT, matching.REAL_DIFFERENCE, matching.NOT_FOUND,
                 matching.SEVERAL_CANDIDATES, matching.YEAR_ONLY_BIRTH)
_POLICE = {matching.NOT_FOUND, matching.SEVERAL_CANDIDATES}
_SAME_PERSON = {matching.ACCENTS_SPACING, matching.TONE_PLACEMENT, matching.YEAR_ONLY_BIRTH}  # verified

HEADERS_STANDARD = {"name": "Họ và tên", "cccd": "Số định danh cá nhân", "cmnd": "Số CMND", "birth": "Ngày sinh",
                    "gender": "Giới tính", "address": "Nơi thường trú"}
HEADERS_VARIANT = {"name": "HỌ TÊN CÔNG DÂN", "cccd": "Số CCCD/Định danh", "cmnd": "CMND cũ",
                   "birth": "Ngày, tháng, năm sinh", "gender": "Giới tính", "address": "Địa chỉ thường trú"}


@dataclass(frozen=True)
class Truth:
    holder_id: str
    status: VerificationStatus
    reason: str  # "" for verified
    planted: bool  # True when the generator altered the record on purpose
    kind: str = ""  # what was planted or found (also for a verified holder), "" for an exact record


@dataclass
class DemoExtract:
    records: list[Person]
    truth: dict[str, Truth]  # holder id → expected outcome (judged holders only)
    unjudged: int = 0
    planted: Counter = field(default_factory=Counter)


# --- Name and number variants ---------------------------------------------------------------

def strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def accents_variant(name: str, rng: random.Random) -> str | None:
    words = name.split()
    marked = [i for i, w in enumerate(words) if strip_marks(w) != w]
    if marked:
        i = rng.choice(marked)
        words[i] = strip_marks(words[i])
        return " ".join(words)
    if len(words) >= 3:  # no accents to lose: drop a space instead
        i = rng.randrange(1, len(words) - 1)
        return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
    return None


_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def tone_variant_word(word: str) -> str | None:
    """The word with its tone mark on another vowel, when that is the other accepted placement."""
    decomposed = [unicodedata.normalize("NFD", c) for c in word]
    toned = [i for i, d in enumerate(decomposed) if any(m in _TONES for m in d)]
    if len(toned) != 1:
        return None
    i = toned[0]
    tone = next(m for m in decomposed[i] if m in _TONES)
    base = [unicodedata.normalize("NFC", "".join(m for m in d if m not in _TONES)) for d in decomposed]
    for j in range(len(word)):
        if j == i or fold(base[j]) not in "aeiouy":
            continue
        cand = list(base)
        cand[j] = unicodedata.normalize("NFC", base[j] + tone)
        variant = "".join(cand)
        if variant != word and tone_normalize(variant).casefold() == tone_normalize(word).casefold():
            return variant
    return None


def tone_variant(name: str) -> str | None:
    words = name.split()
    for i, w in enumerate(words):
        v = tone_variant_word(w)
        if v:
            return " ".join(words[:i] + [v] + words[i + 1:])
    return None


_SWAP = {"VĂN": "HỮU", "HỮU": "VĂN", "THỊ": "NGỌC", "NGỌC": "THỊ", "ĐỨC": "MINH", "MINH": "ĐỨC"}


def real_variant(name: str) -> str:
    words = name.upper().split()
    for i, w in enumerate(words[1:-1], start=1):
        if w in _SWAP:
            words[i] = _SWAP[w]
            return " ".join(words)
    words[-1] = "THỊNH" if words[-1] != "THỊNH" else "PHƯỢNG"
    return " ".join(words)


def one_digit_variant(number: str, rng: random.Random, taken: set[str]) -> str:
    while True:
        pos = rng.randrange(6, 12)  # the random part: keeps province, century and year consistent
        digit = rng.choice([d for d in "0123456789" if d != number[pos]])
        cand = number[:pos] + digit + number[pos + 1:]
        if cand not in taken:
            taken.add(cand)
            return cand


def new_cccd(rng: random.Random, birth_year: int, gender: Gender | None, taken: set[str], province: str = "024") -> str:
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if gender == Gender.FEMALE else 0)
    while True:
        cand = f"{province}{digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"
        if cand not in taken:
            taken.add(cand)
            return cand


def _full_date(rng: random.Random, known: PartialDate | int) -> PartialDate:
    """A full date agreeing with what is known (the year, perhaps the month)."""
    if isinstance(known, int):
        return PartialDate(known, rng.randint(1, 12), rng.randint(1, 28))
    return PartialDate(known.year, known.month or rng.randint(1, 12), rng.randint(1, 28))


def _title(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


# --- The generator --------------------------------------------------------------------------

def make_extract(holders: list[HolderRef], *, seed: int = 1, rate: float = 0.03, size: int | None = None,
                 fillers: int = 0) -> DemoExtract:
    """Records for an extract of these holders with about `rate` of the eligible ones planted per kind.

    `size` (or `fillers`) adds invented people so the extract has that many records.
    """
    rng = random.Random(seed)
    # One person may hold several certificates: rows with the same ID and the same data are one
    # person with one record and one truth.
    groups: dict[tuple, list[HolderRef]] = defaultdict(list)
    by_id: dict[str, set[tuple]] = defaultdict(set)
    for h in holders:
        p = h.person
        key = (matching.id_digits(p.cccd) or h.holder_id, matching.name_key(p.name), p.birth, p.gender,
               matching.id_digits(p.cmnd))
        groups[key].append(h)
        if p.cccd:
            by_id[p.cccd].add(key)
    taken: set[str] = set(by_id)
    name_year = Counter((k[1], k[2].year) for k in groups if k[2] is not None)

    def consistent(p: Person) -> bool:
        if not p.name or p.birth is None or name_year[(matching.name_key(p.name), p.birth.year)] != 1:
            return False
        if p.cccd:
            info = parse_cccd(p.cccd)
            if not is_cccd_format(p.cccd) or info is None or info.birth_year != p.birth.year:
                return False
            if p.gender is not None and info.gender != p.gender:
                return False
            return len(by_id[p.cccd]) == 1
        return len(matching.id_digits(p.cmnd)) == 9

    records: list[Person] = []
    truth: dict[str, Truth] = {}
    planted: Counter = Counter()
    unjudged = 0
    kinds = list(PLANTED_KINDS)

    def judge(rows: list[HolderRef], status: VerificationStatus, reason: str, was_planted: bool,
              kind: str = "") -> None:
        for h in rows:
            truth[h.holder_id] = Truth(h.holder_id, status, reason, was_planted, kind or reason)

    for rows in groups.values():
        p = rows[0].person
        if not consistent(p):
            unjudged += len(rows)
            if p.cccd and is_cccd_format(p.cccd) and p.name and len(by_id[p.cccd]) == 1:
                records.append(replace(p, name=_title(p.name)))  # the person exists, as recorded
            continue
        exact = replace(p, name=_title(p.name), cmnd=matching.id_digits(p.cmnd))
        if not p.cccd:  # legacy: only the old 9-digit number on the land record
            rec = replace(exact, cccd=new_cccd(rng, p.birth.year, p.gender, taken))
            if p.birth.day is None:
                rec = replace(rec, birth=_full_date(rng, p.birth))
            records.append(rec)
            judge(rows, VerificationStatus.VERIFIED, "", False, matching.OLD_NEW_ID)
            continue
        if p.birth.day is None:  # legacy: the land record only knows the year (or month)
            records.append(replace(exact, birth=_full_date(rng, p.birth)))
            judge(rows, VerificationStatus.VERIFIED, "", False, matching.YEAR_ONLY_BIRTH)
            continue
        kind = rng.choice(kinds) if rng.random() < rate * len(kinds) else None
        if kind == matching.NOT_FOUND and any(h.status in ("verified", "incorrect") for h in rows):
            kind = None  # an extract leaves holders it does not contain as they were decided
        rec, kind = _plant(kind, p, exact, rng, taken, records)
        if rec is not None:
            records.append(rec)
        if kind is None:
            judge(rows, VerificationStatus.VERIFIED, "", False)
        else:
            planted[kind] += 1
            if kind in _SAME_PERSON:
                judge(rows, VerificationStatus.VERIFIED, "", True, kind)
            else:
                status = VerificationStatus.NEEDS_POLICE if kind in _POLICE else VerificationStatus.INCORRECT
                judge(rows, status, kind, True)
    target = size if size is not None else len(records) + fillers
    if target > len(records):
        records += filler_people(target - len(records), rng, taken, set(name_year))
    rng.shuffle(records)
    return DemoExtract(records, truth, unjudged, planted)


def _plant(kind: str | None, p: Person, exact: Person, rng: random.Random, taken: set[str],
           records: list[Person]) -> tuple[Person | None, str | None]:
    if kind == matching.ACCENTS_SPACING:
        v = accents_variant(p.name, rng)
        if v:
            return replace(exact, name=v), kind
    elif kind == matching.TONE_PLACEMENT:
        v = tone_variant(p.name)
        if v:
            return replace(exact, name=v), kind
    elif kind == matching.DAY_MONTH_SWAPPED:
        b = p.birth
        if b.day <= 12 and b.day != b.month:
            return replace(exact, birth=PartialDate(b.year, b.day, b.month)), kind
    elif kind == matching.YEAR_ONLY_BIRTH:
        return replace(exact, birth=PartialDate(p.birth.year)), kind
    elif kind == matching.ID_ONE_DIGIT:
        return replace(exact, cccd=one_digit_variant(p.cccd, rng, taken)), kind
    elif kind == matching.REAL_DIFFERENCE:
        return replace(exact, name=_title(real_variant(p.name))), kind
    elif kind == matching.NOT_FOUND:
        return None, kind
    elif kind == matching.SEVERAL_CANDIDATES:
        for _ in range(2):
            records.append(replace(exact, cccd=new_cccd(rng, p.birth.year, p.gender, taken), cmnd=""))
        return None, kind
    return exact, None  # not planted (or the name offers no such variant)


def filler_people(n: int, rng: random.Random, taken: set[str], avoid: set[tuple[str, int]]) -> list[Person]:
    surnames = [s for s, _ in demo_names.SURNAMES]
    weights = [w for _, w in demo_names.SURNAMES]
    out: list[Person] = []
    while len(out) < n:
        female = rng.random() < 0.5
        middle = rng.choice([m for m, _ in (demo_names.MIDDLE_FEMALE if female else demo_names.MIDDLE_MALE)])
        given = rng.choice(demo_names.GIVEN_FEMALE if female else demo_names.GIVEN_MALE)
        name = f"{rng.choices(surnames, weights)[0]} {middle} {given}"
        year = rng.randint(1930, 2007)
        if (matching.name_key(name), year) in avoid:
            continue
        gender = Gender.FEMALE if female else Gender.MALE
        out.append(Person(name=name, cccd=new_cccd(rng, year, gender, taken), birth=_full_date(rng, year),
                          gender=gender))
    return out


# --- Files ----------------------------------------------------------------------------------

def write_extract(path: Path, records: list[Person], *, headers: dict[str, str] | None = None,
                  encoding: str | None = None, extra_columns: bool = False, drop: tuple[str, ...] = ()) -> None:
    """Write records as .xlsx or .csv. `encoding` 'tcvn3'/'vni' writes names as legacy text;
    `extra_columns` adds columns the reader must ignore; `drop` leaves columns out."""
    headers = {k: v for k, v in (headers or HEADERS_STANDARD).items() if k not in drop}
    keys = list(headers)
    titles = (["STT"] if extra_columns else []) + [headers[k] for k in keys] + (["Dân tộc", "Ghi chú"] if extra_columns else [])

    if encoding:  # an old export is legacy text throughout, headers included
        titles = [unicode_to_legacy(t, encoding) for t in titles]

    def row(i: int, p: Person) -> list:
        values = {"name": p.name, "cccd": p.cccd, "cmnd": p.cmnd, "birth": p.birth.display() if p.birth else "",
                  "gender": p.gender.label_vi if p.gender else "", "address": p.address}
        if encoding:
            values["name"] = unicode_to_legacy(values["name"], encoding)
            values["gender"] = unicode_to_legacy(values["gender"], encoding)
            values["address"] = unicode_to_legacy(values["address"], encoding)
        cells = [values[k] for k in keys]
        return ([i] if extra_columns else []) + cells + (["Kinh", ""] if extra_columns else [])

    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(titles)
            for i, p in enumerate(records, start=1):
                w.writerow(row(i, p))
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Trích xuất")
    ws.append(["TRÍCH XUẤT DỮ LIỆU DÂN CƯ (DỮ LIỆU THỬ NGHIỆM)"])
    ws.append(titles)
    for i, p in enumerate(records, start=1):
        ws.append(row(i, p))
    wb.save(path)


def score(truth: dict[str, Truth], outcomes: dict[str, tuple[str, str]]) -> dict:
    """Precision and recall of flagging (incorrect or needs police) and of the reason, against the truth.

    outcomes: holder id → (status, reason) as classified."""
    tp = fp = fn = 0
    right_reason = 0
    per_kind: dict[str, Counter] = defaultdict(Counter)
    wrong: list[dict] = []
    for hid, t in truth.items():
        status, reason = outcomes.get(hid, ("pending", ""))
        flagged = status != VerificationStatus.VERIFIED.value
        expected_flag = t.status != VerificationStatus.VERIFIED
        kind = t.kind or t.reason or "verified"
        per_kind[kind]["expected"] += 1
        ok = status == t.status.value and reason == t.reason
        if ok:
            per_kind[kind]["right"] += 1
        else:
            wrong.append({"holder_id": hid, "expected": f"{t.status.value}/{t.reason}", "got": f"{status}/{reason}"})
        if flagged and expected_flag:
            tp += 1
            right_reason += ok
        elif flagged:
            fp += 1
        elif expected_flag:
            fn += 1
    return {
        "judged": len(truth), "flag_precision": tp / (tp + fp) if tp + fp else 1.0,
        "flag_recall": tp / (tp + fn) if tp + fn else 1.0,
        "reason_accuracy": right_reason / tp if tp else 1.0,
        "false_flags": fp, "missed": fn,
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())}, "wrong": wrong[:20],
    }


def plant_old_ids(ctx, count: int, seed: int = 1) -> list[str]:
    """Turn `count` holders that carry an old 9-digit ID into legacy records with only that number
    (their 12-digit ID cleared), the way pre-2016 land records look. Saved through the normal
    dossier save, so audited. Returns the holder ids changed. For demos and tests only."""
    from landdesk.services import dossiers as dossier_service
    from landdesk.storage.commune import verification as store

    rows = [r for r in store.person_holders(ctx.session) if len(matching.id_digits(r.cmnd)) == 9 and r.cccd]
    rng = random.Random(seed)
    chosen = rng.sample(rows, min(count, len(rows)))
    changed = []
    for r in chosen:
        d = dossier_service.get_dossier(ctx, r.dossier_id)
        for h in d.holders:
            if h.id == r.id:
                h.cccd = ""
                changed.append(h.id)
        dossier_service.save_dossier(ctx, d, reason="Dữ liệu thử: hồ sơ cũ chỉ có CMND", allow_errors=True)
    return changed
