"""Workbook readers, chosen by file extension (a small format registry, as in Picard).

Every reader yields sheets as (name, lazy row iterator); cells are str, int, float, bool, date or
datetime, and "" when empty. xlsx/xls/ods go through python-calamine (fast, Rust); csv through the
standard library, which calamine does not read. Before a zip-based workbook is opened, its
directory is checked so a zip bomb is refused without inflating anything.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.errors import LandDeskError

MAX_FILE_BYTES = 300 * 1024 * 1024  # a Form 01 workbook of 100k rows is about 10 MB
MAX_UNZIPPED_BYTES = 2 * 1024**3  # sum of the uncompressed sizes in the zip directory
MAX_ENTRY_RATIO = 400  # sheet XML compresses 10–50×; a bomb compresses 1000× and more
# calamine holds a sheet as a dense grid, so one value far away (row 1,048,576) costs the whole
# grid's memory: refuse sheets whose declared extent is beyond any commune's register.
MAX_SHEET_CELLS = 16_000_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@dataclass
class SheetSource:
    name: str
    rows: Callable[[], Iterator[list]]  # a fresh iterator each call


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
    with zipfile.ZipFile(path) as z:
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with z.open(info) as f:
                    m = _DIMENSION.search(f.read(4096))
                if m and m.group(3) and _cells(m) > MAX_SHEET_CELLS:
                    raise LandDeskError(
                        "Tệp bị từ chối: trang tính khai báo vùng dữ liệu quá lớn (hơn 16 triệu ô, "
                        "thường do một ô lẻ ở dòng rất xa); hãy xóa các dòng thừa rồi lưu lại.",
                        "File refused: a sheet declares an abnormally large area (over 16 million cells, "
                        "usually one stray cell far below); delete the extra rows and save again.")


def _cells(m: re.Match) -> int:
    def col(letters: bytes) -> int:
        n = 0
        for ch in letters.decode():
            n = n * 26 + ord(ch) - 64
        return n
    rows = int(m.group(4)) - int(m.group(2)) + 1
    return rows * (col(m.group(3)) - col(m.group(1)) + 1)


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


def _cell(v):
    return "" if v is None else v


@register_format(".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
def _read_calamine(path: Path) -> list[SheetSource]:
    from python_calamine import CalamineError, CalamineWorkbook

    if path.suffix.lower() == ".xls":
        with path.open("rb") as f:
            if f.read(8) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2 compound file
                raise _bad_file()
    else:
        if not zipfile.is_zipfile(path):
            raise _bad_file()
        check_zip(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = [m.name for m in wb.sheets_metadata if str(m.typ).lower().endswith("worksheet")] or wb.sheet_names
    except (CalamineError, OSError, ValueError) as exc:
        raise _bad_file() from exc
    except BaseException as exc:  # calamine raises its own exception types (XmlError, ZipError, ...)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise _bad_file() from exc

    def sheet(name: str) -> SheetSource:
        loaded = []  # calamine parses a whole sheet on first access: do it once

        def rows() -> Iterator[list]:
            try:
                if not loaded:
                    loaded.append(wb.get_sheet_by_name(name))
                yield from loaded[0].iter_rows()
            except Exception as exc:
                raise _bad_file() from exc

        return SheetSource(name, rows)

    return [sheet(n) for n in names]


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Legacy registers: TCVN3/VNI text saved as 8-bit; decoded as cp1252 it converts later.
        return data.decode("cp1252", errors="replace")


@register_format(".csv", ".txt", ".tsv")
def _read_csv(path: Path) -> list[SheetSource]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _bad_file("tệp nhị phân", "binary file")
    text = _decode(raw)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel

    def rows() -> Iterator[list]:
        yield from csv.reader(io.StringIO(text), dialect)

    return [SheetSource(path.stem, rows)]
