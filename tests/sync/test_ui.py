"""The sync parts of the app: export with pre-flight (commune) and the province desk view."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def qsettings_dir(tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


def log_in_as(monkeypatch, username: str = "admin"):
    """The desk's login dialog answered: the same login as the dialog's (checked, audited)."""
    from landdesk.ui.views import province_view as pv
    from landdesk.workspace.province import ProvinceDesk
    from tests.sync.helpers import PASSWORD

    def ask(cls, parent, path, lang):
        desk = ProvinceDesk.open_for_login(path)
        desk.login(username, PASSWORD, via="window")
        return desk

    monkeypatch.setattr(pv.DeskLogin, "ask", classmethod(ask))


def _open_desk_window(win):
    """Tools → Open the province desk… in the commune window: the desk's login, then its own window."""
    from PySide6.QtGui import QAction

    from landdesk.ui import province_window

    act = win.findChild(QAction, "open_province_desk")
    assert act is not None and act in win.menu("tools").actions()
    act.trigger()
    assert len(province_window._open) == 1
    return province_window._open[0]


def _window(qtbot, ws):
    from landdesk.ui.app import build_window, make_settings

    win = build_window(ws, lang="vi", settings=make_settings())
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def test_export_with_preflight_then_province_view(qtbot, linked, qsettings_dir, monkeypatch):
    from landdesk.ui import province_window
    from landdesk.ui.dialogs.send_province import ExportDoneDialog, SendChoice, SendDialog
    from landdesk.ui.views import province_view as pv
    from landdesk.ui.views import send_province as sp

    desk, communes, tmp = linked
    ws = communes["07210"]
    win = _window(qtbot, ws)
    shown = []
    monkeypatch.setattr(pv.Info, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    asked, done = [], []
    monkeypatch.setattr(SendDialog, "ask", classmethod(
        lambda cls, parent, pf, blocking, prof, lang="vi", **kw: asked.append(pf) or SendChoice("export", str(tmp / "usb"))))
    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(lambda cls, parent, res, lang="vi": done.append(res)))
    try:
        sp.send_to_province(win)
        qtbot.waitUntil(lambda: bool(done), timeout=20000)
        assert asked[0].dossiers == 40 and asked[0].ok
        package = str(done[-1].paths[-1])
        assert package.endswith("07210-000001-changes.ldpkg") and os.path.isfile(package)
        # the pre-export dialog itself: export disabled while scans are missing
        from landdesk.services.packages.export import Preflight

        dlg = SendDialog(win, Preflight(3, 0, ["x"], 2, ["a" * 64], [], 1000, False, 2), [], None)
        assert not dlg.go.isEnabled()
        # the province desk: never a view of the commune window (issue 13 §7), its own window from Tools
        desk_path = str(desk.root)
        desk.close()
        win.wctx.settings.setValue(pv.DESK_SETTING, desk_path)
        assert "province" not in win.view_ids()
        log_in_as(monkeypatch)
        desk_win = _open_desk_window(win)
        view = desk_win.view
        assert view.desk is not None and not view.login_button.isVisible()
        assert desk_win.windowTitle().endswith("Tỉnh Bắc Ninh") and desk_win.wctx.ws is view.desk
        assert desk_win.act_quit.text() == "Đóng cửa sổ"  # it closes itself only: not "Thoát"
        monkeypatch.setattr(pv.FilePick, "open_many", classmethod(lambda cls, parent, title, pattern: [package]))
        shown.clear()
        view.import_packages()
        qtbot.waitUntil(lambda: any(r.collected == 40 for r in view.rows), timeout=20000)
        desk_win.wctx.runner.wait_idle(10)
        assert "07210" in shown[0]
        codes = [view.progress.item(i, 0).text() for i in range(view.progress.rowCount())]
        assert "07210" in codes
        row = codes.index("07210")
        assert view.progress.item(row, 3).text() == "40"
        assert view.summary.text().startswith("Đã thu 40/185;")
        # no targets set (yet): not "40/0"
        from landdesk.services.province import profile

        view.desk.transact(lambda ctx: profile.set_targets(ctx, {"07210": 0, "07228": 0, "07246": 0}))
        view.refresh()
        qtbot.waitUntil(lambda: "chưa đặt chỉ tiêu" in view.summary.text(), timeout=10000)
        assert view.summary.text().startswith("Đã thu 40 (chưa đặt chỉ tiêu); tỉnh đã nhận ")
        view.grab().save(str(tmp / "province.png"))
        assert (tmp / "province.png").stat().st_size > 0
        # a conflict in the queue, settled through the dialog
        from landdesk.services.province import conflicts

        did = view.desk.read(conflicts.list_conflicts) or None
        assert did is None
        monkeypatch.setattr(pv.ConflictDialog, "ask", classmethod(lambda cls, parent, c: "province"))
        view.resolve_selected()  # nothing selected: nothing happens
        desk_win.close()  # its runner stopped and the desk closed with it
        assert province_window._open == []
    finally:
        province_window.close_all()
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


def test_roster_tab_revokes_and_commune_resends(qtbot, linked, qsettings_dir, monkeypatch):
    """The province window's roster: a key revoked from its tab; the commune's Resend action."""
    from landdesk.services.packages import export, keys
    from landdesk.services.province import roster
    from landdesk.ui import province_window
    from landdesk.ui.dialogs.common import Confirm, TextPrompt
    from landdesk.ui.views import province_view as pv
    from landdesk.ui.views import send_province as sp
    from landdesk.ui.widgets.filepick import FilePick

    desk, communes, tmp = linked
    ws = communes["07210"]
    first = export.export_package(ws, tmp / "usb")
    win = _window(qtbot, ws)
    shown = []
    monkeypatch.setattr(sp.Info, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    monkeypatch.setattr(TextPrompt, "ask", classmethod(lambda cls, parent, title, label, text="": "1"))
    monkeypatch.setattr(FilePick, "folder", classmethod(lambda cls, parent, title, start="": str(tmp / "again")))
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    try:
        sp.resend_package(win)
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        copy = tmp / "again" / first.paths[0].name
        assert copy.read_bytes() == first.paths[0].read_bytes()
        desk_path = str(desk.root)
        desk.close()
        win.wctx.settings.setValue(pv.DESK_SETTING, desk_path)
        log_in_as(monkeypatch)
        desk_win = _open_desk_window(win)
        desk_win.resize(1366, 768)
        view = desk_win.view
        qtbot.waitUntil(lambda: view.desk is not None and view.roster.table.rowCount() == 3, timeout=20000)
        view.tabs.setCurrentWidget(view.roster)
        fp = communes["07228"].read(keys.key_fingerprint)
        row = [e.fingerprint for e in view.roster.entries].index(fp)
        view.roster.table.selectRow(row)
        view.roster.revoke_selected()
        qtbot.waitUntil(lambda: any(e.status == "revoked" for e in view.roster.entries), timeout=20000)
        assert {e.fingerprint: e.status for e in view.desk.read(roster.list_keys)}[fp] == "revoked"
        assert view.roster.table.item(row, 2).text() == "đã thu hồi"
        desk_win.grab().save(str(tmp / "roster.png"))
    finally:
        province_window.close_all()
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


def test_screenshots_show_the_desk_in_its_own_window_only(qtbot, linked, monkeypatch, capsys):
    """`gui --screenshot` on a desk folder renders the desk's window (its login first); asked for the
    province view of a commune workspace, it says where the desk is rendered, exit 2, nothing written."""
    from PySide6.QtGui import QImage

    from landdesk.cli.main import main
    from tests.sync.helpers import PASSWORD

    desk, communes, tmp = linked
    desk.close()
    monkeypatch.setenv("LANDDESK_PASSWORD", PASSWORD)
    out = tmp / "desk.png"
    assert main(["--workspace", str(desk.root), "--user", "admin", "gui", "--screenshot", str(out)]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1366, 768)
    commune = communes["07210"].root
    communes["07210"].close()
    refused = tmp / "refused.png"
    assert main(["--workspace", str(commune), "gui", "--screenshot", str(refused), "--view", "province"]) == 2
    assert "cửa sổ riêng" in capsys.readouterr().err and not refused.exists()
    # No window of either render is left shown (once, a refused render's window stayed a live top-level
    # window, and a later test's driver typed a whole day into it).
    from PySide6.QtWidgets import QApplication, QMainWindow
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()] == []
    monkeypatch.setenv("LANDDESK_PASSWORD", "wrong-password-9")
    assert main(["--workspace", str(desk.root), "--user", "admin", "gui", "--screenshot", str(tmp / "x.png")]) == 2
    assert not (tmp / "x.png").exists()


def test_a_desk_whose_key_is_another_accounts_is_one_message(qtbot, linked, qsettings_dir, monkeypatch, tmp_path):
    """The desk copied to a PC (or account) its signing key is not protected for: the login succeeds, then
    one message says why the desk cannot open, no window, the desk closed."""
    from landdesk.ui import province_window, tasks

    desk, communes, tmp = linked
    root = desk.root
    desk.close()
    log_in_as(monkeypatch)
    errors: list[str] = []
    monkeypatch.setattr(tasks, "show_error", lambda parent, exc, lang="vi": errors.append(exc.message(lang)))
    monkeypatch.setenv("LANDDESK_KEYSTORE", str(tmp_path / "another-account"))
    assert province_window.open_desk(None, root, "vi", None) is None
    assert len(errors) == 1 and "tài khoản hoặc máy tính khác" in errors[0], errors
    assert province_window._open == []


def test_the_desk_reads_dossiers_and_conflicts_a_page_at_a_time(qtbot, linked, qsettings_dir, monkeypatch):
    """Issue 16 §5: the desk's window never reads a whole list. A commune's dossiers and the conflict
    queue come a page at a time, turned with the pagers (pages of 5 here)."""
    from landdesk.services.province import pages
    from landdesk.ui import province_window
    from tests.sync import helpers

    desk, communes, tmp = linked
    helpers.send(tmp, communes["07210"], desk, "a1", b"".join(
        helpers.dossier_line(f"a-{i:02d}", f"AA {i:06d}", f"0012{i:08d}", str(i), i) for i in range(1, 24)))
    # 07228 sends 7 dossiers whose serials 07210 already has: 7 duplicates in the queue
    helpers.send(tmp, communes["07228"], desk, "b1", b"".join(
        helpers.dossier_line(f"b-{i:02d}", f"AA {i:06d}", f"0099{i:08d}", str(100 + i), i) for i in range(1, 8)))
    monkeypatch.setattr(pages, "PAGE_SIZE", 5)
    win = province_window.build(desk, "vi", None)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    view = win.view
    try:
        tab = view.dossiers
        qtbot.waitUntil(lambda: tab.page is not None and view.queue_pager.total == 7, timeout=20000)
        assert [tab.commune.itemData(i) for i in range(tab.commune.count())] == ["07210", "07228"]
        assert tab.page.total == 23 and tab.table.rowCount() == 5
        assert tab.table.item(0, 0).text() == "AA 000001" and tab.table.item(0, 6).text() == "a-01"
        view.tabs.setCurrentWidget(tab)
        assert tab.pager.isVisible() and tab.pager.label.text() == "Trang 1/5 (23 dòng)"
        assert not tab.pager.prev.isEnabled()
        tab.pager.next.click()
        qtbot.waitUntil(lambda: tab.page.offset == 5, timeout=20000)
        assert tab.table.item(0, 6).text() == "a-06" and tab.pager.prev.isEnabled()
        tab.commune.setCurrentIndex(1)
        tab.commune.activated.emit(1)
        qtbot.waitUntil(lambda: tab.page.total == 7, timeout=20000)
        assert tab.table.item(0, 3).text() == "trùng xã khác" and tab.page.offset == 0
        # the conflict queue: 7 duplicates, pages of 5
        assert view.queue.rowCount() == 5 and view.queue_pager.label.text() == "Trang 1/2 (7 dòng)"
        assert "7 xung đột chờ xử lý" in view.summary.text()
        view.queue_pager.next.click()
        qtbot.waitUntil(lambda: view.queue.rowCount() == 2, timeout=20000)
        assert view.queue_offset == 5 and not view.queue_pager.next.isEnabled()
    finally:
        win.close()
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()
