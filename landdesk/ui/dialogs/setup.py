"""First run: the set-up wizard (province, commune, folder, first administrator) and the login."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from landdesk.domain import reference
from landdesk.domain.errors import LandDeskError
from landdesk.domain.text import fold


@dataclass(frozen=True)
class SetupChoice:
    folder: Path
    commune_code: str
    admin: str
    full_name: str
    password: str


class _PlacePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Tỉnh và xã/phường"))
        self.setSubTitle(self.tr("Chọn đơn vị hành chính mà máy này làm việc cho (theo danh mục đi kèm)."))
        form = QFormLayout(self)
        self.province = QComboBox()
        for p in sorted(reference.provinces(), key=lambda p: fold(p.name)):
            self.province.addItem(f"{p.name} ({p.code})", p.code)
        self.commune = QComboBox()
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        form.addRow(self.tr("Tỉnh/thành phố:"), self.province)
        form.addRow(self.tr("Xã/phường:"), self.commune)
        self.province.currentIndexChanged.connect(self._fill_communes)
        self.commune.currentIndexChanged.connect(self.completeChanged)
        self._fill_communes()

    def _fill_communes(self) -> None:
        code = self.province.currentData()
        self.commune.clear()
        for c in sorted((c for c in reference.communes() if c.province_code == code), key=lambda c: fold(c.name)):
            self.commune.addItem(f"{c.name} ({c.code})", c.code)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.commune.currentData() is not None


class _FolderPage(QWizardPage):
    def __init__(self, default: Path):
        super().__init__()
        self.setTitle(self.tr("Thư mục làm việc"))
        self.setSubTitle(self.tr("Cơ sở dữ liệu, bản quét và bản sao lưu của xã được lưu trong thư mục này."))
        row = QHBoxLayout(self)
        self.folder = QLineEdit(str(default))
        browse = QPushButton(self.tr("Chọn..."))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.folder.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục làm việc"), self.folder.text())
        if chosen:
            self.folder.setText(str(Path(chosen) / "landdesk"))

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.folder.text().strip())


class _AdminPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Quản trị viên đầu tiên"))
        self.setSubTitle(self.tr("Tài khoản này tạo thêm người dùng và phân quyền. Mật khẩu ít nhất 6 ký tự."))
        form = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b00020")
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu:"), self.password2)
        form.addRow(self.hint)
        for w in (self.username, self.password, self.password2):
            w.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802
        ok_len = len(self.password.text()) >= 6
        same = self.password.text() == self.password2.text()
        self.hint.setText("" if (same or not self.password2.text()) else self.tr("Hai mật khẩu không giống nhau."))
        return bool(self.username.text().strip()) and ok_len and same


class SetupWizard(QWizard):
    def __init__(self, parent: QWidget | None, default_folder: Path):
        super().__init__(parent)
        self.setWindowTitle(self.tr("LandDesk — thiết lập lần đầu"))
        self.place = _PlacePage()
        self.folder = _FolderPage(default_folder)
        self.admin = _AdminPage()
        for page in (self.place, self.folder, self.admin):
            self.addPage(page)
        self.resize(640, 420)

    def choice(self) -> SetupChoice:
        return SetupChoice(Path(self.folder.folder.text().strip()).expanduser(), self.place.commune.currentData(),
                           self.admin.username.text().strip(), self.admin.full_name.text().strip(),
                           self.admin.password.text())

    @classmethod
    def ask(cls, parent: QWidget | None, default_folder: Path) -> SetupChoice | None:
        wiz = cls(parent, default_folder)
        return wiz.choice() if wiz.exec() == QDialog.DialogCode.Accepted else None


class LoginDialog(QDialog):
    """Checks the password through services.users.authenticate; returns the Actor."""

    def __init__(self, parent: QWidget | None, ws, username: str = "", lang: str = "vi"):
        super().__init__(parent)
        self.ws = ws
        self.lang = lang
        self.actor = None
        info = ws.info
        self.setWindowTitle(self.tr("Đăng nhập LandDesk"))
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{info.commune_name}</b> — {info.province_name}"))
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.password if username else self.username).setFocus()

    def try_login(self) -> None:
        from landdesk.services import users

        name, password = self.username.text(), self.password.text()
        try:
            self.actor = self.ws.read(lambda ctx: users.authenticate(ctx, name, password))
        except LandDeskError as exc:
            self.error.setText(exc.message(self.lang))
            self.password.clear()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, ws, username: str = "", lang: str = "vi"):
        dlg = cls(parent, ws, username, lang)
        return dlg.actor if dlg.exec() == QDialog.DialogCode.Accepted else None
