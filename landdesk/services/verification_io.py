"""Files exchanged with the commune police: the population extract they provide (xlsx/xls/ods/csv),
the request list we send them, and their filled-in answers.

Columns are found by header text, never by position (the police's exports differ); legacy TCVN3 /
VNI text is converted and reported. A file missing a needed column is refused with a message
naming the column — never partly read.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from landdesk.domain import i18n
from landdesk.domain.codes import Gender
from landdesk.domain.errors import LandDeskError
from landdesk.domain.matching import Person
from landdesk.domain.text import detect_legacy, fold, legacy_to_unicode, nfc
from landdesk.domain.values import PartialDate, format_number, parse_partial_date

HEADER_SCAN_ROWS = 30
LEGACY_SAMPLE = 5000  # rows looked at to detect TCVN3 / VNI text
MAX_FILE_BYTES = 300 * 1024 * 1024  # as the workbook importer; a 500k-person extract is about 40 MB
MAX_ROWS = 1_500_000  # a whole province's extract, not a commune's, still fits
MAX_FIELD = {"name": 200, "cccd": 40, "cmnd": 40, "birth": 40, "gender": 20, "address": 1000}  # characters
COLUMN_SAMPLE = 2000  # non-empty values per column looked at to see that it holds what its header says
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

# Folded header texts per field. Exact matches win; then a header containing an alias as words.
EXTRACT_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("ho va ten", "ho ten", "ho ten cong dan", "ho va ten cong dan", "ten cong dan", "full name", "name"),
    "cccd": ("so dinh danh ca nhan", "so dinh danh", "ma dinh danh", "so cccd", "cccd", "so can cuoc",
             "so can cuoc cong dan", "can cuoc cong dan", "so the can cuoc", "id number", "personal id", "id"),
    "cmnd": ("so cmnd", "cmnd", "so chung minh nhan dan", "chung minh nhan dan", "cmnd cu", "so cmnd cu",
             "old id", "old id number"),
    "birth": ("ngay sinh", "ngay thang nam sinh", "ngay, thang, nam sinh", "nam sinh", "sinh ngay",
              "date of birth", "birth date", "dob"),
    "gender": ("gioi tinh", "gender", "sex"),
    "address": ("noi thuong tru", "dia chi thuong tru", "thuong tru", "dia chi", "address"),
}
FIELD_NAMES_VI = {"name": "Họ và tên", "cccd": "Số định danh cá nhân", "cmnd": "Số CMND", "birth": "Ngày sinh",
                  "gender": "Giới tính", "address": "Nơi thường trú", "ref": "Mã tham chiếu",
                  "result": "Kết quả xác minh"}
FIELD_NAMES_EN = {"name": "Full name", "cccd": "Personal ID number", "cmnd": "Old ID number",
                  "birth": "Date of birth", "gender": "Gender", "address": "Permanent address",
                  "ref": "Reference", "result": "Verification result"}


@dataclass
class TableNotes:
    """What the officer should know about how a file was read (no personal data)."""

    columns: dict[str, str] = field(default_factory=dict)  # field → header text as found
    ignored_columns: list[str] = field(default_factory=list)
    legacy_encoding: str | None = None  # "tcvn3" / "vni" when text was converted
    skipped_rows: int = 0  # rows without a usable name or ID
    bad_dates: int = 0
    header_row: int = 0  # 1-based

    def lines(self, lang: str = "vi") -> list[str]:
        out = []
        names = {k: i18n.pick(vi, FIELD_NAMES_EN[k], lang) for k, vi in FIELD_NAMES_VI.items()}
        cols = ", ".join(f"{names.get(k, k)} ← “{v}”" for k, v in self.columns.items())
        out.append(i18n.pick("Cột đã nhận: ", "Columns mapped: ", lang) + cols)
        if self.ignored_columns:
            out.append(i18n.pick("Cột bỏ qua: ", "Columns ignored: ", lang) + ", ".join(self.ignored_columns))
        if self.legacy_encoding:
            enc = self.legacy_encoding.upper()
            out.append(i18n.pick(f"Đã chuyển phông {enc} sang Unicode.", f"Converted {enc} text to Unicode.", lang))
        if self.skipped_rows:
            out.append(i18n.pick(f"Bỏ qua {self.skipped_rows} dòng không có họ tên hoặc số định danh.",
                                 f"Skipped {self.skipped_rows} row(s) without a name or ID.", lang))
        if self.bad_dates:
            out.append(i18n.pick(f"{self.bad_dates} ngày sinh không đọc được (coi như để trống).",
                                 f"{self.bad_dates} unreadable birth date(s) (taken as empty).", lang))
        return out


# --- Reading tables --------------------------------------------------------------------------

def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _too_big(what_vi: str, what_en: str, path: Path) -> LandDeskError:
    return LandDeskError(f"Tệp {path.name} bị từ chối: {what_vi}. Không có gì được thay đổi.",
                         f"The file {path.name} was refused: {what_en}. Nothing was changed.")


def read_rows(path: Path) -> list[list]:
    """All rows of the first sheet (or of a CSV), cells as read, within the same bounds as the
    workbook importer (file size, zip bombs, a sheet's extent) and MAX_ROWS rows. Refuses
    unreadable or oversized files clearly."""
    path = Path(path)
    if not path.is_file():
        raise LandDeskError(f"Không tìm thấy tệp: {path.name}", f"File not found: {path.name}")
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise LandDeskError(f"Không đọc được loại tệp {suffix or '(không có đuôi)'}: hãy dùng xlsx, xls, ods hoặc csv.",
                            f"Cannot read {suffix or '(no extension)'} files: use xlsx, xls, ods or csv.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _too_big(f"lớn hơn {MAX_FILE_BYTES // 2**20} MB", f"larger than {MAX_FILE_BYTES // 2**20} MB", path)
    if suffix == ".csv":
        rows = _read_csv(path)
    else:
        from landdesk.services.importing import readers

        sheets = readers.read_workbook(path)  # the importer's bounded reader (zip bomb, sheet extent)
        if not sheets:
            raise LandDeskError(f"Tệp {path.name} không có trang tính nào.", f"The file {path.name} has no sheet.")
        rows = sheets[0].rows()
    out: list[list] = []
    try:
        for row in rows:
            if len(out) >= MAX_ROWS:
                raise _too_big(f"có hơn {format_number(MAX_ROWS, 'vi')} dòng", f"more than {format_number(MAX_ROWS, 'en')} rows", path)
            out.append(row)
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte ...
        raise _too_big(f"dòng {len(out) + 1} không đọc được (ô quá dài hoặc ký tự lạ)",
                       f"row {len(out) + 1} cannot be read (a cell too long or a stray character)", path) from exc
    return out


def _read_csv(path: Path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # 8-bit legacy exports (TCVN3 bytes read as cp1252)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def folded_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


# Headers about another person than the row's own ("Họ tên chủ hộ", "Quan hệ với chủ hộ").
_OTHER_PERSON = (" chu ho", " cha ", " me ", " vo ", " chong ", " quan he")


def _score_header(text: str, aliases: dict[str, tuple[str, ...]]) -> tuple[str | None, int]:
    """(field, 2) for a header equal to an alias, (field, 1) for one containing an alias as words,
    (None, 0) otherwise."""
    key = folded_words(text)
    if not key:
        return None, 0
    for name, options in aliases.items():
        if key in (folded_words(a) for a in options):
            return name, 2
    padded = f" {key} "
    if any(w in padded for w in _OTHER_PERSON):
        return None, 0
    best, best_len = None, 0
    for name, options in aliases.items():
        for a in options:
            w = folded_words(a)
            if len(w) >= 4 and f" {w} " in padded and len(w) > best_len:
                best, best_len = name, len(w)
    return best, 1 if best else 0


def match_header(text: str, aliases: dict[str, tuple[str, ...]]) -> str | None:
    return _score_header(text, aliases)[0]


def find_header(rows: list[list], aliases: dict[str, tuple[str, ...]]) -> tuple[int, dict[str, int], list[str]]:
    """(header row index, field → column index, ignored header texts) for the row that names most
    fields. Within a row an exact header wins over one that only contains the words, then the
    leftmost."""
    best: tuple[int, dict[str, int], list[str]] = (-1, {}, [])
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        scored: dict[str, tuple[int, int]] = {}  # field → (-score, column)
        texts: dict[int, str] = {}
        for j, cell in enumerate(row):
            text = nfc(cell_text(cell))
            if not text:
                continue
            texts[j] = text
            name, score = _score_header(text, aliases)
            if name is None and not text.isascii():  # headers typed in a TCVN3 / VNI font
                for enc in ("tcvn3", "vni"):
                    name, score = _score_header(legacy_to_unicode(text, enc), aliases)
                    if name:
                        break
            if name and (-score, j) < scored.get(name, (0, len(row))):
                scored[name] = (-score, j)
        found = {name: j for name, (_, j) in scored.items()}
        used = set(found.values())
        ignored = [t for j, t in texts.items() if j not in used]
        if len(found) > len(best[1]):
            best = (i, found, ignored)
    return best


def missing_columns_error(missing: list[str], path: Path) -> LandDeskError:
    vi = ", ".join(FIELD_NAMES_VI[m] for m in missing)
    en = ", ".join(FIELD_NAMES_EN[m] for m in missing)
    return LandDeskError(f"Tệp {path.name} thiếu cột: {vi}. Không có gì được thay đổi.",
                         f"The file {path.name} lacks the column(s): {en}. Nothing was changed.")


def legacy_encoding_of(rows: list[list], cols: Iterable[int]) -> str | None:
    return detect_legacy(cell_text(r[j]) for r in rows for j in cols if j < len(r))


_EXCEL_EPOCH = date(1899, 12, 30)


def parse_birth(value, notes: TableNotes) -> PartialDate | None:
    if isinstance(value, (datetime, date)):
        return PartialDate.from_date(value.date() if isinstance(value, datetime) else value)
    if isinstance(value, (float, int)) and not isinstance(value, bool) and float(value).is_integer():
        if 1880 <= value <= 2100:
            return PartialDate(int(value))  # a birth year typed as a number
        if 2100 < value < 80_000:  # a date cell that lost its date format: the spreadsheet's day number
            return PartialDate.from_date(_EXCEL_EPOCH + timedelta(days=int(value)))
    try:
        return parse_partial_date(cell_text(value))
    except ValueError:
        notes.bad_dates += 1
        return None


def parse_gender(text: str) -> Gender | None:
    key = fold(text)
    if key in ("nam", "male", "m"):
        return Gender.MALE
    if key in ("nu", "female", "f"):
        return Gender.FEMALE
    return None


def id_digits(text: str) -> str:
    if text.isdigit() and len(text) in (9, 12):
        return text
    s = re.sub(r"[\s.\-]", "", text)
    if s.isdigit() and len(s) in (8, 11):  # a spreadsheet dropped the leading zero of a number cell
        s = "0" + s
    return s


def _too_long(path: Path, row: int, f: str, limit: int) -> LandDeskError:
    return LandDeskError(f"Tệp {path.name}, dòng {row}: ô “{FIELD_NAMES_VI[f]}” dài hơn {limit} ký tự. "
                         "Không có gì được thay đổi.",
                         f"{path.name}, row {row}: the “{FIELD_NAMES_EN[f]}” cell is longer than {limit} characters. "
                         "Nothing was changed.")


def _looks_like(f: str, value) -> bool:
    """Does one non-empty cell look like what a column of field f holds?"""
    if f == "birth":
        if isinstance(value, (datetime, date)) or (isinstance(value, float | int) and 1880 <= value < 80_000):
            return True
        try:
            return parse_partial_date(cell_text(value)) is not None
        except ValueError:
            return False
    text = cell_text(value).strip()
    if f in ("cccd", "cmnd"):
        d = id_digits(text)
        return d.isdigit() and len(d) in (9, 12)
    if f == "gender":
        return parse_gender(text) is not None or fold(text) in ("nu", "nam")
    if f == "name":
        return any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)
    return any(c.isalpha() for c in text)  # address


def check_columns(body: list[list], cols: dict[str, int], headers: dict[str, str], path: Path) -> None:
    """Refuse a file whose column does not hold what its header says (e.g. the name and ID columns
    swapped): fewer than half of a sample of its values look right. Names and IDs are checked from
    the first value; the other columns from five values (a few odd dates are only counted)."""
    for f, j in cols.items():
        sample = []
        for row in body:
            if j < len(row) and row[j] not in (None, "") and cell_text(row[j]).strip():
                sample.append(row[j])
                if len(sample) >= COLUMN_SAMPLE:
                    break
        if len(sample) < (1 if f in ("name", "cccd", "cmnd") else 5):
            continue
        ok = sum(1 for value in sample if _looks_like(f, value))
        if ok * 2 < len(sample):
            raise LandDeskError(
                f"Tệp {path.name}: cột “{headers.get(f, '')}” không chứa {FIELD_NAMES_VI[f].lower()} "
                f"(chỉ {ok}/{len(sample)} giá trị đúng dạng) — có thể các cột bị đổi chỗ. Không có gì được thay đổi.",
                f"{path.name}: the column “{headers.get(f, '')}” does not hold {FIELD_NAMES_EN[f].lower()} values "
                f"(only {ok} of {len(sample)} look right) — the columns may be swapped. Nothing was changed.")


def read_extract(path: Path) -> tuple[list[Person], TableNotes]:
    """The people in a population extract. Needs a name, a birth date and a 12- or 9-digit ID column."""
    path = Path(path)
    rows = read_rows(path)
    h, cols, ignored = find_header(rows, EXTRACT_ALIASES)
    missing = [f for f in ("name", "birth") if f not in cols]
    if "cccd" not in cols and "cmnd" not in cols:
        missing.append("cccd")
    if h < 0 or missing:
        raise missing_columns_error(missing or ["name", "birth", "cccd"], path)
    body = rows[h + 1:]
    notes = TableNotes(columns={f: nfc(cell_text(rows[h][j])) for f, j in cols.items()},
                       ignored_columns=ignored, header_row=h + 1)
    # A file is typed in one encoding: a sample decides (the whole column costs seconds at 500k rows).
    enc = legacy_encoding_of(body[:LEGACY_SAMPLE], [cols[f] for f in ("name", "address") if f in cols])
    notes.legacy_encoding = enc
    width = max(cols.values()) + 1

    # Extracts repeat the same dates and genders many times: convert each distinct cell once.
    @functools.cache
    def birth_of(value) -> PartialDate | None:
        return parse_birth(value, notes)

    @functools.cache
    def gender_of(value) -> Gender | None:
        text = cell_text(value)
        return parse_gender(legacy_to_unicode(text, enc) if enc else text)

    def text_of(value, legacy: bool) -> str:
        s = value if isinstance(value, str) else cell_text(value)
        return nfc(legacy_to_unicode(s, enc) if legacy and enc else s)

    check_columns(body, cols, notes.columns, path)
    jn, jb = cols["name"], cols["birth"]
    jc, jm, jg, ja = cols.get("cccd"), cols.get("cmnd"), cols.get("gender"), cols.get("address")
    people: list[Person] = []
    name_max, id_max, address_max = MAX_FIELD["name"], MAX_FIELD["cccd"], MAX_FIELD["address"]
    for i, row in enumerate(body, start=h + 2):
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        name = text_of(row[jn], True)
        cccd = id_digits(cell_text(row[jc])) if jc is not None else ""
        cmnd = id_digits(cell_text(row[jm])) if jm is not None else ""
        # What is kept is bounded (the birth date and gender are parsed into small values).
        if len(name) > name_max or len(cccd) > id_max or len(cmnd) > id_max:
            f = "name" if len(name) > name_max else "cccd" if len(cccd) > id_max else "cmnd"
            raise _too_long(path, i, f, MAX_FIELD[f])
        if not name or not (cccd or cmnd):
            if any(cell_text(c).strip() for c in row):
                notes.skipped_rows += 1
            continue
        b = row[jb]
        address = text_of(row[ja], True) if ja is not None else ""
        if len(address) > address_max:
            raise _too_long(path, i, "address", address_max)
        people.append(Person(name=name, cccd=cccd, cmnd=cmnd,
                             birth=birth_of(b) if b not in (None, "") else None,
                             gender=gender_of(row[jg]) if jg is not None else None,
                             address=address))
    return people, notes
