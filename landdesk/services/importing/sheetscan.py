"""Look at a zipped workbook's XML before any reader holds it, in bounded memory and time.

python-calamine holds a sheet as a dense grid from its first to its last cell, whatever the file
says or leaves out: one value at XFD1048576 without a <dimension> asks for 512 GiB and aborts the
process, a value at AY1048576 costs 1.7 GB, and an ODS row repeated a million times the same. A
cell of a gigabyte is held whole, several times over. So before calamine sees a sheet, its XML is
streamed once here (a chunk at a time, never whole) and refused when:

- its cells span more than MAX_GRID_CELLS (rows × columns, as calamine would allocate them), or
  there are more cells than that (calamine first keeps every cell, also many at one place);
- a text run (a cell's text between two tags) is longer than MAX_TEXT_RUN, or long runs add up to
  more than MAX_LONG_TEXT (a real register holds names and addresses, never pages of text);
- it holds CDATA (which Excel never writes, and which would hide a long cell from that check).

The same pass finds what calamine does not give: for xlsx (xlsxscan), the cells written in a legacy
Vietnamese font (.VnTime → TCVN3, VNI-Times → VNI); for ODS, merged ranges and those fonts.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from landdesk.domain.errors import LandDeskError
from landdesk.domain.values import format_number

MAX_GRID_CELLS = 12_000_000  # ≈ 380 MB as calamine's grid; a 100,000-row VBDLIS register is 6.1 M
MAX_TEXT_RUN = 2 * 1024 * 1024  # bytes of one cell's text (Excel's own limit is 32,767 characters)
MAX_LONG_TEXT = 32 * 1024 * 1024  # all runs longer than _WINDOW together
MAX_XML_BYTES = 1024**3  # one sheet's XML uncompressed (a 100,000-row register is about 250 MB)
MAX_ROWS = 1_048_576
_WINDOW = 16 * 1024
CHUNK = 8 * 1024 * 1024



def legacy_font_encoding(name: str) -> str | None:
    """'tcvn3' for the ABC fonts (.VnTime, .VnArial, .VnTimeH …), 'vni' for VNI-Times and the like."""
    n = (name or "").strip().strip("'\"").lower()
    if n.startswith(".vn"):
        return "tcvn3"
    if n.startswith("vni-") or n.startswith("vni "):
        return "vni"
    return None


def col_number(letters: bytes | str) -> int:
    """1-based column of "A", "AY", "XFD"."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


class SheetRefused(LandDeskError):
    pass


def refused_grid(sheet: str, rows: int, cols: int) -> SheetRefused:
    return SheetRefused(
        f"Tệp bị từ chối: trang “{sheet}” có vùng dữ liệu quá lớn (tới dòng {format_number(rows, 'vi')}, cột {cols}), thường do một ô "
        "lẻ ở rất xa bảng; hãy xóa các dòng, cột thừa rồi lưu lại.",
        f"File refused: sheet “{sheet}” spans an abnormally large area (to row {format_number(rows, 'en')}, column {cols}), usually "
        "one stray cell far from the table; delete the extra rows and columns and save again.")


def refused_malformed(sheet: str) -> SheetRefused:
    return SheetRefused(
        f"Tệp bị từ chối: trang “{sheet}” có thẻ dòng hoặc ô sai dạng (số dòng, địa chỉ ô lạ hoặc lặp lại); "
        "hãy mở tệp bằng Excel và lưu lại.",
        f"File refused: sheet “{sheet}” has a malformed row or cell tag (an odd or repeated row number or "
        "cell reference); open it in Excel and save it again.")


def refused_text(sheet: str) -> SheetRefused:
    return SheetRefused(
        f"Tệp bị từ chối: trang “{sheet}” có ô chứa văn bản dài bất thường (hàng triệu ký tự); "
        "Mẫu 01 không có ô nào như vậy.",
        f"File refused: sheet “{sheet}” has a cell with abnormally long text (millions of characters); "
        "no Form 01 cell is like that.")


@dataclass
class TextRuns:
    """Long text runs seen so far across the chunks of one XML part."""

    sheet: str
    run: int = 0  # length of the run reaching the end of the last chunk
    long_total: int = 0

    def feed(self, chunk: bytes) -> None:
        if b"<![CDATA[" in chunk:
            raise refused_text(self.sheet)
        # A run of ≥ 2·_WINDOW bytes covers a whole aligned window: only windows without "<" matter,
        # and finding the first "<" in a window is a C-speed memchr.
        n = len(chunk)
        start = 0
        if self.run:
            lt = chunk.find(b"<")
            self.run += n if lt < 0 else lt
            self._check()
            if lt < 0:
                return
            self.run = 0
            start = lt
        pos = start - start % _WINDOW
        while pos < n:
            window_end = min(pos + _WINDOW, n)
            if chunk.find(b"<", pos, window_end) >= 0:
                pos += _WINDOW
                continue
            # a window without a tag: measure the run around it
            left = chunk.rfind(b"<", 0, pos) + 1
            right = chunk.find(b"<", window_end)
            if right < 0:
                self.run = n - left
                self.long_total += n - left
                self._check()
                return
            self.long_total += right - left
            self.run = right - left
            self._check()
            self.run = 0
            pos = right - right % _WINDOW + _WINDOW
        self._check()

    def _check(self) -> None:
        if self.run > MAX_TEXT_RUN or self.long_total > MAX_LONG_TEXT:
            raise refused_text(self.sheet)


def _inflated(z: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes, inflated straight from the archive at most CHUNK at a time, without
    zipfile's CRC pass (a third of this scan): calamine, which reads the part next, checks it."""
    info = z.getinfo(name)
    plain = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 1
    if not plain or not z.filename:
        with z.open(info) as f:
            while block := f.read(CHUNK):
                yield block
        return
    with open(z.filename, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {name}")
        f.seek(info.header_offset + 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little"))
        left = info.compress_size
        inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        while left > 0 or (inflate is not None and inflate.unconsumed_tail):
            if inflate is not None and inflate.unconsumed_tail:
                yield inflate.decompress(inflate.unconsumed_tail, CHUNK)
                continue
            raw = f.read(min(left, 1 << 20))
            if not raw:
                raise zipfile.BadZipFile(f"{name} is cut short")
            left -= len(raw)
            yield inflate.decompress(raw, CHUNK) if inflate is not None else raw


def chunks(z: zipfile.ZipFile, name: str, sheet: str) -> Iterator[bytes]:
    """The part's bytes about CHUNK at a time, each chunk ending at a tag boundary (">")."""
    total = 0
    parts: list[bytes] = []
    size = 0
    for block in _inflated(z, name):
        total += len(block)
        if total > MAX_XML_BYTES:
            raise refused_text(sheet)
        parts.append(block)
        size += len(block)
        if size < CHUNK:
            continue
        data = b"".join(parts)
        cut = data.rfind(b">") + 1
        if len(data) - cut > CHUNK:  # 8 MB without a tag's end: no cell holds that much
            raise refused_text(sheet)
        if cut:
            yield data[:cut]
        parts, size = [data[cut:]], len(data) - cut
    if size:
        yield b"".join(parts)


ENCODING_CODES = {1: "tcvn3", 2: "vni"}
CODE_OF = {v: k for k, v in ENCODING_CODES.items()}


# ---- ods --------------------------------------------------------------------------------------------

_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
       "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


_T_TABLE, _T_ROW, _T_CELL, _T_COVERED = (_q("table", "table"), _q("table", "table-row"), _q("table", "table-cell"),
                                         _q("table", "covered-table-cell"))
_T_COLUMN = _q("table", "table-column")
_A_NAME, _A_STYLE = _q("table", "name"), _q("table", "style-name")
_A_ROWS_REP, _A_COLS_REP = _q("table", "number-rows-repeated"), _q("table", "number-columns-repeated")
_A_ROWS_SPAN, _A_COLS_SPAN = _q("table", "number-rows-spanned"), _q("table", "number-columns-spanned")
_A_DEFAULT_STYLE = _q("table", "default-cell-style-name")
_A_VALUE_TYPE = _q("office", "value-type")


@dataclass
class OdsSheetScan:
    rows: int = 0
    cols: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    legacy: dict[int, bytearray] = field(default_factory=dict)  # row (1-based) → encoding code per column


def _ods_style_fonts(z: zipfile.ZipFile) -> dict[str, str]:
    """Cell style name → 'tcvn3'/'vni' for styles (automatic and named) drawn in a legacy font."""
    from lxml import etree

    faces: dict[str, str] = {}
    parents: dict[str, str] = {}
    fonts: dict[str, str] = {}
    for part in ("styles.xml", "content.xml"):
        try:
            info = z.getinfo(part)
        except KeyError:
            continue
        with z.open(info) as f:
            # only the declarations before the body: styles.xml whole (small), content.xml up to its body
            for event, el in etree.iterparse(f, events=("start", "end"), huge_tree=False,
                                             resolve_entities=False, no_network=True):
                if event == "start":
                    if el.tag == _q("office", "body"):
                        break
                    continue
                if el.tag == _q("style", "font-face"):
                    faces[el.get(_q("style", "name"), "")] = el.get(_q("svg", "font-family"), "")
                elif el.tag == _q("style", "style") and el.get(_q("style", "family")) == "table-cell":
                    name = el.get(_q("style", "name"), "")
                    parents[name] = el.get(_q("style", "parent-style-name"), "")
                    props = el.find(_q("style", "text-properties"))
                    if props is not None:
                        face = props.get(_q("style", "font-name")) or props.get(_q("fo", "font-family")) or ""
                        fonts[name] = faces.get(face, face)
    out: dict[str, str] = {}
    for name in parents.keys() | fonts.keys():
        seen, cur = set(), name
        while cur and cur not in fonts and cur not in seen:
            seen.add(cur)
            cur = parents.get(cur, "")
        enc = legacy_font_encoding(fonts.get(cur, "")) if cur else None
        if enc:
            out[name] = enc
    return out


def scan_ods(z: zipfile.ZipFile) -> dict[str, OdsSheetScan]:
    """Per sheet: extent of the cells with content (repeats counted, not expanded), merged ranges,
    and the cells in a legacy font. Streams content.xml, clearing each row once read."""
    from lxml import etree

    try:
        info = z.getinfo("content.xml")
    except KeyError:
        return {}
    if info.file_size > MAX_XML_BYTES:
        raise refused_text("content.xml")
    styles = _ods_style_fonts(z)
    out: dict[str, OdsSheetScan] = {}
    scan, name, row, col_styles = None, "", 0, []
    with z.open(info) as f:
        for event, el in etree.iterparse(f, events=("start", "end"), huge_tree=False, resolve_entities=False,
                                         no_network=True):
            tag = el.tag
            if event == "start":
                if tag == _T_TABLE:
                    name = el.get(_A_NAME, "")
                    scan, row, col_styles = out.setdefault(name, OdsSheetScan()), 0, []
                continue
            if tag == _T_COLUMN and scan is not None:
                rep = min(int(el.get(_A_COLS_REP, "1")), 16384)
                col_styles.extend([el.get(_A_DEFAULT_STYLE, "")] * rep)
            elif tag == _T_ROW and scan is not None:
                rep = int(el.get(_A_ROWS_REP, "1"))
                row = _ods_row(el, scan, name, row, rep, styles, col_styles)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
    return out


def _ods_row(el, scan: OdsSheetScan, sheet: str, row: int, rep: int, styles: dict[str, str],
             col_styles: list[str]) -> int:
    col = 0
    content_cols = 0
    legacy: list[tuple[int, str]] = []
    for cell in el:
        if cell.tag not in (_T_CELL, _T_COVERED):
            continue
        crep = int(cell.get(_A_COLS_REP, "1"))
        has_value = cell.get(_A_VALUE_TYPE) is not None or len(cell)
        if has_value:
            content_cols = col + crep
            size = sum(len(t) for t in cell.itertext())
            if size > MAX_TEXT_RUN:
                raise refused_text(sheet)
            style = cell.get(_A_STYLE) or (col_styles[col] if col < len(col_styles) else "")
            enc = styles.get(style)
            if enc and crep < 16384:
                legacy += [(c, enc) for c in range(col, col + crep)]
            if cell.tag == _T_CELL:
                rs, cs = int(cell.get(_A_ROWS_SPAN, "1")), int(cell.get(_A_COLS_SPAN, "1"))
                if rs > 1 or cs > 1:
                    scan.merges.append((row, col, row + rs - 1, col + cs - 1))
        col += crep
    if content_cols:
        scan.rows = row + rep
        scan.cols = max(scan.cols, content_cols)
        if scan.rows * scan.cols > MAX_GRID_CELLS or scan.rows > MAX_ROWS:
            raise refused_grid(sheet, scan.rows, scan.cols)
        if legacy:
            for r in range(row + 1, row + 1 + min(rep, 1)):
                line = scan.legacy.setdefault(r, bytearray(max(c for c, _ in legacy) + 1))
                for c, enc in legacy:
                    line[c] = CODE_OF[enc]
    return row + rep
