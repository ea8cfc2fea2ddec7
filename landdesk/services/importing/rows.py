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
from landdesk.domain.coordinates import coordinate_problem, crs_from_header, split_cell
from landdesk.domain.errors import LandDeskError
from landdesk.domain.text import fold, nfc
from landdesk.domain.values import PartialDate, format_number, parse_area, parse_date, parse_partial_date
from landdesk.services.importing.columnmaps import ColumnMap, Mapping, best_mapping, code_widths
from landdesk.services.importing.legacy import CellDecoder
from landdesk.services.importing.readers import TOO_LONG

HEADER_SCAN_ROWS = 40  # title rows and multi-row headers sit within the first rows
MIN_HEADER_MATCHES = 3
MAX_EMPTY_RUN = 1000  # a sheet with a million formatted but empty rows ends here
MAX_CELL_CHARS = 2000  # no Form 01 value is longer (names 200, addresses a few hundred, scan names)

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
    """Digits of an ID; a number cell (or a CSV saved from one) lost its leading zero: 11 → 12 and 8 → 9
    digits (no 12-digit CCCD or 9-digit CMND is one digit short otherwise: the province codes start with 0)."""
    s = _text(v).replace(" ", "").replace(".", "")
    if len(s) in (8, 11) and s.isdigit() and not isinstance(v, bool):
        s = "0" + s  # typed as a number, or saved as CSV from one: its leading zero is lost
    return s


def _code(field_name: str):
    """A code typed as a number (7228) or as digits that lost their leading zeros: text again, padded
    to the smallest known width that holds it ("07228"); other text as it is."""
    widths = code_widths().get(field_name, ())

    def conv(v) -> str:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        s = _text(v)
        if s.isdigit():
            width = next((w for w in widths if w >= len(s)), 0)
            s = s.zfill(width)
        return s
    return conv


def _coordinates(header: str):
    column_crs = crs_from_header(header)

    def conv(v):
        crs, text = split_cell(_text(v), column_crs)
        if not text:
            return None
        if not crs:
            raise CellError("tọa độ không rõ hệ quy chiếu (ghi “EPSG:…” trước tọa độ hoặc trong tiêu đề cột); "
                            "không lưu", "coordinates without a reference system (write “EPSG:…” before them or "
                            "in the column header); not kept", error=False)
        bad = coordinate_problem(text, crs)
        if bad:
            raise CellError(bad[0] + "; không lưu", bad[1] + "; not kept", error=False)
        return (crs, text)
    return conv


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


_LEGACY_D = str.maketrans({"§": "Đ", "Ñ": "Đ"})  # Đ in TCVN3 and in VNI: a serial's only non-ASCII letter


def _serial(v) -> str:
    return _text(v).translate(_LEGACY_D)


_CONVERTERS = {
    "serial": _serial,
    "issue_date": _date, "holder_birth": _birth, "parcel_area": _area,
    "h_construction_area": _area, "h_floor_area": _area,
    "lu1_area": _area, "lu2_area": _area, "lu3_area": _area,
    "holder_id": _id_number, "cu_id": _id_number, "doc1_no": _id_number, "doc2_no": _id_number,
    "commune_code": _code("commune_code"), "org_id": _code("org_id"), "registry_no": _code("registry_no"),
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


_CODE_AND_NAME = (re.compile(r"^(.*?)\s*[(\[]\s*([A-Za-z]{2,4})\s*[)\]]$"),  # "Đất ở tại nông thôn (ONT)"
                  re.compile(r"^([A-Za-z]{2,4})\s*[-–:.]\s*(.+)$"))  # "ONT - Đất ở …", "ONT: Đất ở …"


@functools.lru_cache(maxsize=4096)  # a register repeats a few dozen land-type texts
def land_use_code(raw: str) -> str | None:
    """The code for an official land-type name or code, also written "name (CODE)", "CODE - name" or
    "CODE: name", in any case and spacing; None for other wording ("thổ cư"), which stays as raw
    text for the cleaning's reviewed bulk fix."""
    table = _official_land_types()
    key = fold(raw)
    if key in table:
        return table[key]
    for i, pattern in enumerate(_CODE_AND_NAME):
        m = pattern.match(" ".join(raw.split()))
        if m:
            code, name = (m.group(2), m.group(1)) if i == 0 else (m.group(1), m.group(2))
            found = table.get(fold(code))
            if found and (not name.strip() or table.get(fold(name), found) == found):
                return found
    return None


_CACHED_TYPES = frozenset((str, float, date))  # not int: 1 == True would share a cache entry
CACHE_LIMIT = 10_000  # per column; a column of unique values (names) just starts over
_SKIP = object()  # the cell converts to nothing


_DATE_FIELDS = frozenset({"issue_date", "holder_birth"})
_DMY_TEXT = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


class RowParser:
    """Converts the mapped cells of each data row; keeps problems with sheet/row/column/value."""

    def __init__(self, sheet: str, header: HeaderFound, decoder: CellDecoder | None = None):
        self.sheet = sheet
        self.header = header
        self.decoder = decoder  # legacy text, decided per cell (None: the sheet has none)
        # with legacy fonts a cell's conversion depends on where it is, not only on its text: the
        # caller converts such rows (decode_row) before they are parsed
        self.by_position = bool(decoder and (decoder.fonts or decoder.default))
        self.columns = sorted(header.mapping.by_column.items())
        self.letters = {c: get_column_letter(c + 1) for c, _ in self.columns}
        # a serial is letters and digits: its one legacy letter (Đ) is read by normalise_serial
        self.serial_col = header.mapping.column_of("serial")
        # (column, field, converter, cache, is a date) for every mapped column but the row number. A
        # register repeats most values (communes, land types, the certificate's cells on each of its
        # rows): each column remembers what its recent values converted to, CellError included.
        self.plan = [(c, name, _coordinates(header.headers[c]) if name == "coordinates" else
                      _CONVERTERS.get(name, _text), {}, name in _DATE_FIELDS)
                     for c, name in self.columns if name != "stt"]
        # legacy text decided here, cell by cell, unless the caller converted the row (decode_row): then
        # the sheet has no legacy fonts, and a cell's font says nothing
        self._decodes = decoder is not None and not self.by_position
        # Excel on a US-locale PC reads "05/11/1970" month first (a real date, 11 May) but leaves
        # "17/05/2012" as text: real dates with day ≤ 12 beside text dates with day > 12 in a column.
        self.real_small: dict[int, list[tuple[int, date]]] = {}
        self.text_late: dict[int, int] = {}

    def _cell(self, conv, v, c: int):
        """The converted value, _SKIP for nothing, or the CellError saying why it is refused."""
        if type(v) is str:
            if len(v) > MAX_CELL_CHARS or v.endswith(TOO_LONG):
                n = len(v)
                return CellError(f"giá trị quá dài ({format_number(n, 'vi')} ký tự; tối đa {format_number(MAX_CELL_CHARS, 'vi')})",
                                 f"value too long ({format_number(n, 'en')} characters; at most {format_number(MAX_CELL_CHARS, 'en')})")
            # without legacy fonts only text within Latin-1 may be legacy (CellDecoder.encoding): most
            # Vietnamese text has a letter beyond it and is Unicode as it stands
            if self._decodes and not v.isascii() and c != self.serial_col and max(v) <= "\xff":
                v = self.decoder.decode(v, 0, c)
        try:
            v = conv(v)
        except CellError as exc:
            return exc
        return _SKIP if v == "" or v is None else v

    def _track_date(self, row_no: int, c: int, v) -> None:
        if isinstance(v, date):
            if v.day <= 12 and v.day != v.month:
                self.real_small.setdefault(c, []).append((row_no, v))
        elif type(v) is str:
            m = _DMY_TEXT.match(v)
            if m and int(m.group(1)) > 12:
                self.text_late[c] = self.text_late.get(c, 0) + 1

    def decode_row(self, row_no: int, row: list) -> list:
        """The row with its legacy cells converted, each by its own font (sheets with legacy fonts)."""
        decode, serial = self.decoder.decode, self.serial_col
        return [decode(v, row_no, c) if type(v) is str and c != serial and not v.isascii() else v
                for c, v in enumerate(row)]

    def flipped_dates(self) -> list[RowProblem]:
        """Warnings for the real dates of a column that also holds day-first text dates Excel could not
        read month first: those real dates were probably flipped."""
        out = []
        for c, cells in self.real_small.items():
            if not self.text_late.get(c):
                continue
            for row_no, d in cells:
                shown = f"{d.day:02d}/{d.month:02d}/{d.year}"
                meant = f"{d.month:02d}/{d.day:02d}/{d.year}"
                out.append(RowProblem(self.sheet, row_no, self.letters[c], self.header.headers[c], shown,
                                      f"ngày có thể bị Excel kiểu Mỹ đảo ngày/tháng: {shown} có lẽ là {meant} "
                                      "(cột này có ngày khác ghi dạng chữ ngày/tháng/năm); hãy kiểm tra",
                                      f"date possibly flipped by a US-locale Excel: {shown} may be {meant} (this "
                                      "column also has day-first dates Excel left as text); please check",
                                      error=False))
        return out

    def parse(self, row_no: int, row: list) -> ParsedRow | None:
        """None for an empty row."""
        values: dict = {}
        problems: list[RowProblem] = []
        n = len(row)
        cell = self._cell
        for c, name, conv, cache, is_date in self.plan:
            if c >= n:
                continue
            v = row[c]
            if v == "" or v is None:
                continue
            if is_date:
                self._track_date(row_no, c, v)
            if type(v) in _CACHED_TYPES:
                out = cache.get(v, cache)
                if out is cache:
                    if len(cache) >= CACHE_LIMIT:
                        cache.clear()
                    out = cache[v] = cell(conv, v, c)
            else:
                out = cell(conv, v, c)
            if out is _SKIP:
                continue
            if out.__class__ is CellError:
                problems.append(RowProblem(self.sheet, row_no, self.letters[c], self.header.headers[c],
                                           _text(row[c])[:80], out.vi, out.en, out.error))
                continue
            values[name] = out
        if n and type(row[-1]) is str and row[-1].endswith(TOO_LONG) and not problems:
            problems.append(RowProblem(self.sheet, row_no, "", "", "", "dòng quá dài; không đọc hết được",
                                       "row too long; it could not be read whole"))
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
