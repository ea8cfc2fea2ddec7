"""The per-row error report of an import, as a workbook the officer fixes the source file from."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from landdesk.domain.filenames import checked_output
from landdesk.services.importing.service import ImportResult
from landdesk.services.workbook_file import save_workbook

HEADERS = ("Trang tính", "Dòng", "Cột", "Tiêu đề cột", "Giá trị", "Vấn đề", "Mức độ", "Problem (English)")
WIDTHS = (16, 8, 6, 28, 24, 60, 10, 50)


def write_problem_report(result: ImportResult, out: Path | str) -> Path:
    out = checked_output(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "Loi nhap"
    ws.append([f"Báo cáo nhập Mẫu 01: {result.file}"])
    ws.append([result.summary("vi")])
    ws.append(list(HEADERS))
    bold = Font(bold=True)
    for c in ws[3]:
        c.font = bold
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True, size=13)
    for p in result.problems:
        ws.append([p.sheet, p.row, p.column, p.header, p.value, p.vi, "Lỗi" if p.error else "Cảnh báo", p.en])
    for c in result.ignored_columns:
        ws.append([result.sheet, None, c.column, c.header, "", f"cột không được lưu: {c.vi}", "Cảnh báo",
                   f"column not kept: {c.en}"])
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:H{max(3, ws.max_row)}"
    return save_workbook(wb, out)
