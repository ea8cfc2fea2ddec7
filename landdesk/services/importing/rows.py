"""From sheet cells to typed Form 01 row values: find the header, convert each mapped cell.

A row's problems name the sheet, row, column, value and what is wrong (Vietnamese and English), so
the officer can fix the workbook; errors refuse the row's dossier, warnings only inform.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl.utils import get_column_letter

from landdesk.domain import reference
from landdesk.domain.codes import ChangeReason, Gender, LegalForm, Role, UseForm, VerificationStatus
from landdesk.domain.errors import LandDeskError
from landdesk.domain.text import fold, nfc
from landdesk.domain.values import PartialDate, parse_area, parse_date, parse_partial_date
from landdesk.services.importing.columnmaps import ColumnMap, Mapping, best_mapping

HEADER_SCAN_ROWS = 40  # title rows and multi-row headers sit within the first rows
MIN_HEADER_MATCHES = 3
MAX_EMPTY_RUN = 1000  # a sheet with a million formatted but empty rows ends here

_ITEM_CELL = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass
class RowProblem:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # letter, "" for the whole row
    header: str
    value: str
    vi: str
    en: str
    error: bool = True


@dataclass
class ParsedRow:
    row: int
    values: dict
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.error for p in self.problems)


@dataclass
class HeaderFound:
    row_index: int  # 0-based index of the (lowest) header row
    headers: list[str]
    mapping: Mapping


_NFC_CACHE: dict[str, str] = {}


def _text(v) -> str:
    if v is None or v == "":
        return ""
    if type(v) is str:
        out = _NFC_CACHE.get(v)
        if out is None:
            if len(_NFC_CACHE) > 200_000:  # bounded: names and addresses rarely repeat
                _NFC_CACHE.clear()
            out = _NFC_CACHE[v] = nfc(v)
        return out
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return nfc(str(v))


def find_header(head: list[list], maps: tuple[ColumnMap, ...]) -> HeaderFound | None:
    """The header row: the row (with cells of a merged row above filled in) matching most columns."""
    best: HeaderFound | None = None
    for r, row in enumerate(head[:HEADER_SCAN_ROWS]):
        cells = [_text(c) for c in row]
        if sum(1 for c in cells if c) < MIN_HEADER_MATCHES:
            continue
        above = [_text(c) for c in head[r - 1]] if r > 0 else []
        headers = [c or (above[i] if i < len(above) else "") for i, c in enumerate(cells)]
        mapping = best_mapping(headers, maps)
        if mapping.score >= MIN_HEADER_MATCHES and (best is None or mapping.score > best.mapping.score):
            best = HeaderFound(r, headers, mapping)
    return best


def is_item_number_row(row: list) -> bool:
    """The "(1) (2) (3) …" row printed under the template's headers."""
    cells = [c for c in (_text(x) for x in row) if c]
    return len(cells) >= MIN_HEADER_MATCHES and all(_ITEM_CELL.match(c) for c in cells)


# ---- cell converters: value → typed value; raise ValueError with (vi, en) on bad input -----------

class CellError(ValueError):
    def __init__(self, vi: str, en: str, error: bool = True):
        super().__init__(en)
        self.vi, self.en, self.error = vi, en, error


def _date(v) -> date | None:
    if v == "" or v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 < v < 80000:  # Excel serial day
        return (_EXCEL_EPOCH + timedelta(days=int(v))).date()
    try:
        return parse_date(str(v))
    except ValueError:
        raise CellError("ngày không đọc được (cần dd/mm/yyyy)", "unreadable date (expected dd/mm/yyyy)") from None


def _birth(v) -> PartialDate | None:
    if v == "" or v is None:
        return None
    if isinstance(v, (datetime, date)):
        return PartialDate.from_date(v.date() if isinstance(v, datetime) else v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if 1800 <= v <= 2100 and float(v).is_integer():  # year only
            return PartialDate(int(v))
        if 1 < v < 80000:
            return PartialDate.from_date((_EXCEL_EPOCH + timedelta(days=int(v))).date())
    try:
        return parse_partial_date(str(v))
    except ValueError:
        raise CellError("ngày sinh không đọc được (dd/mm/yyyy, mm/yyyy hoặc yyyy)",
                        "unreadable birth date (dd/mm/yyyy, mm/yyyy or yyyy)") from None


def _area(v) -> float | None:
    if v == "" or v is None:
        return None
    if isinstance(v, bool):
        raise CellError("diện tích không phải là số", "area is not a number")
    try:
        return parse_area(v)
    except ValueError:
        raise CellError("diện tích không phải là số (dùng dấu phẩy thập phân, ví dụ 125,5)",
                        "area is not a number (e.g. 125,5)") from None


def _id_number(v) -> str:
    """Digits of an ID; a number cell lost its leading zero, so 11 → 12 and 8 → 9 digits."""
    s = _text(v).replace(" ", "").replace(".", "")
    if isinstance(v, (int, float)) and not isinstance(v, bool) and len(s) in (8, 11):
        s = "0" + s
    return s


def _enum(cls, what_vi: str, what_en: str):
    allowed = ", ".join(m.label_vi for m in cls)
    known: dict[str, object] = {}  # the same few labels repeat on every row

    def conv(v):
        s = _text(v)
        if not s:
            return None
        member = known.get(s)
        if member is None:
            member = known[s] = cls.from_label(s)
        if member is None:
            raise CellError(f"{what_vi} không hợp lệ; chọn một trong: {allowed}",
                            f"invalid {what_en}; use one of: {allowed}")
        return member
    return conv


_CONVERTERS = {
    "issue_date": _date, "holder_birth": _birth, "parcel_area": _area,
    "h_construction_area": _area, "h_floor_area": _area,
    "lu1_area": _area, "lu2_area": _area, "lu3_area": _area,
    "holder_id": _id_number, "cu_id": _id_number, "doc1_no": _id_number, "doc2_no": _id_number,
    "holder_gender": _enum(Gender, "giới tính", "gender"),
    "legal_form": _enum(LegalForm, "pháp nhân", "legal form"),
    "role": _enum(Role, "vai trò", "role"),
    "cu_reason": _enum(ChangeReason, "lý do thay đổi", "reason for change"),
    "lu1_form": _enum(UseForm, "hình thức sử dụng", "form of use"),
    "lu2_form": _enum(UseForm, "hình thức sử dụng", "form of use"),
    "lu3_form": _enum(UseForm, "hình thức sử dụng", "form of use"),
    "doc1_status": _enum(VerificationStatus, "trạng thái xác thực", "verification status"),
    "doc2_status": _enum(VerificationStatus, "trạng thái xác thực", "verification status"),
}


@functools.cache
def _official_land_types() -> dict[str, str]:
    table = {}
    for u in reference.land_use_codes():
        table[fold(u.code)] = u.code
        table[fold(u.name_vi)] = u.code
    return table


@functools.lru_cache(maxsize=4096)  # a register repeats a few dozen land-type texts
def land_use_code(raw: str) -> str | None:
    """The code for an official land-type name or code ("Đất ở tại nông thôn", "ONT"); None for
    other wording ("thổ cư"), which stays as raw text for the cleaning's reviewed bulk fix."""
    return _official_land_types().get(fold(raw))


def _identity(s: str) -> str:
    return s


_CACHED_TYPES = frozenset((str, float, date))  # not int: 1 == True would share a cache entry
CACHE_LIMIT = 10_000  # per column; a column of unique values (names) just starts over
_SKIP = object()  # the cell converts to nothing


class RowParser:
    """Converts the mapped cells of each data row; keeps problems with sheet/row/column/value."""

    def __init__(self, sheet: str, header: HeaderFound, convert=_identity):
        self.sheet = sheet
        self.header = header
        self.convert = convert  # legacy-text converter for str cells (identity when not needed)
        self.columns = sorted(header.mapping.by_column.items())
        self.letters = {c: get_column_letter(c + 1) for c, _ in self.columns}
        self.legacy = convert is not _identity
        # (column, field, converter, cache) for every mapped column but the row number. A register
        # repeats most values (communes, land types, the certificate's cells on each of its rows):
        # each column remembers what its recent values converted to, CellError included.
        self.plan = [(c, name, _CONVERTERS.get(name, _text), {}) for c, name in self.columns if name != "stt"]

    def _cell(self, conv, v):
        """The converted value, _SKIP for nothing, or the CellError saying why it is refused."""
        if self.legacy and type(v) is str:
            v = self.convert(v)
        try:
            v = conv(v)
        except CellError as exc:
            return exc
        return _SKIP if v == "" or v is None else v

    def parse(self, row_no: int, row: list) -> ParsedRow | None:
        """None for an empty row."""
        values: dict = {}
        problems: list[RowProblem] = []
        n = len(row)
        cell = self._cell
        for c, name, conv, cache in self.plan:
            if c >= n:
                continue
            v = row[c]
            if v == "" or v is None:
                continue
            if type(v) in _CACHED_TYPES:
                out = cache.get(v, cache)
                if out is cache:
                    if len(cache) >= CACHE_LIMIT:
                        cache.clear()
                    out = cache[v] = cell(conv, v)
            else:
                out = cell(conv, v)
            if out is _SKIP:
                continue
            if out.__class__ is CellError:
                problems.append(RowProblem(self.sheet, row_no, self.letters[c], self.header.headers[c],
                                           _text(row[c])[:80], out.vi, out.en, out.error))
                continue
            values[name] = out
        if not values and not problems:
            return None
        return ParsedRow(row_no, values, problems)

    def problem(self, row_no: int, field_name: str, vi: str, en: str, *, error: bool = True,
                value: str = "") -> RowProblem:
        c = self.header.mapping.column_of(field_name)
        return RowProblem(self.sheet, row_no, self.letters.get(c, "") if c is not None else "",
                          self.header.headers[c] if c is not None else "", value[:80], vi, en, error)


def no_header_error(sheet_names: list[str]) -> LandDeskError:
    names = ", ".join(sheet_names[:5])
    return LandDeskError(
        f"Không tìm thấy dòng tiêu đề Mẫu 01 (ví dụ “Số phát hành GCN”, “Họ và tên…”) trong các trang: {names}. "
        "Hãy chọn đúng trang tính hoặc lập bảng ánh xạ cột.",
        f"No Form 01 header row (e.g. “Số phát hành GCN”) found in the sheets: {names}. "
        "Pick the right sheet or build a column map.")
