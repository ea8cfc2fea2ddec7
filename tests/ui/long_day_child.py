"""A long scripted day in the real app, started as `landdesk` starts (tests/ui/test_exit.py):

    python long_day_child.py WORKSPACE SCANS_DIR OUT_DIR CYCLES

Login dialog, then CYCLES rounds of: a dossier edited from the keyboard (Vietnamese text) and saved, pages
added, turned and seen full screen, search typed, the manual, shortcuts, About and settings (the language
switched to English and back), the Form 01 workbook exported, a receipt previewed, the screen locked and
unlocked; then Ctrl+Q. Dialogs that would wait for an answer answer through their `ask` seams; the real
ones that are only looked at (About, the shortcuts, the print preview) are closed by the script. Prints
DONE before quitting; the process must end with exit 0.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

WS, SCANS, OUT, CYCLES = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
PASSWORD = "admin-pass-1"
TEXT = "Nguyễn Thị Hằng, thửa đất ở tại nông thôn, Tổ dân phố số 2 — đã đối chiếu bản gốc. "


def patch_seams() -> None:
    from landdesk.ui.dialogs.common import PasswordPrompt
    from landdesk.ui.dialogs.settings import SettingsDialog
    from landdesk.ui.dialogs.unsaved import UnsavedDialog
    from landdesk.ui.widgets.filepick import FilePick

    rounds = iter(range(10_000))

    def new_pages(cls, parent, title, pattern) -> list[str]:  # two new pages each time (the same would be refused)
        from tests.media import pages

        n = next(rounds)
        return [str(pages.jpeg_page(SCANS / f"r{n}-{k}.jpg", 1000 * n + k)) for k in range(2)]

    FilePick.open_many = classmethod(new_pages)
    FilePick.save = classmethod(lambda cls, parent, title, name, pattern: str(OUT / f"{time.time_ns()}-{name}"))
    PasswordPrompt.ask = classmethod(lambda cls, parent, title, label: PASSWORD)
    UnsavedDialog.ask = classmethod(lambda cls, parent, what: "discard")
    langs = iter(["en", "vi"] * CYCLES)
    SettingsDialog.ask = classmethod(lambda cls, parent, current: {"lang": next(langs), "idle_minutes": 10})


def type_text(widget, text: str) -> None:
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the keyboard sends it (through Qt's shortcut map)."""
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, k, mods)


def activate(w) -> None:
    """Keys go to the active window's focus widget, as on a real screen: wait for the activation."""
    w.activateWindow()
    end = time.monotonic() + 5
    while QApplication.activeWindow() is not w and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def window():
    from landdesk.ui import app

    return app._front[0] if app._front and type(app._front[0]).__name__ == "MainWindow" else None


def settle(seconds: float = 0.0) -> None:
    end = time.monotonic() + seconds
    while True:
        QApplication.processEvents()
        w = window()
        if w is not None:
            w.wctx.runner.wait_idle(30)
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def close_modal_later() -> None:
    """The dialogs that are only looked at: closed once they show (their exec() then returns)."""
    def close():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, close)
            return
        modal.reject() if hasattr(modal, "reject") else modal.close()

    QTimer.singleShot(50, close)


def one_round(i: int) -> None:
    from landdesk.services import dossiers, search
    from landdesk.ui.views import workbooks

    win = window()
    ws = win.wctx.ws
    clean = [s.id for s in ws.read(lambda ctx: search.fetch_summaries(
        ctx, search.browse_ids(ctx, search.make_filters(problems=False))))][i % 5:]
    did = clean[0]
    win.wctx.hub.open_dossier.emit(did, clean[:10])
    settle()
    editor = win.page("form")
    editor.notes.setFocus()
    type_text(editor.notes, TEXT * 8)  # ~700 characters per round, as a clerk types them
    editor.settle()
    settle()
    assert editor.save(), "save refused"
    settle()
    assert "Nguyễn Thị Hằng" in ws.read(lambda ctx: dossiers.get_dossier(ctx, did)).notes, "saved"
    panel = editor.panel
    panel.add_files_dialog()
    settle(0.2)
    panel.rotate(90)
    settle()
    assert panel.strip.count() == 2 * (i + 1) or panel.strip.count() >= 2, "pages added"
    panel.full_screen()
    viewer = panel.viewer
    settle()
    activate(viewer)
    for k in (Qt.Key.Key_PageDown, Qt.Key.Key_Plus, Qt.Key.Key_0, Qt.Key.Key_PageUp):
        key(viewer, k)
    key(viewer, Qt.Key.Key_Escape)
    settle()
    activate(win)
    records = win.show_view("records")
    records.search.setFocus()
    type_text(records.search, "nguyen van")
    settle(0.5)
    records.clear_filters()
    settle()
    help_ = next(a for a in win.menu("help").actions() if a.shortcut().toString() == "F1")
    help_.trigger()
    settle()
    win.help_window.close()
    for entry in win.menu("help").actions()[1:3]:  # the shortcuts, About: looked at, closed
        close_modal_later()
        entry.trigger()
    workbooks.export_workbook(win, "pl3")
    settle(0.5)
    close_modal_later()
    workbooks.print_receipt(win, did)
    settle(0.5)
    win._idle.lock()
    settle()
    win.open_settings()  # the language switched: a new window takes over
    settle()


def day() -> None:
    try:
        for i in range(CYCLES):
            one_round(i)
    except BaseException:  # a failed step: say which and end at once (a dialog would wait for ever)
        import os
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)
    assert len(list(OUT.glob("*.xlsx"))) == CYCLES, "every export written"
    win = window()
    activate(win)
    print("DONE", flush=True)
    key(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def start() -> None:
    """From the login dialog's event loop: the password, OK; then the day once the window is up."""
    from landdesk.ui.dialogs.setup import LoginDialog

    dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()), None)
    if dlg is None:
        QTimer.singleShot(20, start)
        return
    dlg.password.setText(PASSWORD)
    dlg.try_login()
    wait_for_window()


def wait_for_window() -> None:
    win = window()
    if win is None or not win.isVisible() or win.page("records").loaded_generation == 0:
        QTimer.singleShot(20, wait_for_window)
        return
    QTimer.singleShot(0, day)


if __name__ == "__main__":
    from PySide6.QtCore import QSettings

    # this user's settings (language, last workspace) stay untouched: the run keeps its own
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(OUT / "settings"))
    from landdesk.cli.main import main
    from landdesk.ui.app import ensure_app

    ensure_app()  # the timers need the application; run() takes this one
    patch_seams()
    QTimer.singleShot(0, start)
    sys.exit(main(["--workspace", str(WS), "--user", "admin"]))
