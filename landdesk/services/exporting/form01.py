"""Write the Form 01 workbook the province loads: PL3-01 layout or the VBDLIS variant.

Layout as in the template: title rows, a row of merged group headers, the column headers, the row
of item numbers "(1) (2) …", then one data row per certificate × parcel × person. Controlled columns
get dropdown validation; dates are real dates (dd/mm/yyyy), areas numbers with one decimal.
openpyxl (write-only) writes the workbook; the data rows are streamed as sheet XML by
exporting.sheetdata and spliced in, which is several times faster for 100,000 rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from landdesk.domain import reference
from landdesk.domain.codes import ChangeReason, Gender, LegalForm, Role, UseForm
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import atomic_output, disk_full_guard
from landdesk.domain.filenames import checked_output
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services.exporting import scan_pdfs
from landdesk.services.exporting.rows import dossier_rows, extra_land_uses
from landdesk.services.exporting.sheetdata import SheetDataWriter
from landdesk.services.importing.columnmaps import ColumnMap, get_map
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import imports
from landdesk.storage.uow import UnitOfWork

VARIANTS = {"pl3": "pl3-01", "vbdlis": "vbdlis"}
HEADER_ROW = 5  # 1-based row of the column headers; data start after the item-number row
FIRST_DATA_ROW = HEADER_ROW + 2
BATCH = 2000

_DATE_FIELDS = {"issue_date", "holder_birth"}
_AREA_FIELDS = {"parcel_area", "lu1_area", "lu2_area", "lu3_area", "h_construction_area", "h_floor_area"}
_CHOICES = {
    "legal_form": LegalForm, "role": Role, "cu_reason": ChangeReason, "holder_gender": Gender,
    "lu1_form": UseForm, "lu2_form": UseForm, "lu3_form": UseForm,
}
_WIDTHS = {"stt": 6, "commune_code": 9, "serial": 13, "issue_date": 11, "registry_no": 13, "holder_name": 24,
           "holder_id": 14, "holder_birth": 11, "holder_gender": 7, "holder_address": 30, "legal_form": 14,
           "role": 12, "parcel_address": 28, "cu_address": 28, "scan_files": 34, "guid": 38,
           "lu1_type": 22, "lu2_type": 22, "lu3_type": 22, "lu1_origin": 24, "lu2_origin": 24, "lu3_origin": 24}

_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEAD_FONT = Font(name="Times New Roman", bold=True, size=11)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    variant: str
    dossiers: int
    rows: int
    dropped_land_uses: int  # land uses beyond the three columns a row has
    scan_files: int = 0


def _cell(ws, value, *, font=None, fill=None, align=None, border=None, fmt=None):
    c = WriteOnlyCell(ws, value=value)
    if font:
        c.font = font
    if fill:
        c.fill = fill
    if align:
        c.alignment = align
    if border:
        c.border = border
    if fmt:
        c.number_format = fmt
    return c


def _header_rows(ws, cmap: ColumnMap, commune_name: str, commune_code: str) -> None:
    n = len(cmap.columns)
    ws.append([_cell(ws, "Mẫu số 01 (PL3-01)", font=Font(name="Times New Roman", italic=True, size=10))])
    ws.append([_cell(ws, "DANH SÁCH GIẤY CHỨNG NHẬN ĐÃ CẤP CẦN CẬP NHẬT, BỔ SUNG VÀO CƠ SỞ DỮ LIỆU ĐẤT ĐAI",
                     font=Font(name="Times New Roman", bold=True, size=14))])
    ws.append([_cell(ws, f"Đơn vị hành chính cấp xã: {commune_name} (mã {commune_code})",
                     font=Font(name="Times New Roman", size=12))])
    # the title stays left, on the first printed page: the table is far wider than a sheet of paper
    ws.row_dimensions[4].height = 32
    ws.row_dimensions[HEADER_ROW].height = 62
    # group headers, merged across their columns
    groups, start = [], 0
    for i in range(1, n + 1):
        if i == n or cmap.columns[i].group != cmap.columns[start].group:
            groups.append((start, i - 1, cmap.columns[start].group))
            start = i
    row = []
    for first, end, label in groups:
        row.append(_cell(ws, label or None, font=_HEAD_FONT, fill=_HEAD_FILL, align=_WRAP_CENTER, border=_BORDER))
        row.extend(_cell(ws, None, border=_BORDER, fill=_HEAD_FILL) for _ in range(end - first))
        if end > first:
            ws.merged_cells.add(f"{get_column_letter(first + 1)}4:{get_column_letter(end + 1)}4")
    ws.append(row)
    ws.append([_cell(ws, c.header, font=_HEAD_FONT, fill=_HEAD_FILL, align=_WRAP_CENTER, border=_BORDER)
               for c in cmap.columns])
    ws.append([_cell(ws, f"({c.item})" if c.item else "", font=Font(name="Times New Roman", italic=True, size=9),
                     align=Alignment(horizontal="center"), border=_BORDER) for c in cmap.columns])


def _validations(ws, cmap: ColumnMap, last_row: int) -> None:
    for i, c in enumerate(cmap.columns, start=1):
        enum = _CHOICES.get(c.field)
        if enum is None:
            continue
        formula = '"' + ",".join(m.label_vi for m in enum) + '"'
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="Giá trị không hợp lệ", error="Chọn một giá trị trong danh sách.")
        letter = get_column_letter(i)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW) + 1000}")
        ws.data_validations.append(dv)


def export_form01(ctx: UnitOfWork, out: Path | str, *, variant: str = "pl3", scans_dir: Path | str | None = None,
                  dossier_ids: Sequence[str] | None = None, progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCEL) -> ExportResult:
    """Write every dossier (or those in `dossier_ids`, in that order) as Form 01 rows."""
    require(ctx, "read")
    if variant not in VARIANTS:
        raise LandDeskError(f"Mẫu xuất không hợp lệ: {variant} (pl3 hoặc vbdlis).",
                            f"Unknown variant: {variant} (pl3 or vbdlis).")
    out = checked_output(out)
    if out.suffix.lower() != ".xlsx":
        raise LandDeskError("Tệp xuất phải có đuôi .xlsx.", "The output file must end in .xlsx.")
    cmap = get_map(VARIANTS[variant])
    fields = [c.field for c in cmap.columns]
    s = ctx.session
    code = settings_store.get(s, "commune_code") or ""
    unit = reference.commune(code)
    ids = list(dossier_ids) if dossier_ids is not None else imports.all_ids_in_order(s)
    kinds = imports.scan_kinds(s)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mau01")
    for i, f in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(f, 14)
    ws.freeze_panes = f"D{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "8"  # A3
    _header_rows(ws, cmap, unit.name if unit else code, code)

    date_sid = _cell(ws, date(2000, 1, 1), fmt="dd/mm/yyyy").style_id
    area_sid = _cell(ws, 0.0, fmt="0.0").style_id
    rows_out = SheetDataWriter(FIRST_DATA_ROW, len(fields))
    # columns whose cells need more than their value: row number, date style, area style
    styled = [(i, "stt" if f == "stt" else "date" if f in _DATE_FIELDS else "area")
              for i, f in enumerate(fields) if f == "stt" or f in _DATE_FIELDS or f in _AREA_FIELDS]
    n_rows = dropped = 0
    total = len(ids)
    pattern = scan_pdfs.name_pattern(ctx)
    scan_files: list = []
    with disk_full_guard(out):
        out.parent.mkdir(parents=True, exist_ok=True)
    # The workbook is whole under its name only when the scans (if asked) are written too; on any
    # error (a full drive, a cancel) neither the workbook nor a PDF of this run is left behind.
    with atomic_output(out) as tmp:
        try:
            for start in range(0, total, BATCH):
                cancel.check()
                for d in imports.load_dossiers_bulk(s, ids[start:start + BATCH]):
                    dropped += extra_land_uses(d)
                    for r in dossier_rows(d, kinds.get(d.id, set()), pattern):
                        n_rows += 1
                        values = [r.get(f) for f in fields]
                        for i, kind in styled:
                            v = values[i]
                            if kind == "stt":
                                values[i] = n_rows
                            elif v is not None and v != "":
                                values[i] = (v, date_sid if kind == "date" else area_sid)
                        rows_out.append(values)
                progress(min(start + BATCH, total), total, "")
            _validations(ws, cmap, FIRST_DATA_ROW + n_rows)
            buf = io.BytesIO()  # the titles and styles only (small); openpyxl leaves its zip open on a failed write
            wb.save(buf)
            tmp.write_bytes(buf.getvalue())
            rows_out.splice_into(tmp)
        except BaseException:
            rows_out.discard()
            raise
        if scans_dir is not None:
            scan_files = scan_pdfs.export_scans(ctx, Path(scans_dir), cancel=cancel)
    return ExportResult(out, variant, total, n_rows, dropped, len(scan_files))
