"""End to end: three demo communes → province → receipts → edits on both sides → second round."""

from __future__ import annotations

from landdesk.services import dossiers as ds
from landdesk.services.packages import receipts, verify
from landdesk.services.province import conflicts, report
from landdesk.storage.commune import sync as sync_store
from tests.sync import helpers


def _ids(ws):
    return ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))


def _edit(ws, did, **fields):
    def run(ctx):
        d = ds.get_dossier(ctx, did)
        for k, v in fields.items():
            setattr(d, k, v)
        return ds.save_dossier(ctx, d, allow_errors=True)

    ws.transact(run)


def test_two_rounds_numbers_add_up(linked):
    desk, communes, tmp = linked
    out, rc = tmp / "out", tmp / "rc"
    # ---- round 1 ----
    for code, ws in communes.items():
        res = helpers.export_(ws, out)
        assert res.seq == 1 and res.dossiers == 40 and res.encrypted
        assert verify.verify_package(res.paths).header["commune_code"] == code
        imp = helpers.import_(desk, res.paths, rc)
        c = imp.counts
        assert imp.status == "imported" and c["accepted"] + c["rejected"] == 40 and imp.missing == []
        back = helpers.apply(ws, imp.receipt)
        assert sum(back.counts.values()) == 40
    assert helpers.snapshot(desk)["dossiers"] == 120
    rows = {r.code: r for r in desk.read(report.progress_report)}
    assert rows["07210"].collected == 40 and rows["07210"].band == "done"
    assert rows["07246"].band == "below_50" and rows["07228"].band == "above_80"
    assert rows["07210"].days_since_last == 0
    # accepted / returned shows at the commune
    ws1 = communes["07210"]
    statuses = ws1.read(receipts.dossier_status)
    assert len(statuses) == 40 and {s for s, _ in statuses.values()} <= {"accepted", "rejected"}

    # ---- edits on both sides ----
    a, b = _ids(ws1)[:2]
    d_id = _ids(communes["07228"])[0]
    desk.transact(lambda ctx: conflicts.edit_dossier(ctx, a, {"village": "Thôn Tỉnh Sửa"}))  # province: a field the commune leaves alone
    _edit(ws1, a, notes="xã sửa ghi chú")  # commune: another field → merged
    ws1.transact(lambda ctx: ds.delete_dossier(ctx, b, reason="trùng"))
    from tests.factories import couple_dossier

    new = couple_dossier(serial="AA 000123")
    new.commune_code = "07210"
    ws1.transact(lambda ctx: ds.save_dossier(ctx, new, allow_errors=True))
    desk.transact(lambda ctx: conflicts.edit_dossier(ctx, d_id, {"notes": "tỉnh ghi"}))
    _edit(communes["07228"], d_id, notes="xã ghi")  # both changed the same field → queued
    dup = couple_dossier(serial="AA 000123", sheet="99", parcel="1")
    dup.commune_code = "07246"
    dup.holders = dup.holders[:1]
    communes["07246"].transact(lambda ctx: ds.save_dossier(ctx, dup, allow_errors=True))

    # ---- round 2: only what changed since the acknowledgement ----
    results = {}
    for code, ws in communes.items():
        res = helpers.export_(ws, out)
        assert res.seq == 2
        results[code] = helpers.import_(desk, res.paths, rc)
        helpers.apply(ws, results[code].receipt)
    assert results["07210"].counts["deleted"] == 1
    assert results["07210"].counts["accepted"] + results["07210"].counts["rejected"] + \
        results["07210"].counts["duplicate"] == 2
    assert results["07228"].counts["conflict"] == 1
    assert results["07246"].counts["duplicate"] == 1
    assert helpers.snapshot(desk)["dossiers"] == 120 - 1 + 1 + 1
    merged = desk.read(lambda ctx: conflicts.get_dossier(ctx, a))["dossier"]
    assert merged["village"] == "Thôn Tỉnh Sửa" and merged["notes"] == "xã sửa ghi chú"
    queue = desk.read(conflicts.list_conflicts)
    kinds = sorted(c.kind for c in queue)
    assert kinds == ["cccd", "edit", "serial"]  # same serial and the same holder ID from two communes
    edit = next(c for c in queue if c.kind == "edit")
    assert edit.field == "notes" and edit.province_value == "tỉnh ghi" and edit.commune_value == "xã ghi"
    desk.transact(lambda ctx: conflicts.resolve(ctx, edit.id, "commune"))
    assert desk.read(lambda ctx: conflicts.get_dossier(ctx, d_id))["dossier"]["notes"] == "xã ghi"
    for c in desk.read(conflicts.list_conflicts):
        desk.transact(lambda ctx, c=c: conflicts.resolve(ctx, c.id, "keep_both"))
    assert desk.read(conflicts.list_conflicts) == []
    assert desk.read(lambda ctx: conflicts.get_dossier(ctx, d_id))["province_status"] in ("accepted", "rejected")
    # the commune side: every package acknowledged; a third export carries nothing
    for ws in communes.values():
        sent = ws.read(receipts.sent_packages)
        assert [p.acknowledged for p in sent] == [True, True]
        res = helpers.export_(ws, out)
        assert (res.dossiers, res.tombstones) == (0, 0)
        helpers.apply(ws, helpers.import_(desk, res.paths, rc).receipt)
    # the conflict settled at the province reached the commune with its next receipt
    assert communes["07228"].read(receipts.dossier_status)[d_id][0] in ("accepted", "rejected")
    assert sum(r.collected for r in desk.read(report.progress_report)) == 121


def test_full_package_and_unencrypted_split(linked):
    desk, communes, tmp = linked
    ws = communes["07246"]
    res = helpers.export_(ws, tmp / "o", encrypt=False, split_mb=1)
    imp = helpers.import_(desk, res.paths, tmp / "rc")
    assert imp.counts["accepted"] + imp.counts["rejected"] == 40
    full = helpers.export_(ws, tmp / "o", full=True)
    assert full.kind == "full" and full.dossiers == 40 and full.seq == 2
    again = helpers.import_(desk, full.paths, tmp / "rc")
    assert again.counts["unchanged"] == 40 and helpers.snapshot(desk)["dossiers"] == 40
