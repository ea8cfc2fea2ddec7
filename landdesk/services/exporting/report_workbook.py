"""The campaign report as a formatted workbook with charts (the same figures as the dashboard).

Sheets: "Tong hop" (totals against the target, holder verification, why not collected, two charts),
"Theo thon" (per village, bar chart), "Theo ngay" (certificates received per day with a running
total, line chart). Normal (not write-only) openpyxl: the report is small and charts need it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from landdesk.domain import reference
from landdesk.domain.filenames import checked_output
from landdesk.domain.values import format_local_time
from landdesk.services.reports import FIGURE_LABELS, UNIT_NOTE, CampaignFigures
from landdesk.services.workbook_file import save_workbook

_thin = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEAD = Font(name="Times New Roman", bold=True, size=11)
_BODY = Font(name="Times New Roman", size=11)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
_STAGES = ("collected", "scanned", "entered", "checked", "verified", "sent", "accepted")
_VILLAGE_COLS = ("dossiers", "collected", "not_collected", "scanned", "entered", "checked", "verified", "sent",
                 "accepted", "holders", "holders_verified", "holders_incorrect", "holders_needs_police")


def _print_setup(ws) -> None:
    """Landscape A4, as wide as one page (tables and charts on the same sheet of paper)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _title(ws, text: str, sub: str) -> None:
    ws["A1"] = text
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A2"] = sub
    ws["A2"].font = Font(name="Times New Roman", italic=True, size=11)


def _table(ws, top: int, headers: list[str], rows: list[list], widths: list[int] | None = None) -> int:
    for j, h in enumerate(headers, start=1):
        c = ws.cell(top, j, h)
        c.font, c.fill, c.alignment, c.border = _HEAD, _FILL, _WRAP, _BORDER
    for i, row in enumerate(rows, start=top + 1):
        for j, v in enumerate(row, start=1):
            c = ws.cell(i, j, v)
            c.font, c.border = _BODY, _BORDER
            if isinstance(v, float):
                c.number_format = "0.0"
            elif isinstance(v, int):
                c.number_format = "#,##0"
    if widths:
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = max(ws.column_dimensions[get_column_letter(j)].width or 0, w)
    return top + len(rows)


def write_report(fig: CampaignFigures, out: Path | str) -> Path:
    out = checked_output(out)
    unit = reference.commune(fig.commune_code)
    commune = f"{unit.name} ({fig.commune_code})" if unit else fig.commune_code
    when = format_local_time(fig.generated_at)
    t = fig.totals
    wb = Workbook()

    ws = wb.active
    ws.title = "Tong hop"
    _title(ws, f"BÁO CÁO TIẾN ĐỘ THU NHẬN, CẬP NHẬT GIẤY CHỨNG NHẬN — {commune}", f"Số liệu đến {when}")
    target = fig.target or 0
    rows = []
    for key in _STAGES:
        n = getattr(t, key)
        pct = round(n * 100 / target, 1) if target else None
        rows.append([FIGURE_LABELS[key][0], n, pct])
    ws["A4"], ws["B4"] = "Chỉ tiêu (số GCN cần thu nhận)", fig.target if fig.target else "chưa đặt"
    ws["A4"].font = ws["B4"].font = _HEAD
    end = _table(ws, 6, ["Chỉ tiêu theo dõi", "Số lượng", "% so với chỉ tiêu"], rows, [42, 14, 16])
    for r in range(7, end + 1):
        ws.cell(r, 3).number_format = '0.0"%"'
    stage_chart = BarChart()
    stage_chart.type = "col"
    stage_chart.title = "Tiến độ theo bước"
    stage_chart.y_axis.title = "Số hồ sơ"
    stage_chart.add_data(Reference(ws, min_col=2, min_row=6, max_row=end), titles_from_data=True)
    stage_chart.set_categories(Reference(ws, min_col=1, min_row=7, max_row=end))
    stage_chart.legend = None
    stage_chart.height, stage_chart.width = 8, 16
    stage_chart.x_axis.delete = False
    stage_chart.y_axis.delete = False
    ws.add_chart(stage_chart, "E4")  # about 16 rows tall

    top = end + 3
    # Per person (each citizen once) beside per link (once per certificate): both, labelled.
    hold = [[label, getattr(t, f"persons_{k}"), getattr(t, f"holders_{k}")] for k, label in
            (("verified", "Xác thực đúng"), ("incorrect", "Thông tin chưa chính xác"),
             ("needs_police", "Cần phối hợp công an"), ("pending", "Chưa xác thực"))]
    hold += [["Tổng số đã đối chiếu và chưa đối chiếu", t.persons,
              t.holders_verified + t.holders_incorrect + t.holders_needs_police + t.holders_pending],
             [FIGURE_LABELS["representatives"][0], None, t.representatives],
             [FIGURE_LABELS["holders_organisations"][0], None, t.holders_organisations]]
    ws.cell(top - 1, 1, "Xác thực người sử dụng đất với CSDL dân cư").font = _HEAD
    hend = _table(ws, top, ["Kết quả", "Số người (mỗi công dân một lần)", "Số lượt trên GCN"], hold)
    ws.cell(hend + 1, 1, UNIT_NOTE[0]).font = _BODY
    hend += 1
    pie = PieChart()
    pie.title = "Kết quả xác thực (số người)"
    pie.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + 4), titles_from_data=True)
    pie.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + 4))
    pie.height, pie.width = 8, 12
    ws.add_chart(pie, "E22")

    top = hend + 3
    ws.cell(top - 1, 1, "Lý do chưa thu nhận được GCN").font = _HEAD
    _table(ws, top, ["Lý do", "Số hồ sơ"], [[n.custody.label_vi, n.count] for n in fig.not_collected]
           or [["(không có)", 0]])
    for extra in (("sent", "returned"),):
        r = ws.max_row + 2
        for k in extra:
            ws.cell(r, 1, FIGURE_LABELS[k][0]).font = _BODY
            ws.cell(r, 2, getattr(t, k)).font = _BODY
            r += 1
    ws.freeze_panes = "A6"
    _print_setup(ws)

    vs = wb.create_sheet("Theo thon")
    _title(vs, f"Tiến độ theo thôn, tổ dân phố — {commune}", f"Số liệu đến {when}")
    headers = ["Thôn / tổ dân phố"] + [FIGURE_LABELS[k][0] for k in _VILLAGE_COLS]
    vrows = [[v.village or "(chưa ghi thôn)"] + [getattr(v.figures, k) for k in _VILLAGE_COLS] for v in fig.by_village]
    vend = _table(vs, 4, headers, vrows, [26] + [12] * len(_VILLAGE_COLS))
    vs.row_dimensions[4].height = 45
    vs.freeze_panes = "B5"
    if vrows:
        bar = BarChart()
        bar.title = "Thu nhận và nhập liệu theo thôn"
        bar.y_axis.title = "Số hồ sơ"
        for col in (3, 6):  # collected, entered
            bar.add_data(Reference(vs, min_col=col, min_row=4, max_row=vend), titles_from_data=True)
        bar.set_categories(Reference(vs, min_col=1, min_row=5, max_row=vend))
        bar.height, bar.width = 9, 22
        vs.add_chart(bar, f"A{vend + 3}")
    _print_setup(vs)

    ds = wb.create_sheet("Theo ngay")
    _title(ds, f"Số GCN thu nhận theo ngày — {commune}", f"Số liệu đến {when}")
    drows = [[d.day, d.received, d.cumulative, d.entered] for d in fig.by_day]
    dend = _table(ds, 4, ["Ngày", "Thu nhận trong ngày", "Lũy kế", "Trong đó đã nhập"], drows, [14, 16, 14, 16])
    for r in range(5, dend + 1):
        ds.cell(r, 1).number_format = "dd/mm/yyyy"
    ds.freeze_panes = "A5"
    if drows:
        line = LineChart()
        line.title = "Lũy kế GCN thu nhận"
        line.y_axis.title = "Số GCN"
        line.add_data(Reference(ds, min_col=3, min_row=4, max_row=dend), titles_from_data=True)
        line.set_categories(Reference(ds, min_col=1, min_row=5, max_row=dend))
        line.x_axis.number_format = "dd/mm"
        line.height, line.width = 9, 20
        ds.add_chart(line, "F4")
    _print_setup(ds)

    return save_workbook(wb, out)
