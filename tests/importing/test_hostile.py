"""Broken and hostile files get a clear message and change nothing."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from landdesk.domain.errors import LandDeskError
from landdesk.services.importing import import_form01
from landdesk.storage.commune import imports

HEAD = ["Số phát hành GCN", "Ngày cấp GCN", "Họ và tên chủ sử dụng / người đại diện tổ chức",
        "Số định danh cá nhân/CCCD", "Giới tính"]


def _count(w) -> int:
    return len(w.read(lambda ctx: imports.all_ids_in_order(ctx.session)))


def _refused(w, path, **kw) -> str:
    with pytest.raises(LandDeskError) as err:
        w.transact(lambda ctx: import_form01(ctx, path, **kw))
    assert _count(w) == 0
    return err.value.vi


def test_not_a_workbook(empty_ws, tmp_path):
    fake = tmp_path / "mau01.xlsx"
    fake.write_text("đây không phải bảng tính", encoding="utf-8")
    assert "không phải là bảng tính" in _refused(empty_ws, fake)
    garbage = tmp_path / "cu.xls"
    garbage.write_bytes(b"\x00\x01garbage" * 100)
    assert "không phải là bảng tính" in _refused(empty_ws, garbage)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert "không được hỗ trợ" in _refused(empty_ws, pdf)


def test_zip_bomb_refused_before_inflating(empty_ws, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"<row>" + b"0" * (1024 * 1024 - 5)
            for _ in range(40):
                f.write(chunk)
    assert "zip bomb" in _refused(empty_ws, bomb)


def test_stray_cell_a_million_rows_down(empty_ws, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(["CS 123456", "17/05/2012", "Nguyễn Văn An", "024080001234", "Nam"])
    ws.cell(1_048_576, 20, "x")
    path = tmp_path / "far.xlsx"
    wb.save(path)
    assert "quá lớn" in _refused(empty_ws, path)


def test_million_empty_formatted_rows_are_ignored(empty_ws, tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mau01")
    ws.append(HEAD)
    ws.append(["CS 123456", "17/05/2012", "Nguyễn Văn An", "024080001234", "Nam"])
    for _ in range(3000):  # rows of blanks, as when a whole column was formatted
        ws.append([None, "", None, "", None])
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    res = empty_ws.transact(lambda ctx: import_form01(ctx, path))
    assert res.committed and res.added == 1 and res.rows == 1


def test_formulas_are_never_evaluated(empty_ws, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(['="CS "&"123456"', "17/05/2012", '=HYPERLINK("http://example.invalid","X")', "024080001234", "Nam"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)  # openpyxl stores no cached values: the cells read as empty
    res = empty_ws.transact(lambda ctx: import_form01(ctx, path))
    assert not res.committed and res.refused == 1
    assert any("thiếu số phát hành" in p.vi for p in res.problems)
    assert _count(empty_ws) == 0


def test_wrong_sheet(empty_ws, tmp_path):
    wb = Workbook()
    wb.active.append(["Tháng", "Số hồ sơ"])
    wb.active.append(["9", 12])
    path = tmp_path / "khac.xlsx"
    wb.save(path)
    assert "Không tìm thấy dòng tiêu đề Mẫu 01" in _refused(empty_ws, path)
    assert "Không có trang tính" in _refused(empty_ws, path, sheet="Mau01")


def test_unknown_mode(empty_ws, tmp_path):
    assert "Chế độ" in _refused(empty_ws, tmp_path / "x.xlsx", mode="some")
