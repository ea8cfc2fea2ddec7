"""Menu entries for the workspace's accounts (no view of their own): Tools → Users and roles, shown to
administrators (services.users checks the right again for every change)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from landdesk.domain.codes import UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("Accounts", text)


def open_users(window) -> None:
    from landdesk.ui.dialogs.users import UsersDialog

    UsersDialog.ask(window, window.wctx)


def actions(window) -> list[tuple[str, QAction]]:
    if window.wctx.ws.actor.role != UserRole.ADMIN:
        return []
    act = QAction(tr("Người dùng và vai trò…"), window)
    act.setObjectName("actionUsers")
    act.setStatusTip(tr("Thêm, khóa tài khoản, đặt lại mật khẩu, đổi vai trò"))
    act.triggered.connect(lambda: open_users(window))
    return [("tools", act)]
