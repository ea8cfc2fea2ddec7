"""Users and roles in the window (administrators): each change goes through services.users."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from landdesk.domain.codes import UserRole
from landdesk.services import users
from landdesk.ui.dialogs.common import Confirm
from landdesk.ui.dialogs.users import NewPasswordDialog, NewUser, NewUserDialog, RoleDialog, UsersDialog
from landdesk.workspace import Workspace
from tests.ui.keys import type_text


def _accounts(ws) -> dict:
    return {u.username: u for u in ws.read(users.list_users)}


@pytest.fixture
def dialog(qtbot, window):
    dlg = UsersDialog(window, window.wctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=30_000)
    return dlg


def _click(qtbot, dlg, name):
    qtbot.mouseClick(dlg.buttons[name], Qt.MouseButton.LeftButton)
    assert dlg.wctx.runner.wait_idle(20)


def test_add_reset_role_disable(qtbot, ws, ws_path, dialog, monkeypatch):
    monkeypatch.setattr(NewUserDialog, "ask", classmethod(
        lambda cls, parent, lang="vi": NewUser("canbo", "Lê Thị Hằng", UserRole.OFFICER, "Dat-Dai-2025!x")))
    _click(qtbot, dialog, "add")
    assert _accounts(ws)["canbo"].role == UserRole.OFFICER and _accounts(ws)["canbo"].full_name == "Lê Thị Hằng"
    assert dialog.current().username == "canbo"  # the new account is selected
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["admin", "canbo"]

    monkeypatch.setattr(RoleDialog, "ask", classmethod(lambda cls, parent, name, current, lang="vi": UserRole.SUPERVISOR))
    _click(qtbot, dialog, "role")
    assert _accounts(ws)["canbo"].role == UserRole.SUPERVISOR
    assert dialog.table.item(1, 2).text() == "Giám sát"

    monkeypatch.setattr(NewPasswordDialog, "ask", classmethod(lambda cls, parent, name: "Mat-Khau-Moi-2025"))
    _click(qtbot, dialog, "password")
    probe = Workspace.open_for_login(ws_path)
    try:
        assert probe.authenticate("canbo", "Mat-Khau-Moi-2025", via="window").username == "canbo"
    finally:
        probe.close()

    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    _click(qtbot, dialog, "active")
    assert not _accounts(ws)["canbo"].active
    assert dialog.buttons["active"].text() == "Mở lại tài khoản"
    _click(qtbot, dialog, "active")
    assert _accounts(ws)["canbo"].active


def test_the_last_administrator_is_refused_with_one_message(qtbot, ws, dialog, monkeypatch, _no_modal_error_dialogs):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    _click(qtbot, dialog, "active")
    assert [e.message("vi") for e in _no_modal_error_dialogs] == [
        "Đây là quản trị viên duy nhất đang hoạt động: hãy thêm một quản trị viên khác trước."]
    _no_modal_error_dialogs.clear()
    assert _accounts(ws)["admin"].active
    # Cancel in a small dialog changes nothing
    monkeypatch.setattr(RoleDialog, "ask", classmethod(lambda cls, parent, name, current, lang="vi": None))
    _click(qtbot, dialog, "role")
    assert _accounts(ws)["admin"].role == UserRole.ADMIN


def test_new_user_dialog_checks_as_typed(qtbot):
    dlg = NewUserDialog(None)
    qtbot.addWidget(dlg)
    dlg.show()
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.username.setFocus()
    type_text("cán bộ", dlg.username)
    assert "dấu cách" in dlg.passwords.hint.text() and not ok.isEnabled()
    dlg.username.setText("canbo")
    type_text("password2024!", dlg.passwords.first)
    assert "phổ biến" in dlg.passwords.hint.text() and not ok.isEnabled()
    dlg.passwords.first.setText("ngắn")
    assert "10 ký tự" in dlg.passwords.hint.text()
    dlg.passwords.first.setText("Đất-Đai-Hà-Nội-25")
    type_text("Đất-Đai", dlg.passwords.second)
    assert "không giống nhau" in dlg.passwords.hint.text() and not ok.isEnabled()
    type_text("-Hà-Nội-25", dlg.passwords.second)
    assert dlg.passwords.hint.text() == "" and ok.isEnabled()
    assert dlg.value() == NewUser("canbo", "", UserRole.OFFICER, "Đất-Đai-Hà-Nội-25")


def test_only_administrators_see_the_menu_entry(qtbot, ws, make_window):
    win = make_window()
    assert win.findChild(type(win.act_new), "actionUsers") is not None
    ws.transact(lambda ctx: users.add_user(ctx, "giamsat", "Giam-Sat-2025!x", UserRole.SUPERVISOR))
    ws.actor = ws.read(lambda ctx: users.actor_for(ctx, "giamsat"))
    other = make_window()
    assert other.findChild(type(other.act_new), "actionUsers") is None
