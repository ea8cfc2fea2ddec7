"""The Form 01 workbook as the province expects it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import datetime

from openpyxl import load_workbook

from landdesk.domain.model import LandUse, Parcel
from landdesk.services.dossiers import save_dossier
from landdesk.services.exporting import export_form01
from landdesk.services.exporting.form01 import FIRST_DATA_ROW, HEADER_ROW
from landdesk.services.importing.columnmaps import get_map
from tests.factories import couple_dossier


def _two_by_two(ws):
    d = couple_dossier(serial="ĐC 123456")
    d.parcels.append(Parcel(sheet_cert="12", parcel_cert="346", address="Thôn Đông", area=80.0,
                            land_uses=[LandUse(code="LUC", raw_text="lúa", area=80.0)]))
    d.holders[0] = dataclasses.replace(d.holders[0], address="=cmd|' /C calc'!A0")  # formula-looking text
    return ws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True)).dossier


def test_one_row_per_parcel_and_holder(ws, tmp_path):
    d = _two_by_two(ws)
    out = tmp_path / "mau01.xlsx"
    res = ws.read(lambda ctx: export_form01(ctx, out))
    assert (res.dossiers, res.rows) == (1, 4)
    sheet = load_workbook(out).active
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [c.header for c in get_map("pl3-01").columns]
    col = {h: i for i, h in enumerate(headers)}
    rows = list(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert len(rows) == 4
    assert [r[col["Số thứ tự thửa đất ghi trên GCN"]] for r in rows] == ["345", "345", "346", "346"]
    assert [r[col["Vai trò pháp nhân trên GCN"]] for r in rows] == ["Chồng", "Vợ", "Chồng", "Vợ"]
    first = rows[0]
    assert first[col["Số phát hành GCN"]] == "ĐC 123456"
    assert first[col["Ngày cấp GCN"]] == datetime(2012, 5, 17)  # a real date
    assert first[col["Loại đất 1"]] == "Đất ở tại nông thôn"  # the name, not the code
    assert rows[2][col["Loại đất 1"]] == "Đất chuyên trồng lúa"  # code LUC written as its official name
    assert first[col["Địa chỉ thường trú"]].startswith("=cmd")  # stored as text, never a formula
    assert first[col["STT"]] == 1 and rows[3][col["STT"]] == 4
    cells = sheet[FIRST_DATA_ROW]
    assert cells[col["Ngày cấp GCN"]].number_format == "dd/mm/yyyy"
    assert cells[col["Diện tích thửa đất"]].number_format == "0.0"
    assert cells[col["Địa chỉ thường trú"]].data_type == "s"
    lists = {str(dv.sqref).split(":")[0][:-len(str(FIRST_DATA_ROW))]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    letter = {h: sheet.cell(HEADER_ROW, i + 1).column_letter for h, i in col.items()}
    assert "Vợ chồng" in lists[letter["Pháp nhân trên GCN"]]
    assert "Chuyển nhượng" in lists[letter["Lý do thay đổi"]]
    assert '"Nam,Nữ"' == lists[letter["Giới tính"]]
    assert sheet.freeze_panes == f"D{FIRST_DATA_ROW}"
    assert d.id not in json.dumps(headers)


def test_vbdlis_variant_carries_guid_and_documents(ws, tmp_path):
    d = _two_by_two(ws)
    out = tmp_path / "vbdlis.xlsx"
    ws.read(lambda ctx: export_form01(ctx, out, variant="vbdlis"))
    sheet = load_workbook(out, read_only=True).active
    headers = [c.value for c in next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW))]
    assert headers[-1] == "Guid" and len(headers) == 61
    row = next(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert row[-1] == d.id and row[headers.index("Loại giấy tờ 1")] == "CCCD"


def test_cli_export_and_bad_variant(ws_path, tmp_path):
    out = tmp_path / "x.xlsx"
    cmd = [sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "export", "form01", str(out), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["rows"] == 0 and out.exists()
    bad = subprocess.run(cmd[:-2] + [str(tmp_path / "x.csv")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and ".xlsx" in bad.stderr


def test_scan_names_in_ax_and_pdfs_beside(ws, tmp_path):
    from PIL import Image, ImageDraw

    from landdesk.services import scans

    d = _two_by_two(ws)
    for kind, text in (("gcn", "GIAY CHUNG NHAN"), ("gt", "CAN CUOC")):
        img = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        ImageDraw.Draw(img).text((200, 300), f"{text} {kind}", fill=0)
        path = tmp_path / f"{kind}.png"
        img.save(path, dpi=(200, 200))
        ws.transact(lambda ctx, p=path, k=kind: scans.add_files(ctx, [p], d.id, k))
    out = tmp_path / "mau01.xlsx"
    res = ws.read(lambda ctx: export_form01(ctx, out, scans_dir=tmp_path / "pdf"))
    sheet = load_workbook(out).active
    headers = [c.value for c in sheet[HEADER_ROW]]
    names = sheet.cell(FIRST_DATA_ROW, headers.index("Tên file quét GCN/CCCD") + 1).value
    assert names == "ĐC123456-GCN.pdf; ĐC123456-GT.pdf"  # the serial without spaces, as provincial tools name them
    assert res.scan_files == 2
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["ĐC123456-GCN.pdf", "ĐC123456-GT.pdf"]
