"""Start-up pieces: the first-run wizard creates the workspace, login, idle lock, draft after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

REPO = Path(__file__).resolve().parents[2]


def test_first_run_wizard_creates_the_workspace_and_logs_in(qtbot, tmp_path, monkeypatch):
    from landdesk.services.packages import keys
    from landdesk.ui import app
    from landdesk.ui.dialogs.setup import BackupKeyDialog, SetupChoice, SetupWizard
    from landdesk.workspace import is_workspace

    choice = SetupChoice(tmp_path / "xa", "07210", "chu-tich", "Nguyễn Thị Lan", "mat-khau-1")
    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, parent, default: choice))
    shown = []
    monkeypatch.setattr(BackupKeyDialog, "ask", classmethod(lambda cls, parent, key: shown.append(key)))
    ws, actor, user = app._first_run(tmp_path / "default", "vi")
    try:
        assert is_workspace(tmp_path / "xa") and user == "chu-tich"
        assert actor is not None and actor.username == "chu-tich"  # no second password prompt
        assert shown == [keys.backup_key(tmp_path / "xa" / "keys")]  # the backup key, shown once
        assert ws.info.commune_code == "07210"
    finally:
        ws.close()


def test_wizard_pages_offer_reference_communes(qtbot, tmp_path):
    from landdesk.ui.dialogs.setup import SetupWizard

    wiz = SetupWizard(None, tmp_path / "ws")
    qtbot.addWidget(wiz)
    codes = [wiz.place.matches.item(i).data(256) for i in range(wiz.place.matches.count())]
    assert "07210" in codes
    wiz.admin.password.setText("abc")
    wiz.admin.password2.setText("abd")
    assert not wiz.admin.isComplete()
    wiz.admin.password.setText("abcdef")
    wiz.admin.password2.setText("abcdef")
    assert not wiz.admin.isComplete() and "10" in wiz.admin.hint.text()  # too short
    wiz.admin.password.setText("password123")
    wiz.admin.password2.setText("password123")
    assert not wiz.admin.isComplete()  # too common
    wiz.admin.password.setText("mat-khau-xa-1")
    wiz.admin.password2.setText("mat-khau-xa-1")
    assert wiz.admin.isComplete()


def test_login_checks_the_password(qtbot, ws):
    from landdesk.ui.dialogs.setup import LoginDialog

    dlg = LoginDialog(None, ws, "")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.try_login()  # nothing typed: the window's own words, not the command line's LANDDESK_PASSWORD
    assert dlg.actor is None and dlg.error.text() == "Hãy nhập mật khẩu."
    assert dlg.height() >= dlg.sizeHint().height()  # the message shown whole
    assert dlg.focusWidget() is dlg.username  # the first empty field, so typing goes on where it should
    dlg.username.setText("admin")
    dlg.password.setText("wrong-password")
    dlg.try_login()
    assert dlg.actor is None and dlg.error.text()
    dlg.password.setText(ADMIN_PASSWORD)
    dlg.try_login()
    assert dlg.actor is not None and dlg.actor.username == "admin"


def test_idle_lock_hides_the_work_until_the_password(qtbot, window, monkeypatch):
    from landdesk.ui.dialogs.common import PasswordPrompt

    asked = []

    def answer(cls, parent, title, label):
        asked.append(window.centralWidget().isVisible())
        return ADMIN_PASSWORD

    monkeypatch.setattr(PasswordPrompt, "ask", classmethod(answer))
    window._idle.set_minutes(1)
    window._idle.lock()
    assert asked == [False]  # the records were hidden while the prompt was up
    assert window.centralWidget().isVisible() and not window._idle.locked


KILLED_EDITOR = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    from landdesk.workspace import Workspace
    from landdesk.ui.app import build_window
    ws = Workspace.open(sys.argv[1])
    win = build_window(ws, settings=None)
    win.show()
    win.wctx.hub.open_dossier.emit("", None)
    editor = win.page("form")
    editor.draft_written.connect(lambda key: (print("DRAFT", key, flush=True)))
    field = editor.holders[0].name
    for ch in "Đỗ Thị Hằng":
        QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
    QApplication.instance().exec()  # runs until killed
""")


@pytest.mark.slow
@pytest.mark.posix
def test_killed_while_editing_then_restarted_offers_the_draft(qtbot, ws_path, make_window):
    """A real process is killed (SIGKILL) after its draft was written; a new window offers it back."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", KILLED_EDITOR, str(ws_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    try:
        deadline = time.time() + 60
        line = ""
        while time.time() < deadline and not line.startswith("DRAFT"):
            line = proc.stdout.readline()
        assert line.startswith("DRAFT"), "the editor never wrote a draft"
        key = line.split()[1]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    win = make_window()
    win.offer_drafts()
    qtbot.waitUntil(lambda: win.draft_bar.isVisible())
    assert [k for k, _ in win.draft_bar.pending] == [key]
    win.draft_bar.restore()
    assert win.page("form").holders[0].name.value() == "Đỗ Thị Hằng"
