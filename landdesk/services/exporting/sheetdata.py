"""Fast rows for a big write-only sheet: the <sheetData> rows written as XML text, then spliced
into the workbook openpyxl saved (title, headers, styles, validations, print setup).

openpyxl builds one cell object and one lxml element per cell (about 6 µs each); a Form 01 export
of 100,000 rows has 5 million cells. Writing the same SpreadsheetML (inline strings, as openpyxl
itself writes them; real dates as serial numbers with openpyxl's date style) as text is several
times faster and keeps memory flat: rows go to a temporary file, never to a list.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl.utils import get_column_letter

_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # not allowed in XML 1.0
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_EPOCH = date(1899, 12, 30)


def _string_tail(v: str) -> str:
    """The rest of an inline-string cell after its reference: type, escaped text, end tag."""
    text = _ILLEGAL.sub("", v)
    if "&" in text or "<" in text or ">" in text:
        text = text.translate(_ESCAPE)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _with_dimension(xml: str, ref: str) -> str:
    """The sheet XML with its <dimension> (write-only openpyxl writes none): readers size the sheet
    by it instead of guessing, and LandDesk's own reader checks it before reading."""
    tag = f'<dimension ref="{ref}"/>'
    xml, n = re.subn(r'<dimension ref="[^"]*"\s*/>', tag, xml, count=1)
    if n:
        return xml
    for follower in ("<sheetViews", "<sheetFormatPr", "<cols", "<sheetData"):
        i = xml.find(follower)
        if i >= 0:
            return xml[:i] + tag + xml[i:]
    return xml


class SheetDataWriter:
    """Streams rows to a temporary file. Each value is None, str, int, float, date, or a
    (value, style id) pair for styled cells (dates, areas)."""

    def __init__(self, first_row: int, ncols: int):
        self.row = first_row - 1
        self.ncols = ncols
        self.letters = [get_column_letter(i + 1) for i in range(ncols)]
        self._tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".xml", delete=False)
        self._parts: list[str] = []
        self._strings: dict[str, str] = {}

    def append(self, values) -> None:
        self.row += 1
        r = str(self.row)
        out = [f'<row r="{r}">']
        add = out.append
        strings = self._strings
        for letter, v in zip(self.letters, values, strict=False):
            if v is None:
                continue
            tv = type(v)
            if tv is str:
                if not v:
                    continue
                tail = strings.get(v)
                if tail is None:
                    tail = strings[v] = _string_tail(v)
                add(f'<c r="{letter}{r}"{tail}')
                continue
            style = ""
            if tv is tuple:
                v, s = v
                style = f' s="{s}"'
                tv = type(v)
            if tv is bool:
                add(f'<c r="{letter}{r}"{style} t="b"><v>{int(v)}</v></c>')
            elif tv is datetime:
                days = (v - datetime(1899, 12, 30)).total_seconds() / 86400
                add(f'<c r="{letter}{r}"{style}><v>{days!r}</v></c>')
            elif tv is date:
                add(f'<c r="{letter}{r}"{style}><v>{(v - _EPOCH).days}</v></c>')
            elif tv is str:
                add(f'<c r="{letter}{r}"{style}{_string_tail(v)}')
            else:
                add(f'<c r="{letter}{r}"{style}><v>{v!r}</v></c>')
        add("</row>")
        self._parts.append("".join(out))
        if len(self._parts) >= 2000:
            self._flush()
            if len(self._strings) > 100_000:  # keep the cache for repeated values, not every name
                self._strings.clear()

    def _flush(self) -> None:
        self._tmp.write("".join(self._parts))
        self._parts.clear()

    @property
    def last_row(self) -> int:
        return self.row

    def splice_into(self, xlsx: Path, sheet_part: str = "xl/worksheets/sheet1.xml") -> None:
        """Insert the rows at the end of the sheet's <sheetData> and fix its <dimension>."""
        self._flush()
        self._tmp.close()
        out = xlsx.with_name(xlsx.name + ".splice")
        try:
            with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                               compresslevel=3) as dst:
                for info in src.infolist():
                    data = src.read(info.filename)
                    if info.filename != sheet_part:
                        dst.writestr(info, data)
                        continue
                    xml = data.decode("utf-8")
                    xml = _with_dimension(xml, f"A1:{self.letters[-1]}{max(self.row, 1)}")
                    head, sep, tail = xml.partition("</sheetData>")
                    if not sep:  # an empty sheet is written as <sheetData/>
                        head, sep, tail = xml.partition("<sheetData/>")
                        head += "<sheetData>"
                    part = zipfile.ZipInfo(info.filename, info.date_time)
                    part.compress_type = zipfile.ZIP_DEFLATED
                    with dst.open(part, "w") as f, \
                            open(self._tmp.name, "rb") as rows:
                        f.write(head.encode("utf-8"))
                        shutil.copyfileobj(rows, f, 1024 * 1024)
                        f.write(("</sheetData>" + tail).encode("utf-8"))
            os.replace(out, xlsx)
        except BaseException:
            if out.exists():
                out.unlink()
            raise
        finally:
            os.unlink(self._tmp.name)

    def discard(self) -> None:
        self._tmp.close()
        if os.path.exists(self._tmp.name):
            os.unlink(self._tmp.name)
