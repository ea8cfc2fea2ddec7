"""Reading police files: headers by text, columns about other people, number and date cells, CSV dialects."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook

from landdesk.domain.codes import Gender
from landdesk.domain.errors import LandDeskError
from landdesk.domain.values import PartialDate
from landdesk.services import verification_io as vio


def test_headers_by_text_not_position(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["TRÍCH XUẤT DỮ LIỆU DÂN CƯ"])
    ws.append([])
    ws.append(["STT", "Họ tên chủ hộ", "Quan hệ với chủ hộ", "Giới tính", "Ngày, tháng, năm sinh",
               "Họ tên công dân (viết hoa)", "Số định danh cá nhân", "Dân tộc"])
    ws.append([1, "Nguyễn Văn An", "Chủ hộ", "Nam", datetime(1980, 3, 11), "NGUYỄN VĂN AN", 24080001234, "Kinh"])
    ws.append([2, "Nguyễn Văn An", "Con", "Nữ", 2004, "Nguyễn Thị Bình", "024304005678", "Kinh"])
    ws.append([])
    path = tmp_path / "extract.xlsx"
    wb.save(path)
    people, notes = vio.read_extract(path)
    assert notes.header_row == 3
    assert notes.columns["name"] == "Họ tên công dân (viết hoa)"  # not the household head's column
    assert {"STT", "Họ tên chủ hộ", "Quan hệ với chủ hộ", "Dân tộc"} <= set(notes.ignored_columns)
    a, b = people
    assert (a.name, a.cccd, a.birth, a.gender) == ("NGUYỄN VĂN AN", "024080001234", PartialDate(1980, 3, 11), Gender.MALE)
    assert (b.name, b.cccd, b.birth, b.gender) == ("Nguyễn Thị Bình", "024304005678", PartialDate(2004), Gender.FEMALE)


def test_csv_with_semicolons_and_quoted_line_breaks(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text('Họ và tên;Ngày sinh;Số CCCD;Nơi thường trú\n'
                    'Lê Văn Cường;02/09/1975;024075001111;"Thôn Đông,\nPhường Bắc Giang"\n'
                    ';;;\n'
                    'Không có số;01/01/1990;;\n', encoding="utf-8")
    people, notes = vio.read_extract(path)
    assert [p.name for p in people] == ["Lê Văn Cường"]
    assert people[0].address == "Thôn Đông, Phường Bắc Giang"
    assert notes.skipped_rows == 1 and any("Bỏ qua 1 dòng" in line for line in notes.lines("vi"))


def test_unreadable_dates_are_counted_not_fatal(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text("Họ và tên,Ngày sinh,Số định danh\nA,31/02/1980,024080001234\nB,khong ro,024080001235\n",
                    encoding="utf-8")
    people, notes = vio.read_extract(path)
    assert [p.birth for p in people] == [None, None] and notes.bad_dates == 2


def test_wrong_kind_of_file_refused(tmp_path):
    path = tmp_path / "extract.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(LandDeskError, match="xlsx"):
        vio.read_extract(path)
