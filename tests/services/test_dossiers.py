"""Saving, loading, deleting and searching dossiers through the services, on a real workspace."""

from __future__ import annotations

import sqlite3

import pytest

from landdesk.domain.codes import UserRole, WorkflowStatus
from landdesk.domain.errors import PermissionDenied, ValidationFailed
from landdesk.domain.serialize import comparable, dossier_from_dict, dossier_to_dict
from landdesk.services import audit, dossiers, search, users
from landdesk.workspace import Workspace
from tests.factories import couple_dossier


def test_save_load_round_trip(ws):
    d = couple_dossier()
    res = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    assert res.created
    loaded = ws.read(lambda ctx: dossiers.get_dossier(ctx, d.id))
    assert comparable(loaded) == comparable(res.dossier)
    assert loaded.num == 1 and loaded.revision == 1
    assert loaded.holders[0].name == "NGUYỄN VĂN THÀNH"  # names stored upper case
    assert loaded.status == WorkflowStatus.ENTERED  # complete dossier moves to entered
    assert ws.read(lambda ctx: dossiers.get_dossier(ctx, "1")).id == d.id  # by number too


def test_update_bumps_revision_and_audits(ws):
    d = couple_dossier()
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    d2 = ws.read(lambda ctx: dossiers.get_dossier(ctx, d.id))
    d2.parcels[0].area = 251.5
    d2.holders.pop()
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d2, reason="sửa diện tích")).dossier
    assert saved.revision == 2 and len(saved.holders) == 1
    hist = ws.read(lambda ctx: audit.history(ctx, d.id))
    assert [h.action for h in hist] == ["create", "update"]
    fields = {c["field"] for c in hist[1].changes}
    assert "parcels[0].area" in fields and hist[1].reason == "sửa diện tích"
    assert ws.read(audit.verify_audit).ok


def test_nfc_everywhere(ws):
    d = couple_dossier()
    d.holders[0].name = "nguye\u0302\u0303n va\u0306n thanh"  # decomposed input
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    loaded = ws.read(lambda ctx: dossiers.get_dossier(ctx, d.id))
    assert loaded.holders[0].name == "NGUYỄN VĂN THANH"


def test_search_ignores_accents_case_and_tone_placement(ws):
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier()))
    for q in ("nguyen van thanh", "NGUYEN VAN", "tran thi hoa", "Trần Thị Hòa", "  hoà  ", "cs 123456", "cs123456"):
        found = ws.read(lambda ctx, q=q: search.search(ctx, q))
        assert len(found) == 1, q
    assert ws.read(lambda ctx: search.search(ctx, "le van")) == []
    exact = ws.read(lambda ctx: search.search(ctx, "Hòa", exact=True))
    assert len(exact) == 1  # tone placement still unified in exact mode
    assert ws.read(lambda ctx: search.search(ctx, "Hoa", exact=True)) == []


def test_delete_leaves_tombstone(ws):
    d = couple_dossier()
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    ws.transact(lambda ctx: dossiers.delete_dossier(ctx, d.id, "nhập trùng"))
    con = sqlite3.connect(ws.root / "landdesk.db")
    assert con.execute("SELECT entity, reason FROM tombstones WHERE entity_id=?", (d.id,)).fetchone() == (
        "dossier", "nhập trùng")
    assert con.execute("SELECT count(*) FROM parcels").fetchone() == (0,)
    assert ws.read(lambda ctx: search.search(ctx, "nguyen")) == []


def test_errors_block_save_and_change_nothing(ws):
    d = couple_dossier()
    d.holders[0].cccd = "0240800012"  # 10 digits
    with pytest.raises(ValidationFailed) as exc:
        ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    assert exc.value.problems and "024080" not in str(exc.value)
    assert ws.read(lambda ctx: search.search(ctx, "nguyen")) == []


def test_roles_are_checked_in_services(ws):
    ws.transact(lambda ctx: users.add_user(ctx, "xem", "secret-pass-1", UserRole.VIEWER, "Người Xem"))
    viewer = Workspace.open(ws.root, user="xem")
    try:
        with pytest.raises(PermissionDenied):
            viewer.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier()))
        with pytest.raises(PermissionDenied):
            viewer.transact(lambda ctx: users.add_user(ctx, "x2", "secret-pass-2", UserRole.ADMIN))
        assert viewer.read(lambda ctx: search.search(ctx, "a")) == []
    finally:
        viewer.close()


def test_passwords_hashed_and_checked(ws):
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "mat-khau-1", UserRole.OFFICER))
    con = sqlite3.connect(ws.root / "landdesk.db")
    stored = con.execute("SELECT password_hash FROM users WHERE username='canbo'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "mat-khau-1" not in stored
    actor = ws.authenticate("canbo", "mat-khau-1", via="test")
    assert actor.role == UserRole.OFFICER
    with pytest.raises(PermissionDenied):
        ws.authenticate("canbo", "sai", via="test")


def test_audit_tamper_detected(ws):
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier()))
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(serial="CS 654321")))
    assert ws.read(audit.verify_audit).ok
    con = sqlite3.connect(ws.root / "landdesk.db")
    con.execute("UPDATE audit_log SET user='someone' WHERE seq=2")
    con.commit()
    assert ws.read(audit.verify_audit).broken_at == [2]
    con.execute("UPDATE audit_log SET user='admin' WHERE seq=2")
    con.execute("DELETE FROM audit_log WHERE seq=2")
    con.commit()
    assert not ws.read(audit.verify_audit).ok


def test_dossier_json_round_trip():
    d = couple_dossier()
    assert comparable(dossier_from_dict(dossier_to_dict(d))) == comparable(d)


def test_drafts_survive_and_are_discarded_on_save(ws):
    d = couple_dossier()
    ws.transact(lambda ctx: dossiers.save_draft(ctx, d.id, d))
    again = Workspace.open(ws.root)
    try:
        pending = again.read(dossiers.pending_drafts)
        assert [k for k, _ in pending] == [d.id]
        again.transact(lambda ctx: dossiers.save_dossier(ctx, pending[0][1]))
        assert again.read(dossiers.pending_drafts) == []
    finally:
        again.close()


def test_new_workspace_has_private_signing_key(ws):
    import stat

    from landdesk.services.packages import keys

    files = [p for p in (ws.root / "keys").iterdir() if p.is_file()]
    assert files, "the signing key is made when the workspace is created"
    private = [p for p in files if "pub" not in p.name]
    assert private and all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in private)
    assert len(ws.read(keys.key_fingerprint)) >= 16


def test_stale_editor_copy_does_not_undo_scanned(ws):
    d = couple_dossier()
    d.holders = []  # incomplete: stays before 'entered'
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    import sqlite3

    con = sqlite3.connect(ws.root / "landdesk.db")
    con.execute("UPDATE dossiers SET status='scanned'")  # pages were attached meanwhile
    con.commit()
    d.notes = "ghi chú mới"  # the editor still holds status 'collected'
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d)).dossier
    assert saved.status == WorkflowStatus.SCANNED
