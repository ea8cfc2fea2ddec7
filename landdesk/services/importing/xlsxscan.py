"""A zipped xlsx sheet measured before calamine reads it (see sheetscan): its extent as calamine will
hold it, its cells, and the cells written in a legacy font.

How calamine places what it reads (its cells reader, checked against it in tests/importing/
test_sheetscan.py): tags by local name (<x:c> is a cell), any white space, either quote, "<" and ">"
inside quoted values; a cell at its r="A1" (the last r of its tag), else one column right of the
cell before it; a row at its r="N", else one below the row before; an empty cell (<c …/>) moves the
column too. A chunk in the form every writer uses — whole <row r="N" …> and <c r="A1" …> tags, r
first and once, plain quoted values, at most two letters up to BZ, no row beyond the row tags' — is
measured from its row tags in a few regex passes; any other chunk is read tag by tag as calamine
reads it (a tag cut by the chunk's end is read with the next chunk).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from landdesk.services.importing.sheetscan import (
    CHUNK,
    CODE_OF,
    MAX_GRID_CELLS,
    MAX_ROWS,
    TextRuns,
    chunks,
    col_number,
    legacy_font_encoding,
    refused_grid,
    refused_malformed,
    refused_text,
)


@dataclass
class XlsxSheetScan:
    sheet: str = ""
    rows: int = 0  # last row number seen (1-based)
    cols: int = 0  # last column number seen (1-based), or 78 (BZ) as a bound
    cells: int = 0  # cell tags (calamine keeps each one that has a value, also where another one is)
    at_row: int = 0  # calamine's row and column (0-based) at the end of the chunks read so far
    at_col: int = 0
    carry: bytes = b""  # the start of a row or cell tag cut by the chunk's end
    legacy: dict[int, bytearray] = field(default_factory=dict)  # row (1-based) → encoding code per column


def legacy_styles(z: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index (the `s` attribute) → 'tcvn3'/'vni', for styles whose font is a legacy one."""
    try:
        xml = z.read("xl/styles.xml")
    except KeyError:
        return {}
    if len(xml) > 64 * 1024 * 1024:
        raise refused_text("styles")
    fonts_part = re.search(rb"<fonts\b.*?</fonts>", xml, re.S)
    if not fonts_part:
        return {}
    fonts = [m.group(1) for m in re.finditer(rb"<font\b(.*?)</font>|<font\b[^>]*/>", fonts_part.group(0), re.S)]
    encodings = []
    for body in fonts:
        name = re.search(rb'<name\b[^>]*\bval="([^"]*)"', body or b"")
        encodings.append(legacy_font_encoding(name.group(1).decode("utf-8", "replace")) if name else None)
    xfs_part = re.search(rb"<cellXfs\b.*?</cellXfs>", xml, re.S)
    out: dict[int, str] = {}
    if not xfs_part or not any(encodings):
        return out
    for i, m in enumerate(re.finditer(rb"<xf\b([^>]*)>", xfs_part.group(0))):
        font = re.search(rb'\bfontId="(\d+)"', m.group(1))
        fid = int(font.group(1)) if font else 0
        if fid < len(encodings) and encodings[fid]:
            out[i] = encodings[fid]
    return out


def scan_xlsx_sheet(z: zipfile.ZipFile, part: str, sheet: str, styles: dict[int, str]) -> XlsxSheetScan:
    """Extent, text-run check and (when the workbook has legacy-font styles) the cells in those fonts."""
    scan = XlsxSheetScan(sheet)
    runs = TextRuns(sheet)
    legacy_cell = None
    if styles:
        numbers = b"|".join(str(i).encode() for i in sorted(styles))
        legacy_cell = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?\bs="(' + numbers + rb')"')
    default_enc = CODE_OF.get(styles.get(0, ""), 0)
    for chunk in chunks(z, part, sheet):
        runs.feed(chunk)
        _extent(chunk, scan)
        if legacy_cell is not None:
            for m in legacy_cell.finditer(chunk):
                row, col = int(m.group(2)), col_number(m.group(1))
                if row <= MAX_ROWS and col <= 16384:
                    line = scan.legacy.setdefault(row, bytearray())
                    if len(line) < col:
                        line.extend(b"\0" * (col - len(line)))
                    line[col - 1] = CODE_OF[styles[int(m.group(3))]]
        if scan.rows * scan.cols > MAX_GRID_CELLS or scan.cells > MAX_GRID_CELLS:
            raise refused_grid(sheet, scan.rows, scan.cols)
    if default_enc:  # the workbook's default font is a legacy one: cells without a style use it too
        scan.legacy[0] = bytearray([default_enc])
    return scan


_PREFIXED = re.compile(rb':(?:row|c)[\s/>]')  # <x:row …>, <x:c …> (":" is rare: a fast pass)
_ATTRS = rb'(?: (?!r=)[\w:.-]++="[^"<>]*+")*+/?>'  # the plain tag's other attributes and its end
_ROW_TAG = re.compile(rb'<row(?: r="(\d{1,7})"' + _ATTRS + rb'|(?=[\s/>]))')  # b"": a row tag not plain
_TAG = re.compile(rb'<(/?)(?:[^\s/<>:!?="\']+:)?(row|c)(?=[\s/>])((?:[^>"\']|"[^"]*"|\'[^\']*\')*)>')
_TAG_START = re.compile(rb'<(?:[^\s/<>:!?="\']+:)?(?:row|c)[\s/>]')
_R_ATTR = re.compile(rb'(?<![^\s])r\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_REF = re.compile(rb"([A-Za-z]{1,3})(\d{1,7})")
_PLAIN_COLS = 78  # BZ


def _at_most(n: int) -> bytes:
    """A regex for the decimal numbers 0…n written in at most as many digits as n."""
    digits = str(n)
    alts = [rb"\d{1,%d}" % (len(digits) - 1)] if len(digits) > 1 else []
    for i, ch in enumerate(digits):
        if ch != "0":
            rest = len(digits) - i - 1
            alts.append(digits[:i].encode() + b"[0-%d]" % (int(ch) - 1) + (rb"\d{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join([*alts, digits.encode()]) + b")"


def _probe(max_row: int) -> re.Pattern:
    """A cell tag not in the plain form (see above) for a sheet whose row tags reach max_row."""
    return re.compile(rb'<c(?! r="[AB]?[A-Z]' + _at_most(max_row) + b'"' + _ATTRS + rb')[\s/>]')


def _extent(chunk: bytes, scan: XlsxSheetScan) -> None:
    """Raise scan.rows/cols/cells to what this chunk holds, and carry calamine's position on."""
    rows = _ROW_TAG.findall(chunk)
    plain = not scan.carry and b"" not in rows and not _PREFIXED.search(chunk)
    if plain and rows:
        scan.rows = max(scan.rows, max(map(int, rows)))
    if plain and not _probe(scan.rows).search(chunk):
        cells = chunk.count(b'<c r="')
        scan.cells += cells
        if cells:
            scan.cols = max(scan.cols, _PLAIN_COLS)
        # where calamine stands at the end of the chunk, for a chunk read tag by tag after it
        last_row, last_cell = chunk.rfind(b"<row"), chunk.rfind(b'<c r="')
        row_ended = chunk.rfind(b"</row>")
        if last_row >= 0 and chunk[chunk.find(b">", last_row) - 1] == ord("/"):  # <row r="N"/>
            row_ended = max(row_ended, last_row)
        if rows:
            scan.at_row = int(rows[-1]) - 1 + (row_ended > last_row)
        if last_cell > row_ended:
            m = _REF.match(chunk, last_cell + 6)
            scan.at_col = col_number(m.group(1).upper()) if m else _PLAIN_COLS
        elif row_ended >= 0:
            scan.at_col = 0
        return
    _extent_by_tags(scan.carry + chunk, scan)


def _refs(attrs: bytes, sheet: str) -> bytes | None:
    found = _R_ATTR.findall(attrs)
    if len(found) > 1:
        raise refused_malformed(sheet)
    return (found[0][0] or found[0][1]) if found else None


def _extent_by_tags(chunk: bytes, scan: XlsxSheetScan) -> None:
    """Every row and cell tag of the chunk placed as calamine places it."""
    row, col, rows, cols, cells = scan.at_row, scan.at_col, scan.rows, scan.cols, scan.cells
    end = 0
    for m in _TAG.finditer(chunk):
        close, name, attrs = m.groups()
        end = m.end()
        if name == b"row":
            if not close:
                r = _refs(attrs, scan.sheet)
                if r is not None:
                    if not r.isdigit() or len(r) > 7:
                        raise refused_malformed(scan.sheet)
                    row = int(r) - 1
                rows = max(rows, row + 1)
            if close or attrs.endswith(b"/"):
                row, col = row + 1, 0
        elif not close:
            r = _refs(attrs, scan.sheet)
            if r is None:
                at_row, at_col = row, col
            else:
                ref = _REF.fullmatch(r)
                if ref is None:
                    raise refused_malformed(scan.sheet)
                at_row, at_col = int(ref.group(2)) - 1, col_number(ref.group(1).upper()) - 1
            rows, cols, cells = max(rows, at_row + 1), max(cols, at_col + 1), cells + 1
            col = at_col + 1
    unfinished = _TAG_START.search(chunk, end)  # a tag the chunk's end cut (">" inside a quoted value)
    scan.carry = chunk[unfinished.start():] if unfinished else b""
    if len(scan.carry) > CHUNK:
        raise refused_malformed(scan.sheet)
    scan.at_row, scan.at_col, scan.rows, scan.cols, scan.cells = row, col, rows, cols, cells
