"""Users and roles (administrators): add an account, reset a password, change a role, disable or enable.

Every change goes to services.users (which checks the administrator's right itself and keeps one active
administrator) through the window's Op; the small dialogs return plain values from `ask`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError
from landdesk.services import passwords
from landdesk.services import users as user_service
from landdesk.ui.dialogs.common import Confirm
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.listing import listing_table


def tr(text: str) -> str:
    return QCoreApplication.translate("Users", text)


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    role: UserRole
    password: str


def _role_combo(lang: str, current: UserRole | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("role")
    for role in (UserRole.OFFICER, UserRole.SUPERVISOR, UserRole.VIEWER, UserRole.ADMIN):
        combo.addItem(role.label(lang), role.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo


class _PasswordFields:
    """Two password fields and a hint line with the rules of services/passwords.py, checked as typed."""

    def __init__(self, form: QFormLayout, username) -> None:
        self.username = username  # () -> str
        self.first = QLineEdit()
        self.first.setObjectName("password")
        self.second = QLineEdit()
        self.second.setObjectName("password2")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Mật khẩu:"), self.first)
        form.addRow(tr("Nhập lại mật khẩu:"), self.second)
        rules = QLabel(tr("Ít nhất %1 ký tự; không phải mật khẩu phổ biến, không phải tên đăng nhập.")
                       .replace("%1", str(passwords.MIN_LENGTH)))
        rules.setWordWrap(True)
        rules.setStyleSheet("color: palette(dark);")
        form.addRow(rules)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b71c1c;")
        form.addRow(self.hint)

    def problem(self) -> str | None:
        """What is wrong with the typed passwords (None: acceptable)."""
        text = self.first.text()
        if not text:
            return ""
        try:
            passwords.check_strength(text, self.username())
        except LandDeskError as exc:
            return exc.message()
        if self.second.text() != text:
            return tr("Hai mật khẩu không giống nhau.") if self.second.text() else ""
        return None


class NewUserDialog(QDialog):
    def __init__(self, parent: QWidget | None, lang: str = "vi"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thêm người dùng"))
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.role = _role_combo(lang)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Vai trò:"), self.role)
        self.passwords = _PasswordFields(form, lambda: self.username.text().strip())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.username, self.passwords.first, self.passwords.second):
            edit.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(480)

    def _check(self) -> None:
        name = self.username.text().strip()
        problem = None if name and not any(c.isspace() for c in name) else ""
        if name and any(c.isspace() for c in name):
            problem = self.tr("Tên đăng nhập không có dấu cách.")
        if problem is None:
            problem = self.passwords.problem()
        self.passwords.hint.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def value(self) -> NewUser:
        return NewUser(self.username.text().strip(), self.full_name.text().strip(),
                       UserRole(self.role.currentData()), self.passwords.first.text())

    @classmethod
    def ask(cls, parent: QWidget | None, lang: str = "vi") -> NewUser | None:
        dlg = cls(parent, lang)
        return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None


class NewPasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, username: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đặt lại mật khẩu"))
        form = QFormLayout(self)
        form.addRow(self.tr("Người dùng:"), QLabel(username))
        self.passwords = _PasswordFields(form, lambda: username)
        note = QLabel(self.tr("Tài khoản đang tạm khóa vì nhập sai mật khẩu sẽ được mở lại."))
        note.setWordWrap(True)
        form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.passwords.first, self.passwords.second):
            edit.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(460)

    def _check(self) -> None:
        problem = self.passwords.problem()
        self.passwords.hint.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    @classmethod
    def ask(cls, parent: QWidget | None, username: str) -> str | None:
        dlg = cls(parent, username)
        return dlg.passwords.first.text() if dlg.exec() == QDialog.DialogCode.Accepted else None


class RoleDialog(QDialog):
    def __init__(self, parent: QWidget | None, username: str, current: UserRole, lang: str = "vi"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đổi vai trò"))
        form = QFormLayout(self)
        form.addRow(self.tr("Người dùng:"), QLabel(username))
        self.role = _role_combo(lang, current)
        form.addRow(self.tr("Vai trò:"), self.role)
        what = QLabel(self.tr("Cán bộ nhập liệu: nhập và sửa hồ sơ, bản quét.\nGiám sát: thêm việc kiểm tra, xác thực, "
                              "sửa hàng loạt, gửi tỉnh, xóa hồ sơ.\nChỉ xem: xem và in, không sửa.\n"
                              "Quản trị: mọi việc, cả người dùng, khôi phục và hồ sơ tỉnh."))
        what.setWordWrap(True)
        what.setStyleSheet("color: palette(dark);")
        form.addRow(what)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(480)

    @classmethod
    def ask(cls, parent: QWidget | None, username: str, current: UserRole, lang: str = "vi") -> UserRole | None:
        dlg = cls(parent, username, current, lang)
        return UserRole(dlg.role.currentData()) if dlg.exec() == QDialog.DialogCode.Accepted else None


class UsersDialog(QDialog):
    """The accounts of this workspace; the buttons act on the selected one."""

    def __init__(self, parent: QWidget | None, wctx):
        super().__init__(parent)
        self.wctx = wctx
        self.rows: list[user_service.UserInfo] = []
        self.setWindowTitle(self.tr("Người dùng và vai trò"))
        self.table = listing_table([self.tr("Tên đăng nhập"), self.tr("Họ và tên"), self.tr("Vai trò"),
                                    self.tr("Trạng thái")], "users", stretch=1, single=True)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        side = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("add", self.tr("Thêm người dùng…"), self.add_user),
                                 ("password", self.tr("Đặt lại mật khẩu…"), self.reset_password),
                                 ("role", self.tr("Đổi vai trò…"), self.change_role),
                                 ("active", self.tr("Khóa tài khoản"), self.toggle_active)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            side.addWidget(b)
            self.buttons[name] = b
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        note = QLabel(self.tr("Chỉ quản trị viên thay đổi được người dùng. Tài khoản bị khóa không đăng nhập được "
                              "nhưng vẫn giữ trong nhật ký thay đổi; luôn phải còn một quản trị viên đang hoạt động."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(note)
        lay.addWidget(close)
        self.resize(820, 420)
        self.reload()

    # ---- list ------------------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        keep = keep or (self.current().username if self.current() else None)
        Op(self.wctx, user_service.list_users, parent=self, kind="read").success(lambda rows: self._show(rows, keep)).run()

    def _show(self, rows: list, keep: str | None) -> None:
        lang = self.wctx.lang
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, u in enumerate(rows):
            state = self.tr("Đang hoạt động") if u.active else self.tr("Đã khóa")
            if u.locked:
                state += " · " + self.tr("tạm khóa do nhập sai mật khẩu")
            for j, text in enumerate((u.username, u.full_name, u.role.label(lang), state)):
                item = QTableWidgetItem(text)
                if not u.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
        for col in (0, 2, 3):
            self.table.resizeColumnToContents(col)
        names = [u.username for u in rows]
        self.table.setCurrentCell(names.index(keep) if keep in names else 0, 0)
        self._enable()

    def current(self) -> user_service.UserInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _enable(self) -> None:
        u = self.current()
        for name in ("password", "role", "active"):
            self.buttons[name].setEnabled(u is not None)
        self.buttons["active"].setText(self.tr("Mở lại tài khoản") if u is not None and not u.active
                                       else self.tr("Khóa tài khoản"))

    # ---- changes ---------------------------------------------------------------------------------

    def _write(self, fn, keep: str | None) -> None:
        Op(self.wctx, fn, parent=self).success(lambda _r: self.reload(keep)).run()

    def add_user(self) -> None:
        new = NewUserDialog.ask(self, self.wctx.lang)
        if new is not None:
            self._write(lambda ctx: user_service.add_user(ctx, new.username, new.password, new.role, new.full_name),
                        new.username)

    def reset_password(self) -> None:
        u = self.current()
        password = NewPasswordDialog.ask(self, u.username) if u else None
        if password is not None:
            self._write(lambda ctx: user_service.set_password(ctx, u.username, password), u.username)

    def change_role(self) -> None:
        u = self.current()
        role = RoleDialog.ask(self, u.username, u.role, self.wctx.lang) if u else None
        if role is not None and role != u.role:
            self._write(lambda ctx: user_service.set_role(ctx, u.username, role), u.username)

    def toggle_active(self) -> None:
        u = self.current()
        if u is None:
            return
        if u.active and not Confirm.ask(self, self.tr("Khóa tài khoản"),
                                        self.tr("Khóa tài khoản %1? Người này sẽ không đăng nhập được nữa.")
                                        .replace("%1", u.username)):
            return
        self._write(lambda ctx: user_service.set_active(ctx, u.username, not u.active), u.username)

    @classmethod
    def ask(cls, parent: QWidget | None, wctx) -> None:
        cls(parent, wctx).exec()
