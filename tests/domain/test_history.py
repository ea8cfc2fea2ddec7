"""The history tab's wording: labels, formatted values, translated actions, one line per field."""

from __future__ import annotations

from datetime import datetime

from landdesk.domain.auditchain import AuditRecord, diff
from landdesk.domain.history import format_value, history_lines
from landdesk.domain.serialize import comparable
from tests.factories import couple_dossier


def _rec(action: str, changes: list, reason: str = "") -> AuditRecord:
    return AuditRecord("x", datetime(2026, 3, 1, 2, 0), "admin", action, "dossier", "d1", changes, reason)


def test_an_edit_reads_field_by_field_with_formatted_values():
    old = couple_dossier()
    new = couple_dossier()
    new.registry_no = "CH 00150"
    new.custody = "bank"
    new.holders[1].birth = new.holders[1].birth.__class__(1986, 1, 2)
    new.parcels[0].land_uses[0].area = 120.5
    new.holders[0].role = None
    lines = history_lines([_rec("update", diff(comparable(old), comparable(new)), "sửa lỗi")], "vi")
    got = {line.field: line.change for line in lines}
    assert got == {
        "Số vào sổ cấp GCN": "CH 00149 → CH 00150",
        "Tình trạng GCN": "Đã thu nhận → Đang thế chấp tại ngân hàng",
        "Chủ sử dụng 2 · Ngày sinh": "20/11/1985 → 02/01/1986",
        "Thửa 1, loại đất 1 · Diện tích": "100,0 m² → 120,5 m²",
        "Chủ sử dụng 1 · Vai trò": "Chồng → —",
    }
    assert {line.action for line in lines} == {"Sửa"} and {line.reason for line in lines} == {"sửa lỗi"}


def test_english_labels_values_and_actions():
    old, new = couple_dossier(), couple_dossier()
    new.issue_date = new.issue_date.replace(year=2013)
    (line,) = history_lines([_rec("update", diff(comparable(old), comparable(new)))], "en")
    assert (line.action, line.field, line.change) == ("Edited", "Issue date", "17/05/2012 → 17/05/2013")


def test_a_created_dossier_summarises_holders_and_parcels_and_hides_ids():
    lines = history_lines([_rec("create", diff({}, comparable(couple_dossier())))], "vi")
    got = {line.field: line.change for line in lines}
    assert got["Chủ sử dụng"] == "— → Nguyễn Văn Thành, Chồng; Trần Thị Hoà, Vợ"
    assert got["Thửa đất"] == "— → tờ 12, thửa 345, 250,0 m²"
    assert got["Ngày cấp GCN"] == "— → 17/05/2012"
    assert not any("id" == line.field or "[" in line.field for line in lines)
    assert all(line.action == "Tạo mới" for line in lines)


def test_added_holder_and_status_change():
    d = couple_dossier()
    old = comparable(d)
    d.holders = d.holders[:1]
    lines = history_lines([_rec("update", diff(comparable(d), old)),
                           _rec("status", [{"field": "status", "old": "collected", "new": "scanned"}])], "vi")
    assert (lines[0].action, lines[0].field, lines[0].change) == ("Đổi trạng thái", "Trạng thái hồ sơ",
                                                                  "Đã thu nhận → Đã quét")
    assert lines[1].field == "Chủ sử dụng 2" and lines[1].change == "— → Trần Thị Hoà, Vợ"


def test_values_by_kind():
    assert format_value("received_on", "2026-02-28") == "28/02/2026"
    assert format_value("holders[0].birth", "1980") == "1980"
    assert format_value("holders[0].gender", "female", "en") == "Female"
    assert format_value("parcels[0].housing.floor_area", 1280.5, "en") == "1,280.5 m²"
    assert format_value("parcels[0].housing.floor_area", 1280.5, "vi") == "1.280,5 m²"
    assert format_value("serial", None) == "—"
