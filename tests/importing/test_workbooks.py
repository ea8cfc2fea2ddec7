"""Workbooks written by people and other programs, legacy encodings, and the import modes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from landdesk.domain.normalise import normalise_dossier
from landdesk.domain.serialize import comparable
from landdesk.domain.values import PartialDate
from landdesk.services import dossiers
from landdesk.services.importing import import_form01
from landdesk.services.importing.problem_report import write_problem_report
from landdesk.storage.commune import imports

FIXTURES = Path(__file__).parent.parent / "fixtures"
REGISTERS = ["commune_register.xlsx", "commune_register_lo.xlsx", "commune_register_lo.ods",
             "commune_register_lo.xls"]


def _by_serial(w) -> dict:
    def load(ctx):
        return {d.serial: d for d in (dossiers.get_dossier(ctx, i) for i in imports.all_ids_in_order(ctx.session))}
    return w.read(load)


@pytest.mark.parametrize("name", REGISTERS)
def test_commune_register_from_other_programs(empty_ws, name):
    res = empty_ws.transact(lambda ctx: import_form01(ctx, FIXTURES / name, mode="valid-only"))
    assert res.committed and (res.added, res.refused, res.rows) == (2, 1, 5)
    assert res.sheet == "So theo doi"
    bad = [(p.row, p.column) for p in res.problems if p.error]
    assert bad == [(10, "C"), (10, "H"), (10, "P")]
    got = _by_serial(empty_ws)
    couple = got["ĐC 123456"]  # Đ kept; regrouped from 2 rows
    assert couple.issue_date == date(2012, 5, 17) and couple.registry_no == "CH 00149"
    husband, wife = couple.holders
    assert husband.name == "NGUYỄN VĂN THÀNH" and husband.birth == PartialDate(1958)  # year only
    assert husband.cccd == "024058001234"  # typed as a number: leading zero restored
    assert wife.name == "TRẦN THỊ HOÀ" and wife.birth == PartialDate(1962, 4, 3)
    assert [h.role.value for h in couple.holders] == ["husband", "wife"]
    (parcel,) = couple.parcels
    assert parcel.area == 250.5 and parcel.land_uses[0].code == "ONT" and parcel.land_uses[0].area == 250.5
    for d in got.values():
        assert comparable(normalise_dossier(d)) == comparable(d)
    single = got["CS 654321"]  # lower case serial normalised
    assert len(single.holders) == 1 and [p.parcel_cert for p in single.parcels] == ["88", "90"]
    assert single.parcels[0].area == 1234.5 and single.parcels[1].area == 300.2


@pytest.mark.parametrize(("name", "encoding"), [("register_tcvn3.csv", "tcvn3"), ("register_vni.csv", "vni")])
def test_legacy_encoded_register_is_converted_and_reported(empty_ws, name, encoding):
    res = empty_ws.transact(lambda ctx: import_form01(ctx, FIXTURES / name))
    assert res.committed and res.added == 2 and res.legacy_encoding == encoding
    assert encoding.upper() in res.summary("vi")
    got = _by_serial(empty_ws)
    assert [h.name for h in got["ĐC 123456"].holders] == ["NGUYỄN VĂN THÀNH", "TRẦN THỊ HOÀ"]
    assert got["ĐC 123456"].holders[0].address == "Thôn Đông, Phường Bắc Giang"


def test_all_or_nothing_writes_nothing_and_reports(empty_ws, tmp_path):
    res = empty_ws.transact(lambda ctx: import_form01(ctx, FIXTURES / "commune_register.xlsx"))
    assert not res.committed and res.refused == 1 and res.added == 2
    assert _by_serial(empty_ws) == {}
    report = write_problem_report(res, tmp_path / "loi.xlsx")
    rows = list(load_workbook(report).active.iter_rows(min_row=4, values_only=True))
    assert rows[0][:3] == ("So theo doi", 10, "C") and "ngày" in rows[0][5]
    assert "32/13/2015" == rows[0][4]


def test_dry_run_changes_nothing(empty_ws):
    res = empty_ws.read(lambda ctx: import_form01(ctx, FIXTURES / "commune_register.xlsx", dry_run=True,
                                                  mode="valid-only"))
    assert res.dry_run and res.added == 2 and not res.committed
    assert _by_serial(empty_ws) == {}
