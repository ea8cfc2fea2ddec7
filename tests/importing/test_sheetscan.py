"""The xlsx scan's extent against calamine's own: for any sheet XML, the rows and columns the scan
counts reach at least as far as calamine places a cell (or the sheet is refused), whatever the tags
look like — prefixed, other white space, other attribute order, no reference, a second r, ">" or "<"
inside a quoted value, a tag cut by a chunk's end. Plain sheets as writers make them are measured
exactly and never refused. (A scan that falls short lets calamine allocate a grid the import cannot
hold: XFD1048576 behind a prefix aborted the process.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from landdesk.services.importing import sheetscan, xlsxscan

_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _book(path: Path, sheet_data: str, prefix: str = "") -> Path:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_NS}"' if prefix else f'xmlns="{_NS}"'
    xml = f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                           ("xl/_rels/workbook.xml.rels", _WB_RELS), ("xl/worksheets/sheet1.xml", xml)):
            z.writestr(name, text)
    return path


def _calamine_extent(path: Path) -> tuple[int, int] | None:
    """(rows, columns) up to calamine's last cell; (0, 0) for no cell; None when calamine refuses it."""
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception:
        return None
    return (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)


def _scan(path: Path) -> xlsxscan.XlsxSheetScan | None:
    """The scan's figures, None when it refuses the sheet."""
    with zipfile.ZipFile(path) as z:
        try:
            return xlsxscan.scan_xlsx_sheet(z, "xl/worksheets/sheet1.xml", "S", {})
        except sheetscan.SheetRefused:
            return None


def _covers(path: Path) -> xlsxscan.XlsxSheetScan | None:
    got, real = _scan(path), _calamine_extent(path)
    if got is not None and real is not None:
        assert got.rows >= real[0] and got.cols >= real[1], (got, real, path.read_bytes()[-400:])
    return got


@pytest.fixture(params=[None, 96], ids=["8MB-chunks", "96-byte-chunks"])
def chunk(request, monkeypatch):
    """Also with tiny chunks, so that tags and the plain form's checks meet every chunk boundary."""
    if request.param:
        monkeypatch.setattr(sheetscan, "CHUNK", request.param)
        monkeypatch.setattr(xlsxscan, "CHUNK", request.param)
    return request.param


V = '<v>1</v>'
ODD = {
    "prefixed tags": ('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="Z9"><x:v>1</x:v></x:c></x:row>', "x"),
    "new line after <c": ('<row r="1"><c r="A1">' + V + '</c><c\nr="Z9">' + V + "</c></row>", ""),
    "tab after <c": ('<row r="1"><c\tr="Z9">' + V + "</c></row>", ""),
    "cell below the row tags, same digits": ('<row r="10"><c r="A10">' + V + '</c></row><row r="11"><c r="B99">'
                                              + V + "</c></row>", ""),
    "row number not first, cells without r": ('<row spans="1:2" r="40"><c>' + V + "</c><c>" + V + "</c></row>", ""),
    "second r on a cell": ('<row r="1"><c r="A1" r="Z9">' + V + "</c></row>", ""),
    "> inside a quoted value": ('<row r="1"><c foo="a>b" r="Z9">' + V + "</c></row>", ""),
    "< inside a quoted value": ('<row r="1"><c r="A1" foo="a<b" s="0">' + V + '</c><c foo="x<y" r="Z9">' + V
                                + "</c></row>", ""),
    "self-closing row, then a row without r": ('<row r="1"><c r="A1">' + V + '</c></row><row r="7"/><row><c>'
                                               + V + "</c></row>", ""),
    "self-closing cell, then a cell without r": ('<row r="1"><c r="E1"/><c>' + V + "</c></row>", ""),
    "single quotes and spaces around =": ("<row r='1'><c r = 'D4'>" + V + "</c></row>", ""),
    "lower-case reference": ('<row r="1"><c r="d4">' + V + "</c></row>", ""),
    "cells without r after BZ": ('<row r="1"><c r="BZ1">' + V + "</c><c>" + V + "</c><c>" + V + "</c></row>", ""),
    "row without r after r=5": ('<row r="5"><c r="A5">' + V + '</c></row><row><c r="B1">' + V + "</c><c>" + V
                                + "</c></row>", ""),
    "a far cell in a comment": ('<row r="1"><c r="A1">' + V + '</c><!-- <c r="Z9"><v>1</v></c> --></row>', ""),
    "three-letter column": ('<row r="1"><c r="AAB1">' + V + "</c></row>", ""),
}


REFUSED = {"second r on a cell"}  # XML allows no second attribute of a name; calamine takes the last


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_tags_are_measured_as_calamine_places_them(tmp_path, chunk, case):
    data, prefix = ODD[case]
    got = _covers(_book(tmp_path / "odd.xlsx", data, prefix))
    assert (got is None) == (case in REFUSED)


def test_plain_sheets_are_measured_exactly(tmp_path, chunk):
    rows = "".join(f'<row r="{r}" spans="1:3"><c r="A{r}" s="1" t="s"><v>0</v></c><c r="B{r}"><v>{r}</v></c>'
                   f'<c r="BZ{r}" t="inlineStr"><is><t>x</t></is></c><c r="C{r}" s="2"/></row>' for r in range(1, 60))
    got = _covers(_book(tmp_path / "plain.xlsx", rows))
    assert got is not None and (got.rows, got.cols, got.cells) == (59, 78, 59 * 4)


def test_a_cell_far_beyond_is_refused_whatever_the_tags(tmp_path):
    """The cases the plain-form regexes once missed, at the distance that costs gigabytes."""
    for data, prefix in [('<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>', "x"),
                         ('<row r="1"><c\nr="XFD1048576"><v>1</v></c></row>', ""),
                         ('<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>', ""),
                         ('<row r="1"><c t="n" foo=">" r="XFD1048576"><v>1</v></c></row>', ""),
                         ("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(100_000, 100_010))
                          + '<row r="100011"><c r="AY999999"><v>1</v></c></row>', "")]:
        assert _scan(_book(tmp_path / "far.xlsx", data, prefix)) is None


def test_many_cells_at_one_place_are_refused(tmp_path, monkeypatch):
    """calamine keeps every cell before it builds the grid: a million at A1 cost as much as a million apart."""
    monkeypatch.setattr(xlsxscan, "MAX_GRID_CELLS", 1000)
    assert _scan(_book(tmp_path / "many.xlsx", '<row r="1">' + '<c r="A1"><v>1</v></c>' * 1001 + "</row>")) is None


# ---- any tags: a grammar of what quick-xml accepts, compared with calamine --------------------------

_letters = st.sampled_from(["A", "B", "Z", "AA", "BZ", "CA", "ZZ", "AAB", "d", "bz"])
_ws = st.sampled_from([" ", "  ", "\n", "\t", " \r\n "])
_quote = st.sampled_from(['"', "'"])


@st.composite
def _attr_r(draw, value: str) -> str:
    q = draw(_quote)
    return f"r{draw(st.sampled_from(['', ' ']))}={draw(st.sampled_from(['', ' ']))}{q}{value}{q}"


@st.composite
def _cell(draw, prefix: str) -> str:
    attrs = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["r", "s", "foo>", "foo<"]))
        if kind == "r":
            attrs.append(draw(_attr_r(f"{draw(_letters)}{draw(st.integers(1, 60))}")))
        elif kind == "s":
            attrs.append('s="0"')
        else:
            attrs.append(f'foo="x{kind[-1]}y"')
    head = f"<{prefix}c" + "".join(draw(_ws) + a for a in attrs)
    if draw(st.booleans()):
        return head + "/>"
    return head + f"><{prefix}v>1</{prefix}v></{prefix}c>"


@st.composite
def _sheet(draw) -> tuple[str, str]:
    prefix = draw(st.sampled_from(["", "", "x:"]))
    out = []
    for _ in range(draw(st.integers(1, 6))):
        attrs = [draw(_attr_r(str(draw(st.integers(1, 60)))))] if draw(st.booleans()) else []
        if draw(st.booleans()):
            attrs.insert(0, 'spans="1:3"')
        head = f"<{prefix}row" + "".join(draw(_ws) + a for a in attrs)
        cells = "".join(draw(st.lists(_cell(prefix), max_size=5)))
        out.append(head + "/>" if not cells and draw(st.booleans()) else f"{head}>{cells}</{prefix}row>")
    return "".join(out), prefix.rstrip(":")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=_sheet())
def test_any_tags_are_measured_at_least_as_far_as_calamine_reads(tmp_path_factory, chunk, sheet):
    data, prefix = sheet
    _covers(_book(tmp_path_factory.mktemp("any") / "any.xlsx", data, prefix))
