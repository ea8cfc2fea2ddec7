"""Scan files travel once: sent with their dossier, never again after the province acknowledged them."""

from __future__ import annotations

import pytest

from landdesk.domain import i18n
from landdesk.domain.package_format import PackageError
from landdesk.services import dossiers as ds
from landdesk.services.packages import export
from landdesk.storage.commune import sync as sync_store
from tests.sync import helpers


def _touch(ws, did, note):
    def run(ctx):
        d = ds.get_dossier(ctx, did)
        d.notes = note
        ds.save_dossier(ctx, d, allow_errors=True)

    ws.transact(run)


def test_scans_sent_once_and_dependency(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws = communes["07210"]
    ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:5]
    shas = helpers.attach_scans(ws, ids)
    pre = ws.read(lambda ctx: export.preflight(ctx))
    assert pre.ok and pre.scans == 10 and pre.predicted_bytes > 10 * 2000
    p1 = helpers.export_(ws, tmp / "o")
    assert p1.scans == 10
    # not acknowledged yet: the next package carries them again
    _touch(ws, ids[0], "một")
    p2 = helpers.export_(ws, tmp / "o")
    assert p2.scans == 10 and p2.dossiers == 40
    r1 = helpers.import_(desk, p1.paths, tmp / "rc")
    assert r1.counts["scans"] == 10
    for sha in shas:
        assert (desk.media_dir / sha[:2] / sha[2:4] / f"{sha}.jpg").is_file()
    helpers.apply(ws, r1.receipt)
    r2 = helpers.import_(desk, p2.paths, tmp / "rc")
    assert r2.counts["scans"] == 0 and r2.counts["unchanged"] == 39
    helpers.apply(ws, r2.receipt)
    _touch(ws, ids[1], "hai")
    p3 = helpers.export_(ws, tmp / "o")
    assert (p3.dossiers, p3.scans) == (1, 0)  # acknowledged scans are never sent again
    _touch(ws, ids[2], "ba")
    p4 = helpers.export_(ws, tmp / "o")
    # package 4 references scans that are at the province already: it may arrive before package 3
    r4 = helpers.import_(desk, p4.paths, tmp / "rc")
    assert r4.missing == [[3, 3]]


def test_out_of_order_with_dependency_is_refused(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws = communes["07228"]
    ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:2]
    helpers.attach_scans(ws, ids, seed=5)
    p1 = helpers.export_(ws, tmp / "o")
    r = helpers.import_(desk, p1.paths, tmp / "rc")
    helpers.apply(ws, r.receipt)
    new_ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[2:3]
    helpers.attach_scans(ws, new_ids, seed=6)
    _touch(ws, new_ids[0], "x")
    p2 = helpers.export_(ws, tmp / "o")  # carries the new scans
    _touch(ws, new_ids[0], "y")
    p3 = helpers.export_(ws, tmp / "o")  # carries them too (package 2 is not acknowledged)
    assert p3.scans == 2
    before = helpers.snapshot(desk)
    # a package that needs scans only an earlier, missing package carries: simulate by acking p2 first
    ws.transact(lambda ctx: sync_store.apply_receipt(ctx.session, receipt_id="r-test", package_id=_pid(ws, 2),
                                                     contiguous_through=2, results=[], seq=2))
    _touch(ws, new_ids[0], "z")
    p4 = helpers.export_(ws, tmp / "o")
    assert p4.scans == 0
    with pytest.raises(PackageError, match="needs scans carried by a package not received yet"):
        helpers.import_(desk, p4.paths, tmp / "rc")
    assert helpers.snapshot(desk) == before
    assert helpers.import_(desk, p2.paths, tmp / "rc").counts["scans"] == 2
    assert helpers.import_(desk, p4.paths, tmp / "rc").missing == [[3, 3]]
    assert helpers.import_(desk, p3.paths, tmp / "rc").missing == []


def _pid(ws, seq):
    return next(p.id for p in ws.read(lambda ctx: sync_store.packages(ctx.session)) if p.seq == seq)


def test_preflight_finds_missing_and_damaged_scans(linked):
    desk, communes, tmp = linked
    ws = communes["07246"]
    ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:2]
    a, b, *_ = helpers.attach_scans(ws, ids, pages=2, seed=9)
    (ws.root / "media" / a[:2] / a[2:4] / f"{a}.jpg").unlink()
    (ws.root / "media" / b[:2] / b[2:4] / f"{b}.jpg").write_bytes(b"damaged")
    pre = ws.read(lambda ctx: export.preflight(ctx))
    assert pre.scans_missing == [a] and pre.scans_bad_hash == [b] and not pre.ok
    with pytest.raises(Exception, match="(?i)thiếu|missing|hỏng|damaged"):
        helpers.export_(ws, tmp / "o")
    assert not list((tmp / "o").glob("*.ldpkg")) and not list((tmp / "o").glob(".*.part"))
