"""An export is written to the audit trail and moves its dossiers to "Đã gửi tỉnh" (the command line and the
window call the same service); the province's receipt then replaces that with its answer."""

from __future__ import annotations

import json

from sqlalchemy import select

from landdesk.cli.main import main
from landdesk.domain.stages import shown_stage
from landdesk.services import dossiers, reports, search
from landdesk.services.packages import export
from landdesk.storage.commune import browse
from landdesk.storage.commune.models import DossierRow
from landdesk.storage.desk_models import AuditEntry
from tests.factories import couple_dossier
from tests.sync import helpers


def _province_status(ws) -> dict[str, str]:
    return ws.read(lambda ctx: dict(ctx.session.execute(select(DossierRow.id, DossierRow.province_status)).all()))


def _exports(ws) -> list[dict]:
    rows = ws.read(lambda ctx: ctx.session.execute(
        select(AuditEntry.user, AuditEntry.entity_id, AuditEntry.changes).where(AuditEntry.action == "export_package")
        .order_by(AuditEntry.seq)).all())
    return [{"user": u, "package": p, **{c["field"]: c["new"] for c in json.loads(ch)}} for u, p, ch in rows]


def test_export_audited_and_sent_then_the_receipt_answers(linked):
    desk, communes, tmp = linked
    ws = communes["07210"]
    # (the demo marks a few as accepted by a province this workspace never sent to: no receipt says so)
    res = export.export_package(ws, tmp / "usb")
    assert set(_province_status(ws).values()) == {"sent"}
    [entry] = _exports(ws)
    assert entry == {"user": "admin", "package": res.package_id, "seq": 1, "kind": "changes", "dossiers": 40,
                     "tombstones": 0, "scans": 0, "encrypted": True, "marked_sent": 40}
    assert ws.read(reports.campaign_figures).totals.sent == 40
    _filters_agree(ws)
    imp = helpers.import_(desk, res.paths, tmp / "rc")
    helpers.apply(ws, imp.receipt)
    answered = _province_status(ws)
    assert "sent" not in answered.values() and set(answered.values()) <= {"accepted", "rejected", "conflict", "duplicate"}
    _filters_agree(ws)
    assert ws.read(reports.campaign_figures).totals.returned >= list(answered.values()).count("rejected")
    # a full package re-sends dossiers the province already answered about at the same revision: unchanged
    full = export.export_package(ws, tmp / "usb2", full=True)
    assert _province_status(ws) == answered and _exports(ws)[-1]["marked_sent"] == 0 and full.dossiers == 40
    # one edited dossier goes again: it waits for the province's answer again
    d = ws.read(lambda ctx: dossiers.get_dossier(ctx, next(iter(answered))))
    d.notes = "Bổ sung ghi chú"
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    export.export_package(ws, tmp / "usb3")
    assert _province_status(ws)[d.id] == "sent" and _exports(ws)[-1]["marked_sent"] == 1


def _filters_agree(ws) -> None:
    """The records list's stage filter (SQL) finds what its column shows (domain.stages.shown_stage)."""
    rows = ws.read(lambda ctx: ctx.session.execute(select(DossierRow.status, DossierRow.province_status)).all())
    for stage in ("checked", "verified", "sent", "returned", "accepted", "updated"):
        want = sum(1 for st, ps in rows if shown_stage(st, ps) == stage)
        assert ws.read(lambda ctx, s=stage: browse.count(ctx.session, browse.Filters(status=s))) == want, stage


def test_the_command_line_does_the_same(linked, capsys):
    _, communes, tmp = linked
    ws = communes["07228"]
    root = ws.root
    ws.close()
    assert main(["--workspace", str(root), "package", "export", "--out", str(tmp / "usb"), "--json"]) == 0
    from landdesk.workspace import Workspace

    with Workspace.open(root) as w:
        assert set(_province_status(w).values()) == {"sent"} and len(_exports(w)) == 1
    communes["07228"] = Workspace.open(root)  # (the fixture closes it)


def test_shown_stage():
    assert shown_stage("checked", "sent") == "sent"
    assert shown_stage("entered", "rejected") == "returned"
    assert shown_stage("verified", "accepted") == "accepted"
    assert shown_stage("updated", "accepted") == "updated"  # further along than the province's answer
    assert shown_stage("checked", "") == "checked"
    assert shown_stage("checked", "conflict") == "sent"


def test_a_blocking_dossier_is_described_without_ids(ws):
    d = couple_dossier()
    d.holders[0].cccd = "12345"
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier
    pf = ws.read(export.preflight)
    assert pf.blocking == [saved.id]
    [b] = ws.read(lambda ctx: export.blocking_details(ctx, pf.blocking))
    assert (b.num, b.serial, b.holders) == (saved.num, "CS 123456", "NGUYỄN VĂN THÀNH; TRẦN THỊ HOÀ")
    assert b.problems("vi") == ["Chủ sử dụng 1: Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]
    assert "024080001234" not in repr(b)
    assert ws.read(lambda ctx: search.fetch_summaries(ctx, [saved.id]))[0].num == saved.num
