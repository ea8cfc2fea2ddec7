"""The interactive start through app.run(): the login dialog first, the workspace opening behind it.

run() is modal (the dialog's exec, then the app's), so each test acts from a timer in those event loops,
as the officer would: read the dialog, type, press OK or Cancel.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from landdesk.domain import i18n
from tests.conftest import ADMIN_PASSWORD


class Driver:
    """Runs `steps` in order from the event loop, each called every few ms until it returns True. After
    `timeout` seconds it closes what is open (so a broken start fails the test instead of hanging it)."""

    def __init__(self, *steps, timeout: float = 60.0):
        from PySide6.QtCore import QTimer

        self.steps = list(steps)
        self.deadline = time.monotonic() + timeout
        self.timed_out = False
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        from PySide6.QtWidgets import QApplication

        if time.monotonic() > self.deadline:
            self.timed_out = True
            self.timer.stop()
            dlg = login_dialog()
            if dlg is not None:
                dlg.reject()
            for w in QApplication.topLevelWidgets():
                w.hide()
            QApplication.instance().exit(1)
            return
        if self.steps and self.steps[0]():
            self.steps.pop(0)
        if not self.steps:
            self.timer.stop()


def login_dialog():
    from PySide6.QtWidgets import QApplication

    from landdesk.ui.dialogs.setup import LoginDialog

    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()), None)


def main_window():
    from PySide6.QtWidgets import QApplication

    from landdesk.ui.main_window import MainWindow

    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def opening_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("landdesk-open")]


@pytest.fixture(autouse=True)
def _vietnamese_after(monkeypatch):
    """run(lang=...) installs the interface language process-wide: back to Vietnamese afterwards."""
    monkeypatch.setenv("LANDDESK_LANG", "vi")
    i18n.use_language("vi")  # the language the front end would choose
    yield
    from landdesk.ui import app

    app.install_language(app.ensure_app(), "vi")


@pytest.fixture
def errors(monkeypatch):
    """Start-up error boxes, recorded instead of shown (a modal box would block an offscreen test)."""
    from landdesk.ui import app

    shown = []
    monkeypatch.setattr(app, "error_box", lambda exc, lang: shown.append(exc.message(lang)))
    return shown


@pytest.fixture
def closed(monkeypatch):
    """Workspaces opened and closed during the test (run() must close every one it opened)."""
    from landdesk.workspace import Workspace

    opened, closed_ = [], []
    real_open, real_close = Workspace.open_for_login.__func__, Workspace.close

    def open_(cls, *a, **k):
        ws = real_open(cls, *a, **k)
        opened.append(ws)
        return ws

    def close(self):
        closed_.append(self)
        real_close(self)

    monkeypatch.setattr(Workspace, "open_for_login", classmethod(open_))
    monkeypatch.setattr(Workspace, "close", close)
    return opened, closed_


@pytest.fixture(autouse=True)
def main_loop(monkeypatch):
    """run() ends in app.exec(). QApplication.quit() would leave the application quitting for the tests
    that follow (their dialogs' exec() returning at once), so here the main loop is a local QEventLoop."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    loops: list = []

    def exec_(self):
        loop = QEventLoop()
        loops.append(loop)
        return loop.exec()

    monkeypatch.setattr(QApplication, "exec", exec_)
    return loops


def _quit_when_records_shown(seen: dict, loops: list):
    def step() -> bool:
        win = main_window()
        if win is None or win.page("records").loaded_generation == 0:
            return False
        if win.wctx.runner.pending:
            return False  # quit once the window has settled
        seen["title"] = win.windowTitle()
        seen["user"] = win.wctx.ws.actor.username
        win.hide()
        loops[-1].quit()
        return True

    return step


def test_login_dialog_comes_first_then_the_main_window(qtbot, ws_path, errors, closed, main_loop):
    from landdesk.ui import app

    seen: dict = {}

    def dialog_shown() -> bool:
        dlg = login_dialog()
        if dlg is None:
            return False
        seen["place"] = dlg.place.text()
        seen["user_field"] = dlg.username.text()
        seen["focus_on_password"] = dlg.focusWidget() is dlg.password
        return True

    def press_ok() -> bool:
        dlg = login_dialog()
        dlg.password.setText(ADMIN_PASSWORD)
        dlg.try_login()  # the workspace may still be opening: OK then waits for it
        return True

    driver = Driver(dialog_shown, press_ok, _quit_when_records_shown(seen, main_loop))
    assert app.run(ws_path, user="admin", lang="vi") == 0
    assert not driver.timed_out and not errors
    assert seen["place"] == "Phường Bắc Giang — Tỉnh Bắc Ninh"  # from the marker, before the database
    assert seen["user_field"] == "admin" and seen["focus_on_password"]
    assert seen["user"] == "admin" and "Phường Bắc Giang" in seen["title"]
    opened, closed_ = closed
    assert len(opened) == 1 and closed_ == opened
    assert not opening_threads()
    settings = app.make_settings()
    assert settings.value("login/last_user") == "admin"
    assert settings.value("workspace/last") == str(ws_path)


def test_wrong_password_says_so_and_cancel_closes_everything(qtbot, ws_path, errors, closed):
    from landdesk.ui import app

    seen: dict = {}

    def wrong_password() -> bool:
        dlg = login_dialog()
        if dlg is None or dlg.ws is None:  # wait until open, so the password check itself is tested
            return False
        dlg.password.setText("not-the-password")
        dlg.try_login()
        seen["error"] = dlg.error.text()
        seen["still_open"] = dlg.isVisible()
        seen["password_cleared"] = dlg.password.text() == ""
        dlg.reject()  # Cancel
        return True

    driver = Driver(wrong_password)
    assert app.run(ws_path, user="admin", lang="vi") == 0
    assert not driver.timed_out and not errors
    assert seen == {"error": "Sai tên đăng nhập hoặc mật khẩu.", "still_open": True, "password_cleared": True}
    opened, closed_ = closed
    assert len(opened) == 1 and closed_ == opened
    assert not opening_threads() and main_window() is None


def test_cancel_at_once_waits_for_the_opening_and_closes_it(qtbot, ws_path, errors, closed):
    from landdesk.ui import app

    def cancel() -> bool:
        dlg = login_dialog()
        if dlg is None:
            return False
        dlg.reject()
        return True

    driver = Driver(cancel)
    assert app.run(ws_path, user="admin", lang="en") == 0
    assert not driver.timed_out and not errors
    opened, closed_ = closed
    assert closed_ == opened  # opened (or not yet) when cancelled: either way nothing is left open
    assert not opening_threads() and main_window() is None


def test_a_damaged_database_closes_the_dialog_with_the_clear_message(qtbot, ws_path, errors, monkeypatch):
    from landdesk.ui import app
    from landdesk.ui.dialogs.setup import LoginDialog

    (ws_path / "landdesk.db").write_bytes(b"this is not an SQLite database" * 100)
    for name in ("landdesk.db-wal", "landdesk.db-shm"):
        (ws_path / name).unlink(missing_ok=True)
    shown = []
    real = LoginDialog.set_workspace
    monkeypatch.setattr(LoginDialog, "set_workspace", lambda self, w: shown.append(self.isVisible()) or real(self, w))
    assert app.run(ws_path, user="admin", lang="vi") == 2
    assert shown == [True]  # the dialog came up first, the database was read behind it
    assert len(errors) == 1 and errors[0].startswith("Không đọc được cơ sở dữ liệu của không gian làm việc")
    assert not opening_threads() and login_dialog() is None


@pytest.mark.parametrize(("marker", "vi", "en"), [
    ("{not json", "Tệp đánh dấu không gian làm việc bị hỏng", "The workspace marker file is damaged"),
    (json.dumps({"format": 99, "kind": "commune", "commune_code": "07210"}),
     "được tạo bởi phiên bản LandDesk mới hơn", "was made by a newer LandDesk"),
])
def test_a_damaged_or_newer_marker_is_reported_before_any_dialog(qtbot, ws_path, errors, marker, vi, en):
    from landdesk.ui import app

    (ws_path / "landdesk-workspace.json").write_text(marker, encoding="utf-8")
    assert app.run(ws_path, lang="vi") == 2
    assert app.run(ws_path, lang="en") == 2
    assert vi in errors[0] and en in errors[1]
    assert not opening_threads() and login_dialog() is None


def test_not_a_workspace_leads_to_the_wizard_then_the_window(qtbot, tmp_path, errors, monkeypatch, main_loop):
    """A folder that is not a workspace (and none used before) starts the first-run wizard; its new
    workspace opens with its administrator logged in (the password was just chosen: no second prompt)."""
    from landdesk.ui import app
    from landdesk.ui.dialogs.setup import BackupKeyDialog, SetupChoice, SetupWizard

    monkeypatch.delenv("LANDDESK_WORKSPACE", raising=False)
    (tmp_path / "empty").mkdir()
    choice = SetupChoice(tmp_path / "xa", "07210", "chu-tich", "Nguyễn Thị Lan", "mat-khau-1")
    asked, keys_shown = [], []
    monkeypatch.setattr(SetupWizard, "ask",
                        classmethod(lambda cls, parent, default: asked.append(default) or choice))
    monkeypatch.setattr(BackupKeyDialog, "ask", classmethod(lambda cls, parent, key: keys_shown.append(key)))
    seen: dict = {}

    def no_login_dialog() -> bool:
        seen.setdefault("login_dialog", login_dialog() is not None)
        return main_window() is not None

    driver = Driver(no_login_dialog, _quit_when_records_shown(seen, main_loop))
    assert app.run(tmp_path / "empty", lang="vi") == 0
    assert not driver.timed_out and not errors
    assert asked == [tmp_path / "empty"] and seen["user"] == "chu-tich" and seen["login_dialog"] is False
    assert len(keys_shown) == 1  # the new workspace's backup key, shown once
    assert (tmp_path / "xa" / "landdesk-workspace.json").is_file()
