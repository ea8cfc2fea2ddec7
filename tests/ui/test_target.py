"""The commune's target is set in the window (dashboard), through services.reports.set_target."""

from __future__ import annotations

from PySide6.QtCore import Qt

from landdesk.domain.codes import UserRole
from landdesk.services import reports, users
from landdesk.storage import settings as settings_store
from landdesk.ui.dialogs.target import TargetDialog


def test_target_set_from_the_dashboard(qtbot, ws, make_window, monkeypatch):
    win = make_window()
    view = win.show_view("dashboard")
    qtbot.waitUntil(lambda: view.figures is not None, timeout=30_000)
    assert not view.figures.target
    assert "landdesk" not in view.target_label.text()  # no command line in the window
    assert view.target_button.isVisibleTo(view)
    asked = []
    monkeypatch.setattr(TargetDialog, "ask", classmethod(lambda cls, parent, current: asked.append(current) or 1200))
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.target == 1200, timeout=30_000)
    assert asked == [None]
    assert ws.read(lambda ctx: settings_store.get(ctx.session, reports.TARGET_SETTING)) == 1200
    assert "1.200" in view.target_label.text() and view.progress.isVisibleTo(view)
    # Cancel changes nothing.
    monkeypatch.setattr(TargetDialog, "ask", classmethod(lambda cls, parent, current: None))
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    win.wctx.runner.wait_idle(60)
    assert ws.read(lambda ctx: settings_store.get(ctx.session, reports.TARGET_SETTING)) == 1200


def test_an_officer_has_no_target_button(qtbot, ws, make_window):
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "Dat-Dai-2025!x", UserRole.OFFICER))
    ws.actor = ws.read(lambda ctx: users.actor_for(ctx, "canbo"))
    win = make_window()
    view = win.show_view("dashboard")
    assert not view.target_button.isVisibleTo(view)


def test_target_dialog_bounds(qtbot):
    dlg = TargetDialog(None, None)
    qtbot.addWidget(dlg)
    assert dlg.value.minimum() == 1 and dlg.value.maximum() == 10_000_000
    assert dlg.value.value() == 1000
    dlg.value.setValue(0)
    assert dlg.value.value() == 1  # no zero or negative target can be typed
