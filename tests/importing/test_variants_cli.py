"""Provincial variants mapped by header text, and the `landdesk import form01` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from landdesk.services import dossiers
from landdesk.services.importing import import_form01
from landdesk.services.importing.columnmaps import builtin_maps, get_map

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALUES = {"commune_code": "07210", "serial": "CS 555001", "issue_date": "03/04/2014", "registry_no": "CH 01234",
          "holder_name": "Đinh Thị Mai", "holder_id": "024190004321", "holder_birth": "12/08/1990",
          "holder_gender": "Nữ", "holder_address": "Thôn Nam", "legal_form": "Cá nhân", "role": "Cá nhân",
          "sheet_cert": "9", "parcel_cert": "101", "parcel_area": "120,5", "lu1_type": "Đất ở tại nông thôn",
          "lu1_area": "120,5", "lu1_term": "Lâu dài"}


def test_builtin_maps_are_versioned_and_distinct():
    ids = {m.id: m for m in builtin_maps()}
    assert {"pl3-01", "vbdlis", "variant-38", "variant-49"} <= set(ids)
    assert [len(ids[k].columns) for k in ("pl3-01", "vbdlis", "variant-38", "variant-49")] == [51, 61, 38, 49]
    assert all(m.version >= 1 for m in ids.values())


@pytest.mark.parametrize("map_id", ["variant-38", "variant-49"])
def test_variant_with_columns_in_another_order(empty_ws, tmp_path, map_id):
    cols = list(get_map(map_id).columns)
    i, j, k = (next(n for n, c in enumerate(cols) if c.field == f) for f in ("holder_id", "holder_birth", "holder_gender"))
    cols[i], cols[j], cols[k] = cols[k], cols[i], cols[j]  # I/J/K in another order, as in one provincial copy
    book = Workbook()
    book.active.append(["DANH SÁCH GCN"])
    book.active.append([c.header for c in cols])
    book.active.append([VALUES.get(c.field) for c in cols])
    path = tmp_path / f"{map_id}.xlsx"
    book.save(path)
    res = empty_ws.transact(lambda ctx: import_form01(ctx, path))
    assert res.committed and res.added == 1 and res.map_id == map_id and not res.problems
    d = empty_ws.read(lambda ctx: dossiers.get_dossier(ctx, "1"))
    h = d.holders[0]
    assert (h.cccd, h.birth.display(), h.gender.value) == ("024190004321", "12/08/1990", "female")
    assert d.parcels[0].land_uses[0].code == "ONT" and d.parcels[0].area == 120.5


def test_cli_import_dry_run_report_json_and_exit_codes(ws_path, tmp_path):
    base = [sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "import", "form01"]
    report = tmp_path / "loi.xlsx"
    dry = subprocess.run(base + [str(FIXTURES / "commune_register_lo.ods"), "--dry-run", "--json", "--report",
                                 str(report)], capture_output=True, text=True, timeout=120)
    assert dry.returncode == 1, dry.stderr  # a row would be refused
    data = json.loads(dry.stdout)
    assert (data["added"], data["refused"], data["dry_run"], data["committed"]) == (2, 1, True, False)
    assert [p["column"] for p in data["problems"] if p["error"]] == ["C", "H", "P"]
    assert load_workbook(report).active["A4"].value == "So theo doi"
    ok = subprocess.run(base + [str(FIXTURES / "register_tcvn3.csv")], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "TCVN3" in ok.stdout
    again = subprocess.run(base + [str(FIXTURES / "register_tcvn3.csv"), "--json"], capture_output=True, text=True,
                           timeout=120)
    assert json.loads(again.stdout)["unchanged"] == 2  # no duplicates
    bad = subprocess.run(base + [str(tmp_path / "nope.xlsx")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "nope.xlsx" in bad.stderr and bad.stdout == ""
