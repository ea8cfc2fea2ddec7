"""Workbook readers, chosen by file extension (a small format registry, as in Picard).

Every reader yields sheets as SheetSource: a lazy row iterator (row 0 is the sheet's row 1, cell 0
its column A; cells are str, int, float, bool, date or datetime, and "" when empty), the sheet's
merged ranges, and the cells written in a legacy Vietnamese font. xlsx and ods go through
python-calamine (fast, Rust) after sheetscan has bounded what it would allocate; xls through xlrd,
which keeps cells sparse and gives merges and fonts; csv through the standard library, streamed,
a line at a time and each line bounded.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.errors import LandDeskError
from landdesk.domain.text import legacy_votes, looks_vietnamese
from landdesk.services.importing import sheetscan, xlsxscan

MAX_FILE_BYTES = 300 * 1024 * 1024  # a Form 01 workbook of 100k rows is about 10 MB
MAX_UNZIPPED_BYTES = 2 * 1024**3  # sum of the uncompressed sizes in the zip directory
MAX_ENTRY_RATIO = 400  # sheet XML compresses 10–50×; a bomb compresses 1000× and more
MAX_LINE_CHARS = 64 * 1024  # one CSV line; a longer one is cut and its row refused as too long
TOO_LONG = "\x00…"  # marks a cut CSV line: the row parser refuses the row that holds it
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class SheetSource:
    name: str
    rows: Callable[[], Iterator[list]]  # a fresh iterator each call
    merges: Callable[[], list[Merge]] = lambda: []
    # cells in a legacy font: sheet row (1-based) → code per column, row 0 every cell; None: no fonts (CSV)
    legacy: Callable[[], dict[int, bytearray] | None] = lambda: None


Reader = Callable[[Path], list[SheetSource]]
_READERS: dict[str, Reader] = {}


def register_format(*extensions: str):
    def deco(fn: Reader) -> Reader:
        for ext in extensions:
            _READERS[ext.lower()] = fn
        return fn
    return deco


def supported_extensions() -> list[str]:
    return sorted(_READERS)


def _bad_file(detail_vi: str = "", detail_en: str = "") -> LandDeskError:
    return LandDeskError(
        "Không đọc được tệp: tệp không phải là bảng tính Excel/ODS/CSV hợp lệ" + (f" ({detail_vi})." if detail_vi else "."),
        "Cannot read the file: it is not a valid Excel/ODS/CSV workbook" + (f" ({detail_en})." if detail_en else "."))


def check_zip(path: Path) -> None:
    """Refuse archives whose directory promises more than we are willing to inflate."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _bad_file("tệp nén bị hỏng", "damaged archive") from exc
    total = sum(i.file_size for i in infos)
    bomb = total > MAX_UNZIPPED_BYTES or any(
        i.file_size > 20 * 1024 * 1024 and i.file_size > MAX_ENTRY_RATIO * max(i.compress_size, 1) for i in infos)
    if bomb:
        raise LandDeskError(
            "Tệp bị từ chối: nội dung giải nén lớn bất thường (có thể là tệp độc hại “zip bomb”).",
            "File refused: its content would inflate to an abnormal size (possibly a zip bomb).")


def read_workbook(path: Path | str) -> list[SheetSource]:
    path = Path(path)
    if not path.is_file():
        raise LandDeskError(f"Không tìm thấy tệp {path.name}.", f"File not found: {path.name}.")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise LandDeskError(
            f"Định dạng tệp {path.suffix or '(không có đuôi)'} không được hỗ trợ; dùng "
            f"{', '.join(supported_extensions())}.",
            f"Unsupported file type {path.suffix or '(none)'}; use {', '.join(supported_extensions())}.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise LandDeskError("Tệp quá lớn để nhập (trên 300 MB).", "The file is too large to import (over 300 MB).")
    if path.stat().st_size == 0:
        raise _bad_file("tệp rỗng", "empty file")
    return reader(path)


def _calamine_error(exc: BaseException) -> LandDeskError:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, LandDeskError)):
        raise exc
    return _bad_file()


# ---- xlsx, ods: calamine, after sheetscan ------------------------------------------------------------

def _xlsx_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships."""
    import re

    try:
        wb = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m.group(1).decode(): m.group(2).decode() for m in re.finditer(
        rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels)}
    targets.update({m.group(2).decode(): m.group(1).decode() for m in re.finditer(
        rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(rb'<sheet\b([^>]*)/?>', wb):
        attrs = m.group(1)
        name = re.search(rb'\bname="([^"]*)"', attrs)
        rid = re.search(rb'\br:id="([^"]*)"', attrs) or re.search(rb'\b\w+:id="([^"]*)"', attrs)
        if name and rid and rid.group(1).decode() in targets:
            target = targets[rid.group(1).decode()].lstrip("/")
            part = target if target.startswith("xl/") else "xl/" + target
            from xml.sax.saxutils import unescape

            out[unescape(name.group(1).decode("utf-8"), {"&quot;": '"', "&apos;": "'"})] = part
    return out


def _scan_xlsx(path: Path) -> dict[str, xlsxscan.XlsxSheetScan]:
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for part in ("xl/sharedStrings.xml",):
            if part in names:
                runs = sheetscan.TextRuns("sharedStrings")
                for chunk in sheetscan.chunks(z, part, "sharedStrings"):
                    runs.feed(chunk)
        styles = xlsxscan.legacy_styles(z)
        return {name: xlsxscan.scan_xlsx_sheet(z, part, name, styles)
                for name, part in _xlsx_parts(z).items() if part in names}


@register_format(".xlsx", ".xlsm", ".ods")
def _read_calamine(path: Path) -> list[SheetSource]:
    from python_calamine import CalamineWorkbook

    if not zipfile.is_zipfile(path):
        raise _bad_file()
    check_zip(path)
    try:
        if path.suffix.lower() == ".ods":
            with zipfile.ZipFile(path) as z:
                scans = sheetscan.scan_ods(z)
        else:
            scans = _scan_xlsx(path)
        wb = CalamineWorkbook.from_path(str(path))
        names = [m.name for m in wb.sheets_metadata if str(m.typ).lower().endswith("worksheet")] or wb.sheet_names
    except BaseException as exc:  # calamine, lxml and zip raise their own types; a Rust panic is a BaseException
        raise _calamine_error(exc) from exc
    return [_calamine_sheet(wb, n, scans.get(n)) for n in names]


def _calamine_sheet(wb, name: str, scan) -> SheetSource:
    loaded = []  # calamine parses a whole sheet on first access: do it once

    def sheet():
        if not loaded:
            if scan is None:  # a sheet the scan did not find (an odd workbook): do not let calamine guess
                raise _bad_file("trang tính không đọc được", "unreadable sheet")
            try:
                loaded.append(wb.get_sheet_by_name(name))
            except BaseException as exc:
                raise _calamine_error(exc) from exc
        return loaded[0]

    def rows() -> Iterator[list]:
        s = sheet()
        pad = [""] * (s.start[1] if s.start else 0)  # calamine's rows start at the first used column
        try:
            for row in s.iter_rows():
                yield pad + row if pad else row
        except BaseException as exc:
            raise _calamine_error(exc) from exc

    def merges() -> list[Merge]:
        if isinstance(scan, sheetscan.OdsSheetScan):
            return list(scan.merges)
        return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet().merged_cell_ranges or [])]

    return SheetSource(name, rows, merges, lambda: scan.legacy if scan is not None else {})


# ---- xls: xlrd (sparse cells, merges, fonts) ----------------------------------------------------------

@register_format(".xls")
def _read_xls(path: Path) -> list[SheetSource]:
    import xlrd

    with path.open("rb") as f:
        if f.read(8) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2 compound file
            raise _bad_file()
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=io.StringIO())
        names = book.sheet_names()
    except Exception as exc:
        raise _calamine_error(exc) from exc
    fonts = [sheetscan.legacy_font_encoding(f.name) for f in book.font_list]
    xf_enc = [fonts[xf.font_index] if xf.font_index < len(fonts) else None for xf in book.xf_list]
    return [_xls_sheet(book, n, xf_enc) for n in names]


def _xls_sheet(book, name: str, xf_enc: list[str | None]) -> SheetSource:
    import xlrd

    loaded = []

    def sheet():
        if not loaded:
            try:
                loaded.append(book.sheet_by_name(name))
            except Exception as exc:
                raise _calamine_error(exc) from exc
        return loaded[0]

    def value(c):
        t = c.ctype
        if t == xlrd.XL_CELL_TEXT:
            return c.value
        if t == xlrd.XL_CELL_NUMBER:
            return int(c.value) if float(c.value).is_integer() and abs(c.value) < 2**53 else c.value
        if t == xlrd.XL_CELL_DATE:
            try:
                d = xlrd.xldate_as_datetime(c.value, book.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return c.value
            return d
        if t == xlrd.XL_CELL_BOOLEAN:
            return bool(c.value)
        return ""

    def rows() -> Iterator[list]:
        s = sheet()
        for r in range(s.nrows):
            yield [value(c) for c in s.row(r)]

    def merges() -> list[Merge]:
        return [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet().merged_cells]

    def legacy() -> dict[int, bytearray]:
        s = sheet()
        out: dict[int, bytearray] = {}
        codes = {v: k for k, v in sheetscan.ENCODING_CODES.items()}
        for r in range(s.nrows):
            for c, cell in enumerate(s.row(r)):
                if cell.ctype != xlrd.XL_CELL_TEXT:
                    continue
                xf = s.cell_xf_index(r, c)
                enc = xf_enc[xf] if xf < len(xf_enc) else None
                if enc:
                    line = out.setdefault(r + 1, bytearray(s.row_len(r)))
                    line[c] = codes[enc]
        return out

    return SheetSource(name, rows, merges, legacy)


# ---- csv --------------------------------------------------------------------------------------------

def _encoding(path: Path) -> str:
    """utf-8-sig, utf-16, utf-8, cp1258 (Vietnamese ANSI) or cp1252 (TCVN3/VNI bytes, converted per cell)."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    sample = b""
    try:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                if len(sample) < 200_000:
                    sample += block[:200_000]
                decoder.decode(block)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # 8-bit: Windows-1258 text makes Vietnamese words once composed; TCVN3/VNI bytes read as cp1252
    # make words the legacy converter recognises. Which is it?
    ansi = unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace"))
    words = [w for w in ansi.split() if not w.isascii()][:3000]
    vietnamese = sum(1 for w in words if looks_vietnamese(w.strip(".,;:()\"'")))
    votes, _ = legacy_votes(sample.decode("cp1252", errors="replace").splitlines()[:3000])
    return "cp1252" if max(votes["tcvn3"], votes["vni"]) > vietnamese else "cp1258"


def _lines(path: Path, encoding: str) -> Iterator[str]:
    """The file's lines, decoded, each at most MAX_LINE_CHARS (a longer one is cut and marked)."""
    with path.open("r", encoding=encoding, errors="replace", newline="") as f:
        while line := f.readline(MAX_LINE_CHARS):
            if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
                while (rest := f.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                    pass
                line = line + TOO_LONG + "\n"
            yield unicodedata.normalize("NFC", line) if encoding == "cp1258" else line


def _dialect(lines: list[str]) -> type[csv.Dialect]:
    """The delimiter that splits the first lines most (the header row has one per column); quoting as
    Excel writes it. csv.Sniffer guesses wrong when one line is far longer than the others."""
    best = max(",;\t|", key=lambda d: (max((line.count(d) for line in lines), default=0), d == ";"))

    class Dialect(csv.excel):
        delimiter = best
    return Dialect


@register_format(".csv", ".txt", ".tsv")
def _read_csv(path: Path) -> list[SheetSource]:
    with path.open("rb") as f:
        raw = f.read(4096)
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _bad_file("tệp nhị phân", "binary file")
    encoding = _encoding(path)
    dialect = _dialect([line[:4000] for _, line in zip(range(50), _lines(path, encoding), strict=False)])

    def rows() -> Iterator[list]:
        reader = csv.reader(_lines(path, encoding), dialect)
        try:
            yield from reader
        except csv.Error as exc:  # a quoted field that never ends, or one over the csv module's limit
            raise LandDeskError(
                f"Tệp CSV hỏng ở dòng {reader.line_num}: một ô quá dài hoặc dấu ngoặc kép không đóng.",
                f"Damaged CSV at line {reader.line_num}: a field too long or a quote never closed.") from exc

    return [SheetSource(path.stem, rows)]


