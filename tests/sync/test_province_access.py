"""The province desk on the workspace base (issue 16 §1, issue 15 item 1 at the province): its users log
in (throttled, audited), its roles are enforced in the services, and every write is in its own audit
chain, which `landdesk audit verify` checks against the head anchored beside the database."""

from __future__ import annotations

import json
import sqlite3

import pytest

from landdesk.cli.main import main
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.services import audit, users
from landdesk.services.packages import keys
from landdesk.services.province import check, conflicts, importer, profile, report, roster
from landdesk.storage import audit as audit_store
from landdesk.workspace.province import ProvinceDesk
from tests.sync import helpers

OPERATOR_PW = "operator-pass-7"
VIEWER_PW = "viewer-pass-7"


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _trail(desk) -> list:
    return desk.read(lambda ctx: [r for _, _, r in audit_store.since(ctx.session, 0)])


@pytest.fixture
def staffed(linked):
    """The linked desk with an operator and a viewer (added by its administrator), a package from
    07210 imported, and an edit conflict queued (the province edited, then the commune did)."""
    desk, communes, tmp = linked
    desk.transact(lambda ctx: users.add_user(ctx, "op1", OPERATOR_PW, UserRole.OPERATOR))
    desk.transact(lambda ctx: users.add_user(ctx, "view1", VIEWER_PW, UserRole.VIEWER))
    ws = communes["07210"]
    first = helpers.export_(ws, tmp / "out")
    helpers.import_(desk, first.paths, tmp / "rc")
    did = ws.read(lambda ctx: helpers.sync_ids(ctx, 1))[0]
    desk.transact(lambda ctx: conflicts.edit_dossier(ctx, did, {"notes": "tỉnh ghi"}))
    helpers.edit(ws, did, notes="xã ghi")
    helpers.import_(desk, helpers.export_(ws, tmp / "out").paths, tmp / "rc")
    return desk, communes, tmp


def _as(desk, username: str, password: str) -> ProvinceDesk:
    other = ProvinceDesk.open_for_login(desk.root)
    other.login(username, password, via="cli")
    return other


def test_roles_are_the_province_ones(staffed):
    desk, communes, _ = staffed
    with pytest.raises(LandDeskError, match="không dùng ở đây"):
        desk.transact(lambda ctx: users.add_user(ctx, "clerk", OPERATOR_PW, UserRole.OFFICER))
    ws = communes["07228"]
    with pytest.raises(LandDeskError, match="không dùng ở đây"):
        ws.transact(lambda ctx: users.add_user(ctx, "op9", OPERATOR_PW, UserRole.OPERATOR))
    roles = {u.username: u.role for u in desk.read(users.list_users)}
    assert roles == {"admin": UserRole.ADMIN, "op1": UserRole.OPERATOR, "view1": UserRole.VIEWER}


def test_a_viewer_reads_and_changes_nothing(staffed, tmp_path):
    desk, communes, tmp = staffed
    viewer = _as(desk, "view1", VIEWER_PW)
    queue = viewer.read(conflicts.list_conflicts)
    assert [c.kind for c in queue] == ["edit"]
    assert {r.code for r in viewer.read(report.progress_report)} >= {"07210", "07228"}
    entries = viewer.read(roster.list_keys)
    before = len(_trail(desk))
    refused = [
        lambda ctx: conflicts.resolve(ctx, queue[0].id, "province"),
        lambda ctx: conflicts.edit_dossier(ctx, queue[0].dossier_id, {"notes": "x"}),
        lambda ctx: roster.approve(ctx, entries[0].commune_code, entries[0].fingerprint),
        lambda ctx: roster.revoke(ctx, entries[0].commune_code, entries[0].fingerprint),
        lambda ctx: roster.add_key(ctx, "07246", communes["07246"].read(keys.public_key_b64)),
        lambda ctx: profile.set_targets(ctx, {"07210": 5}),
        lambda ctx: users.add_user(ctx, "x1", VIEWER_PW, UserRole.VIEWER),
    ]
    for fn in refused:
        with pytest.raises(PermissionDenied):
            viewer.transact(fn)
    with pytest.raises(PermissionDenied):
        viewer.read(lambda ctx: profile.export_profile(ctx, tmp_path / "p"))
    package = helpers.export_(communes["07228"], tmp / "out228").paths
    with pytest.raises(PermissionDenied):
        importer.import_package(viewer, package)
    with pytest.raises(PermissionDenied):
        check.check_store(viewer, clean=True)
    assert check.check_store(viewer).ok
    assert len(_trail(desk)) == before + 0  # nothing written, not even a pending key
    assert viewer.read(conflicts.list_conflicts) == queue
    viewer.close()


def test_an_operator_imports_resolves_and_approves_but_does_not_administer(staffed):
    desk, communes, tmp = staffed
    op = _as(desk, "op1", OPERATOR_PW)
    (c,) = op.read(conflicts.list_conflicts)
    op.transact(lambda ctx: conflicts.resolve(ctx, c.id, "commune"))
    assert op.read(lambda ctx: conflicts.get_dossier(ctx, c.dossier_id))["dossier"]["notes"] == "xã ghi"
    res = importer.import_package(op, helpers.export_(communes["07228"], tmp / "out228").paths)
    assert res.status == "imported"
    fp = communes["07228"].read(keys.key_fingerprint)
    op.transact(lambda ctx: roster.revoke(ctx, "07228", fp))
    with pytest.raises(PermissionDenied):
        op.transact(lambda ctx: profile.set_targets(ctx, {"07210": 5}))
    with pytest.raises(PermissionDenied):
        op.transact(lambda ctx: users.add_user(ctx, "x1", VIEWER_PW, UserRole.VIEWER))
    trail = _trail(op)
    mine = [(r.action, r.entity) for r in trail if r.user == "op1"]
    assert mine == [("login", "user"), ("resolve", "conflict"), ("import", "package"), ("revoke", "roster_key")]
    resolved = next(r for r in trail if r.action == "resolve")
    assert {ch["field"]: ch["new"] for ch in resolved.changes} == {"dossier": c.dossier_id, "kind": "edit",
                                                                  "resolution": "commune"}
    op.close()


def test_every_province_write_is_in_the_desks_audit_chain(staffed, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    desk, communes, tmp = staffed
    desk.transact(lambda ctx: profile.set_targets(ctx, {"07210": 45, "07228": 45}))
    actions = [(r.user, r.action, r.entity) for r in _trail(desk)]
    assert actions[:3] == [("system", "create", "user"), ("admin", "approve", "roster_key"),
                           ("admin", "approve", "roster_key")]
    assert ("admin", "create", "user") in actions and ("admin", "update", "dossier") in actions
    assert [a for a in actions if a[1] == "import"] == [("admin", "import", "package")] * 2
    assert actions[-1] == ("admin", "update", "targets")
    root = desk.root
    desk.close()  # the head anchored beside the database (signed with the province's key)
    assert (root / audit.CHECKPOINT).is_file()
    code, out, _ = _run(capsys, "--workspace", root, "audit", "verify", "--json")
    res = json.loads(out)
    assert code == 0 and res["ok"] and res["anchors"] == ["the checkpoint beside the database"]
    # an entry changed in place breaks the chain
    con = sqlite3.connect(root / "province.db")
    con.execute("UPDATE audit_log SET user = 'someone' WHERE action = 'resolve' OR action = 'import'")
    con.commit()
    code, out, _ = _run(capsys, "--workspace", root, "audit", "verify", "--json")
    assert code == 1 and json.loads(out)["broken_at"]
    con.execute("UPDATE audit_log SET user = 'admin' WHERE action = 'resolve' OR action = 'import'")
    con.commit()
    # the last entries deleted (who set the targets, and the logins since): the checkpoint says so
    head = con.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    con.execute("DELETE FROM audit_log WHERE seq > ?", (head - 3,))
    con.commit()
    con.close()
    code, out, _ = _run(capsys, "--workspace", root, "audit", "verify", "--json")
    res = json.loads(out)
    assert code == 1 and not res["broken_at"]
    assert any("missing (deleted)" in p for p in res["problems"]), res


def test_every_province_command_logs_in(staffed, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    desk, _, _ = staffed
    root = desk.root
    desk.close()
    monkeypatch.setenv("LANDDESK_PASSWORD", "not-the-password")
    commands = (["province", "report", "--json"], ["province", "conflicts"], ["province", "roster", "list"],
                ["users", "list"], ["audit", "verify"])
    for who, args in zip(("admin", "op1", "view1", "nobody", "admin2"), commands, strict=True):
        code, _, err = _run(capsys, "--workspace", root, "--user", who, *args)
        assert code == 2 and "Wrong user name or password" in err, (args, err)
    monkeypatch.delenv("LANDDESK_PASSWORD")
    code, _, err = _run(capsys, "--workspace", root, "province", "report")
    assert code == 2 and "password is needed" in err
    monkeypatch.setenv("LANDDESK_PASSWORD", VIEWER_PW)
    code, out, _ = _run(capsys, "--workspace", root, "--user", "view1", "province", "conflicts", "--json")
    (c,) = json.loads(out)
    code, _, err = _run(capsys, "--workspace", root, "--user", "view1", "province", "resolve", c["id"], "province")
    assert code == 2 and "may not import packages, resolve conflicts or approve keys" in err
    with ProvinceDesk.open(root) as d:
        failed = [r for r in _trail(d) if r.action == "login_failed"]
        ok = [r.user for r in _trail(d) if r.action == "login"]
    assert len(failed) == 6 and ok[-2:] == ["view1", "view1"]
    # a commune command on the desk, and a province command on a commune, are one clear line
    code, _, err = _run(capsys, "--workspace", root, "search", "x")
    assert code == 2 and "is a province desk" in err


def test_a_new_desk_needs_its_administrators_password(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    monkeypatch.delenv("LANDDESK_PASSWORD")
    code, out, _ = _run(capsys, "--workspace", tmp_path / "d", "province", "init", "--province", "24",
                        "--admin", "chief", "--password", "short")
    assert code == 2 and not (tmp_path / "d").exists()
    code, out, _ = _run(capsys, "--workspace", tmp_path / "d", "province", "init", "--province", "24",
                        "--admin", "chief", "--json")
    made = json.loads(out)
    assert code == 0 and made["admin"] == "chief" and len(made["admin_password"]) >= 10  # made up, shown once
    monkeypatch.setenv("LANDDESK_PASSWORD", made["admin_password"])
    code, out, _ = _run(capsys, "--workspace", tmp_path / "d", "--user", "chief", "province", "roster", "list")
    assert code == 0


def test_the_desk_view_logs_in_with_the_login_dialog(qtbot, linked, monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from landdesk.ui import province_window
    from landdesk.ui.app import build_window, make_settings
    from landdesk.ui.dialogs.setup import LoginDialog
    from landdesk.ui.views import province_view as pv

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    desk, communes, tmp = linked
    desk.transact(lambda ctx: users.add_user(ctx, "view1", VIEWER_PW, UserRole.VIEWER))
    root = desk.root
    desk.close()
    win = build_window(communes["07210"], lang="vi", settings=make_settings())
    qtbot.addWidget(win)
    win.wctx.settings.setValue(pv.DESK_SETTING, str(root))
    assert "province" not in win.view_ids()  # the desk opens in its own window (issue 13 §7)
    typed = []

    def answer(password: str) -> None:  # types into the dialog once the desk behind it is open
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()), None)
        if dlg is None or dlg.ws is None:
            QTimer.singleShot(20, lambda: answer(password))
            return
        typed.append(dlg.place.text())
        dlg.username.setText("view1")
        dlg.password.setText(password)
        dlg.try_login()
        if dlg.isVisible():  # refused: the dialog says why; then cancelled
            typed.append(dlg.error.text())
            dlg.reject()

    try:
        QTimer.singleShot(0, lambda: answer("wrong-password-1"))
        province_window.open_from(win)
        assert province_window._open == [] and "Sai tên đăng nhập hoặc mật khẩu" in typed[-1]
        QTimer.singleShot(0, lambda: answer(VIEWER_PW))
        province_window.open_from(win)
        view = province_window._open[0].view
        assert view.desk is not None and view.desk.actor.username == "view1" and "Bắc Ninh" in typed[0]
        qtbot.waitUntil(lambda: view.progress.rowCount() > 0, timeout=20000)
        assert "view1" in view.title.text()
        trail = view.desk.read(lambda ctx: [(r.user, r.action) for _, _, r in audit_store.since(ctx.session, 0)])
        assert trail[-2:] == [("view1", "login_failed"), ("view1", "login")]
    finally:
        province_window.close_all()
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()
