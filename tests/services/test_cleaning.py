"""Cleaning: cross-dossier rules by SQL aggregates, parcel groups, the review queue."""

from __future__ import annotations

from landdesk.demo import commune as demo
from landdesk.domain.codes import Severity, VerificationStatus
from landdesk.domain.values import PartialDate
from landdesk.services import checks, cleaning
from landdesk.services.dossiers import get_dossier, save_dossier
from tests.factories import couple_dossier


def _save(ws, d):
    return ws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True)).dossier


def _rules(findings):
    return sorted((f.rule, f.dossier_num) for f in findings if f.rule.startswith("clean."))


def test_cross_dossier_rules(ws):
    a = _save(ws, couple_dossier("CS 100001", "1", "10"))
    b = couple_dossier("CS 100001", "1", "10")  # same serial, same sheet/parcel
    b.holders[0].name = "Nguyễn Văn Thanh"  # same ID as in a, another name
    b.holders[1].cccd = "024185009999"  # same name + birth as a's wife, other ID
    b = _save(ws, b)
    c = couple_dossier("CS 100003", "1", "11")
    c.holders[0].cccd, c.holders[0].name = "024080007777", "Lê Văn Bình"
    c.holders[1].cccd, c.holders[1].name = "024185007777", "Phạm Thị Lan"
    c = _save(ws, c)
    found = ws.read(cleaning.cleaning_findings)
    nums = (a.num, b.num)
    assert _rules(found) == sorted([(cleaning.ID_NAMES, n) for n in nums] + [(cleaning.PERSON_IDS, n) for n in nums]
                                   + [(cleaning.SERIAL_DUPLICATE, n) for n in nums]
                                   + [(cleaning.PARCEL_DUPLICATE, n) for n in nums])
    msg = next(f for f in found if f.rule == cleaning.ID_NAMES and f.dossier_num == a.num)
    assert str(b.num) in msg.message_vi and "024080001234" not in msg.message_vi  # no personal data
    assert msg.severity == Severity.ERROR
    # registered for `landdesk check`
    assert cleaning.check_same_id_names in checks.WORKSPACE_CHECKS
    all_findings = ws.read(checks.run_checks)
    assert {f.rule for f in all_findings} >= {cleaning.ID_NAMES, cleaning.SERIAL_DUPLICATE}
    # a parcel in another map series is not a duplicate
    d = ws.read(lambda ctx: get_dossier(ctx, b.id))
    d.parcels[0].map_series = "Bản đồ 2004 xã cũ"
    _save(ws, d)
    assert cleaning.PARCEL_DUPLICATE not in {f.rule for f in ws.read(cleaning.cleaning_findings)}


def test_parcel_groups_and_cleaned(ws):
    clean = couple_dossier("CS 200001", "2", "20")
    for h in clean.holders:
        h.verification = VerificationStatus.VERIFIED
    clean = _save(ws, clean)
    unverified = _save(ws, couple_dossier("CS 200002", "2", "21"))
    rebuild = couple_dossier("CS 200003", "2", "")
    for h in rebuild.holders:
        h.verification = VerificationStatus.VERIFIED
    rebuild.parcels[0].parcel_cert = ""
    rebuild = _save(ws, rebuild)
    warned = couple_dossier("CS 200004", "2", "23")
    for h in warned.holders:
        h.verification = VerificationStatus.VERIFIED
    warned.holders[0].birth = PartialDate(1980, 3, 2)
    warned.parcels[0].area = 300.0  # land uses add up to 250: a warning
    warned = _save(ws, warned)
    result = ws.read(cleaning.compute_groups)
    by_dossier = {}
    for pid, g in result.groups.items():
        by_dossier[pid] = g
    got = {d.id: by_dossier[d.parcels[0].id] for d in (clean, unverified, rebuild, warned)}
    assert got == {clean.id: 1, unverified.id: 2, rebuild.id: 3, warned.id: 2}
    assert result.figures() == {"parcels": 4, "group_1": 1, "group_2": 2, "group_3": 1, "cleaned": 1}
    revision = ws.read(lambda ctx: get_dossier(ctx, clean.id)).revision
    figures = ws.transact(cleaning.refresh_groups)
    assert figures["changed"] == 4
    stored = ws.read(lambda ctx: get_dossier(ctx, clean.id))
    assert stored.parcels[0].group == 1 and stored.revision == revision + 1
    assert ws.transact(cleaning.refresh_groups)["changed"] == 0  # nothing to do the second time
    assert ws.read(cleaning.cleaning_figures)["cleaned"] == 1


def test_demo_commune_duplicates_and_queue(ws):
    result = ws.transact(lambda ctx: demo.fill_demo(ctx, 300, 4))
    planted = {k: v for k, v in result.planted.items() if v in (demo.DUPLICATE_SERIAL, demo.DUPLICATE_PARCEL)}
    found = ws.read(cleaning.cleaning_findings)
    by_rule = {(f.rule, f.dossier_id) for f in found}
    for dossier_id, kind in planted.items():
        rule = cleaning.SERIAL_DUPLICATE if kind == demo.DUPLICATE_SERIAL else cleaning.PARCEL_DUPLICATE
        assert (rule, dossier_id) in by_rule
    queue = ws.read(cleaning.review_queue)
    assert queue and all(g.findings for g in queue)
    full = ws.read(lambda ctx: cleaning.review_queue(ctx, full=True))  # stored counts are trusted: same result
    assert [(g.rule, len(g.findings)) for g in queue] == [(g.rule, len(g.findings)) for g in full]
    assert [g.severity for g in queue] == sorted((g.severity for g in queue), key=lambda s: s != Severity.ERROR)
    assert cleaning.rule_label("area.sum_mismatch", "vi").startswith("Tổng diện tích")
    assert cleaning.rule_label(cleaning.SERIAL_DUPLICATE, "en") == "The same certificate serial twice"


def test_bulk_fixes_preview_then_apply_audited(ws):
    from landdesk.services import audit as audit_service
    from landdesk.services import bulk_fixes
    from landdesk.storage.commune import dossiers as store

    d = couple_dossier("CS 300001", "3", "30")
    d.holders[0].name = "nguyễn văn thành"  # as an old import left it
    d.parcels[0].land_uses[1].code = "LNQ"  # legacy perennial-fruit code
    d.parcels[0].land_uses[0].code, d.parcels[0].land_uses[0].raw_text = None, "thổ cư"
    ws.transact(lambda ctx: store.bulk_insert_dossiers(ctx.session, [(d, 0, 0)], "admin"))
    names = ws.read(lambda ctx: bulk_fixes.preview_fix(ctx, "names"))
    assert [(i.old, i.new) for i in names] == [("nguyễn văn thành", "NGUYỄN VĂN THÀNH"),
                                               ("Trần Thị Hoà", "TRẦN THỊ HOÀ")]
    uses = ws.read(lambda ctx: bulk_fixes.preview_fix(ctx, "land_use"))
    assert sorted((i.old, i.new) for i in uses) == [("", "ODT"), ("LNQ", "CLN")]  # a phường: thổ cư is urban
    addresses = ws.read(lambda ctx: bulk_fixes.preview_fix(ctx, "address"))
    assert [(i.old, i.new) for i in addresses] == [("Thôn Đông", "Thôn Đông, Phường Bắc Giang, Tỉnh Bắc Ninh")]
    before = ws.read(lambda ctx: get_dossier(ctx, d.id))
    assert before.holders[0].name == "nguyễn văn thành"  # preview changed nothing
    n = ws.transact(lambda ctx: bulk_fixes.apply_fix(ctx, names + uses + addresses))
    assert n == 5
    after = ws.read(lambda ctx: get_dossier(ctx, d.id))
    assert after.holders[0].name == "NGUYỄN VĂN THÀNH"
    assert [lu.code for lu in after.parcels[0].land_uses] == ["ODT", "CLN"]
    assert after.parcels[0].land_uses[0].raw_text == "thổ cư"  # as written on the certificate
    last = ws.read(lambda ctx: audit_service.history(ctx, d.id))[-1]
    assert last.reason.startswith("Sửa hàng loạt")
    assert {"old": "LNQ", "new": "CLN"} in [{k: c[k] for k in ("old", "new")} for c in last.changes]
    assert ws.read(lambda ctx: bulk_fixes.preview_fix(ctx, "land_use")) == []
    assert ws.transact(lambda ctx: bulk_fixes.apply_fix(ctx, names)) == 0  # stale items are skipped


def test_fix_in_place(ws):
    import pytest

    from landdesk.domain.errors import LandDeskError
    from landdesk.services import bulk_fixes

    d = couple_dossier("CS 600001", "6", "60")
    d.parcels[0].area = 300.0
    d = _save(ws, d)
    problems = ws.read(lambda ctx: checks.run_checks(ctx))
    sum_problem = next(f for f in problems if f.rule == "area.sum_mismatch")
    assert ws.read(lambda ctx: bulk_fixes.field_text(ctx, d.id, sum_problem.path)) == "300,0"
    remaining = ws.transact(lambda ctx: bulk_fixes.fix_field(ctx, d.id, sum_problem.path, "250"))
    assert "area.sum_mismatch" not in {p.rule for p in remaining}
    assert ws.read(lambda ctx: get_dossier(ctx, d.id)).parcels[0].area == 250.0
    assert ws.read(lambda ctx: bulk_fixes.field_text(ctx, d.id, "holders[1].birth")) == "20/11/1985"
    assert ws.read(lambda ctx: bulk_fixes.field_text(ctx, d.id, "holders")) is None
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: bulk_fixes.fix_field(ctx, d.id, "holders[0].birth", "31/02/1980"))
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: bulk_fixes.fix_field(ctx, d.id, "parcels[5].area", "1"))


def test_check_command_lists_cleaning_rules(ws_path, capsys):
    import json

    from landdesk.cli.main import main
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        for _ in range(2):
            w.transact(lambda ctx: save_dossier(ctx, couple_dossier("CS 900001", "9", "90")))
    assert main(["--workspace", str(ws_path), "check", "--json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)}
    assert {cleaning.SERIAL_DUPLICATE, cleaning.PARCEL_DUPLICATE} <= rules
