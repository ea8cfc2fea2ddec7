"""The campaign report workbook and `landdesk report`: the same figures as campaign_figures."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl import load_workbook

from landdesk.services import reports
from landdesk.services.dossiers import save_dossier
from landdesk.services.exporting.report_workbook import write_report
from tests.factories import couple_dossier


def test_report_workbook_has_figures_and_charts(ws, tmp_path):
    ws.transact(lambda ctx: save_dossier(ctx, couple_dossier(), allow_errors=True))
    ws.transact(lambda ctx: reports.set_target(ctx, 4))
    fig = ws.read(reports.campaign_figures)
    out = write_report(fig, tmp_path / "bao_cao.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tong hop", "Theo thon", "Theo ngay"]
    summary = wb["Tong hop"]
    assert summary["B4"].value == 4
    assert summary["A7"].value == "Đã thu nhận GCN" and summary["B7"].value == fig.totals.collected == 1
    assert summary["C7"].value == 25.0
    assert len(summary._charts) == 2 and len(wb["Theo thon"]._charts) == 1
    assert wb["Theo thon"]["A5"].value == "Thôn Đông"


def test_cli_report_json_and_target(ws_path, tmp_path):
    base = [sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "report"]
    done = subprocess.run(base + ["--set-target", "250", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["target"] == 250 and data["totals"]["dossiers"] == 0
    bad = subprocess.run(base + ["--set-target", "0"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Chỉ tiêu" in bad.stderr
    out = tmp_path / "r.xlsx"
    ok = subprocess.run(base + [str(out)], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and out.exists()
