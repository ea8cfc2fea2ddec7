"""A register's sheet as rows of Form 01 values: find the sheet and its header, then read the data
area — merged cells filled down, legacy text converted cell by cell, the end of the table found —
and say what was filled, skipped, converted or not kept."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import CancelToken, Progress
from landdesk.domain.serial import is_serial_shape
from landdesk.services.importing import columnmaps, readers
from landdesk.services.importing.layout import MergeFill, footer_text
from landdesk.services.importing.legacy import CellDecoder
from landdesk.services.importing.readers import SheetSource
from landdesk.services.importing.rows import (
    MAX_EMPTY_RUN,
    HeaderFound,
    ParsedRow,
    RowParser,
    RowProblem,
    _text,
    find_header,
    is_item_number_row,
    no_header_error,
)

SAMPLE_ROWS = 500  # rows read to find the header and learn each column's legacy encoding
MAX_ROWS = 1_000_000

# Mapped columns whose values LandDesk does not keep, and why (every other mapped column is kept).
NOT_KEPT = {
    "stt": ("số thứ tự dòng, đánh lại khi xuất", "row number, renumbered on export"),
    "has_scans": ("tính lại từ bản quét khi xuất", "worked out again from the scans on export"),
    "cert_type": ("khi xuất ghi “Giấy chứng nhận”", "written as “Giấy chứng nhận” on export"),
}


@dataclass
class IgnoredColumn:
    column: str  # letter
    header: str
    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.column} “{self.header}”"


@dataclass
class LocatedSheet:
    src: SheetSource
    found: HeaderFound
    decoder: CellDecoder
    head: list[list]  # the first rows, legacy text converted


@dataclass
class SheetRows:
    rows: list[ParsedRow]
    problems: list[RowProblem] = field(default_factory=list)  # skipped rows, flipped dates
    merged_cells: int = 0  # cells given the value of the merged range over them
    skipped: int = 0


def _decoded(raw: list[list], decoder: CellDecoder, known: frozenset[str]) -> list[list]:
    out = []
    for r, row in enumerate(raw):
        line = []
        for c, v in enumerate(row):
            if type(v) is str and not v.isascii() and columnmaps.header_key(v) not in known:
                v = decoder.decode(v, r + 1, c)  # a cell that already names a column stays as it is
            line.append(v)
        out.append(line)
    return out


def locate(path: Path, maps: tuple[columnmaps.ColumnMap, ...], sheet_name: str | None,
           column_map: columnmaps.ColumnMap | None) -> LocatedSheet:
    """The sheet holding Form 01 rows, its header and its legacy-text decoder."""
    sheets = readers.read_workbook(path)
    if sheet_name is not None:
        sheets = [s for s in sheets if s.name == sheet_name]
        if not sheets:
            raise LandDeskError(f"Không có trang tính “{sheet_name}” trong tệp.", f"No sheet “{sheet_name}” in the file.")
    use = (column_map,) if column_map else maps
    known = columnmaps.known_header_keys(use)
    best: LocatedSheet | None = None
    for src in sheets:
        decoder = CellDecoder(src.legacy())
        raw = list(itertools.islice(src.rows(), SAMPLE_ROWS))
        decoder.learn(raw, 1, columns=False)
        head = _decoded(raw, decoder, known)
        found = find_header(head, use)
        if found and (best is None or found.mapping.score > best.found.mapping.score):
            decoder.learn(raw[found.row_index + 1:], found.row_index + 2)
            best = LocatedSheet(src, found, decoder, head)
    if best is None:
        raise no_header_error([s.name for s in sheets])
    best.decoder.converted.clear()  # count conversions in the data only
    return best


def ignored_columns(found: HeaderFound) -> list[IgnoredColumn]:
    out = [IgnoredColumn(get_column_letter(c + 1), found.headers[c], "không khớp trường Mẫu 01 nào",
                         "matches no Form 01 field") for c in found.mapping.unmatched if found.headers[c]]
    for c, f in sorted(found.mapping.by_column.items()):
        if f in NOT_KEPT:
            out.append(IgnoredColumn(get_column_letter(c + 1), found.headers[c], *NOT_KEPT[f]))
    return sorted(out, key=lambda i: (len(i.column), i.column))


@functools.lru_cache(maxsize=4096)  # a certificate's rows repeat its serial
def _serial_shaped(serial) -> bool:
    return bool(serial) and is_serial_shape(str(serial))


def _skip(sheet: str, row_no: int, row: list, vi: str, en: str) -> RowProblem:
    text = next((_text(c) for c in row if _text(c)), "")
    return RowProblem(sheet, row_no, "", "", text[:80], f"bỏ qua dòng: {vi}", f"row skipped: {en}", error=False)


def read_rows(located: LocatedSheet, progress: Progress, cancel: CancelToken) -> SheetRows:
    src, found = located.src, located.found
    parser = RowParser(src.name, found, located.decoder)
    fill = MergeFill(src.merges(), found.row_index + 1)
    out = SheetRows([])
    empty_run = 0
    leading = True
    below = None  # the row that ended the table, once seen
    rows = src.rows()
    if parser.by_position:  # converted where each cell is, before a merged value is copied down
        rows = (parser.decode_row(i + 1, row) for i, row in enumerate(rows))
    if fill:
        rows = fill.rows(rows)
    for index, row in enumerate(rows):
        if index <= found.row_index:
            continue
        row_no = index + 1
        if leading and is_item_number_row(row):
            continue
        leading = False
        p = parser.parse(row_no, row)
        if p is None and not any(type(c) is str and c.strip() for c in row):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        data_like = p is not None and (bool(p.values.get("guid")) or _serial_shaped(p.values.get("serial")))
        if not data_like:
            decoded = [located.decoder.decode(c, row_no, i) if type(c) is str else c for i, c in enumerate(row)]
            hit = footer_text(decoded)
            if hit is not None:
                below = below or row_no
                out.problems.append(_skip(src.name, row_no, decoded, f"{hit.reason_vi} (“{hit.text}”)",
                                          f"{hit.reason_en} (“{hit.text}”)"))
                out.skipped += 1
                continue
            if below is not None:
                out.problems.append(_skip(src.name, row_no, decoded, f"nằm dưới cuối bảng (dòng {below})",
                                          f"below the end of the table (row {below})"))
                out.skipped += 1
                continue
            if p is None:  # text only in columns no field reads (a title, a stray note)
                continue
        out.rows.append(p)
        if len(out.rows) > MAX_ROWS:
            raise LandDeskError("Tệp có hơn 1.000.000 dòng dữ liệu; hãy chia nhỏ tệp.",
                                "The file has more than 1,000,000 data rows; split it.")
        if row_no % 5000 == 0:
            cancel.check()
            progress(row_no, 0, "rows")
    out.problems += parser.flipped_dates()
    out.merged_cells = fill.filled
    return out
