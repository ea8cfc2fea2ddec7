"""First run: the set-up wizard (province, commune, folder, first administrator) and the login."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from landdesk.domain import reference
from landdesk.domain.collation import sort_key
from landdesk.domain.errors import LandDeskError
from landdesk.ui.widgets.filepick import FilePick

ROLE = 256  # Qt.ItemDataRole.UserRole (Qt's namespace is not loaded before the login dialog's first paint)


@dataclass(frozen=True)
class SetupChoice:
    folder: Path
    commune_code: str
    admin: str
    full_name: str
    password: str


class _PlacePage(QWizardPage):
    """The commune by code or by name, accents not needed ("da mai", "07228"); Next only once the text
    names exactly one commune (typed, or picked from the list)."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Tỉnh và xã/phường"))
        self.setSubTitle(self.tr("Chọn đơn vị hành chính mà máy này làm việc cho (theo danh mục đi kèm)."))
        form = QFormLayout(self)
        self.province = QComboBox()
        for p in sorted(reference.provinces(), key=lambda p: sort_key(p.name)):
            self.province.addItem(f"{p.name} ({p.code})", p.code)
        self.search = QLineEdit()
        self.search.setObjectName("communeSearch")
        self.search.setPlaceholderText(self.tr("Mã hoặc tên, gõ không dấu cũng được: 07228, da mai"))
        self.matches = QListWidget()
        self.matches.setObjectName("communeMatches")
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow(self.tr("Tỉnh/thành phố:"), self.province)
        form.addRow(self.tr("Xã/phường:"), self.search)
        form.addRow("", self.matches)
        form.addRow("", self.status)
        self.code: str | None = None
        self.province.currentIndexChanged.connect(self._find)
        self.search.textChanged.connect(self._find)
        self.matches.currentItemChanged.connect(self._picked)
        self.matches.itemActivated.connect(lambda _i: self.wizard() and self.isComplete() and self.wizard().next())
        self.search.installEventFilter(self)
        self._find()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        from PySide6.QtCore import QEvent, Qt

        if obj is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                and self.matches.count():
            self.matches.setFocus()  # from the text to the list with the arrow key
            self.matches.setCurrentRow(max(self.matches.currentRow(), 0))
            return True
        return False

    def _find(self) -> None:
        found = reference.find_communes(self.search.text(), self.province.currentData())
        self.matches.blockSignals(True)
        self.matches.clear()
        for c in found:
            item = QListWidgetItem(f"{c.name} ({c.code})")
            item.setData(ROLE, c.code)
            item.setToolTip(self.tr("Gồm: %1").replace("%1", c.predecessors) if c.predecessors else "")
            self.matches.addItem(item)
        if len(found) == 1:
            self.matches.setCurrentRow(0)
        self.matches.blockSignals(False)
        self._resolve(found[0].code if len(found) == 1 else None, len(found))

    def _picked(self, item, _previous=None) -> None:
        if item is not None:
            self._resolve(item.data(ROLE), self.matches.count())

    def _resolve(self, code: str | None, found: int) -> None:
        self.code = code
        unit = reference.commune(code) if code else None
        if unit is not None:
            self.status.setText(self.tr("Đã chọn: %1 (%2), %3").replace("%1", unit.name).replace("%2", unit.code)
                                .replace("%3", unit.province_name))
            self.status.setStyleSheet("color: #1b5e20;")
        elif not self.search.text().strip():
            self.status.setText(self.tr("Gõ mã hoặc tên xã/phường, hoặc chọn trong danh sách."))
            self.status.setStyleSheet("")
        elif found == 0:
            self.status.setText(self.tr("Không có xã/phường nào khớp với “%1”.").replace("%1", self.search.text().strip()))
            self.status.setStyleSheet("color: #b00020;")
        else:
            self.status.setText(self.tr("%n xã/phường khớp: chọn một trong danh sách.", "", found))
            self.status.setStyleSheet("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.code is not None


class _FolderPage(QWizardPage):
    """The workspace folder, in sight (Documents\\LandDesk by default), with the warning against network
    and synced folders; one that is either is refused before Next."""

    def __init__(self, default: Path):
        super().__init__()
        self.setTitle(self.tr("Thư mục làm việc"))
        self.setSubTitle(self.tr("Cơ sở dữ liệu, bản quét và bản sao lưu của xã được lưu trong thư mục này."))
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(default))
        self.folder.setObjectName("workspaceFolder")
        browse = QPushButton(self.tr("Chọn..."))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        lay.addLayout(row)
        note = QLabel(self.tr("Hãy để thư mục trên ổ đĩa của chính máy này. Không dùng ổ mạng hay thư mục được "
                              "OneDrive, Google Drive, Dropbox đồng bộ: cơ sở dữ liệu ở đó dễ bị hỏng. Để giữ bản "
                              "sao, hãy dùng chức năng Sao lưu (ra USB hoặc thư mục khác)."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.problem = QLabel()
        self.problem.setObjectName("folderProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        lay.addWidget(self.problem)
        lay.addStretch(1)
        self.folder.textChanged.connect(self._check)
        self._check()

    def chosen(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def _browse(self) -> None:
        chosen = FilePick.folder(self, self.tr("Chọn thư mục làm việc"), self.folder.text())
        if chosen:
            self.folder.setText(str(Path(chosen) / "LandDesk"))

    def _check(self) -> None:
        from landdesk.paths import UnsafeLocation, unsafe_reason

        text = self.folder.text().strip()
        reason = unsafe_reason(self.chosen()) if text else None
        self.problem.setText(UnsafeLocation(self.chosen(), reason).message() if reason else "")
        self.problem.setVisible(bool(reason))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.folder.text().strip()) and not self.problem.text()

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        """A folder synced by OneDrive or on a network drive is refused here, with the reason."""
        from landdesk.paths import check_workspace_location

        try:
            check_workspace_location(self.chosen())
        except LandDeskError as exc:
            QMessageBox.warning(self, self.tr("Thư mục làm việc"), exc.message())
            return False
        return True


class _AdminPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Quản trị viên đầu tiên"))
        self.setSubTitle(self.tr("Tài khoản này tạo thêm người dùng và phân quyền. Mật khẩu ít nhất 10 ký tự, "
                                 "không phải mật khẩu phổ biến."))
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
        from landdesk.services import passwords

        weak = ""
        if self.password.text():
            try:
                passwords.check_strength(self.password.text(), self.username.text())
            except LandDeskError as exc:
                weak = exc.message()
        same = self.password.text() == self.password2.text()
        self.hint.setText(weak or ("" if (same or not self.password2.text()) else self.tr("Hai mật khẩu không giống nhau.")))
        return bool(self.username.text().strip()) and bool(self.password.text()) and not weak and same


class _SummaryPage(QWizardPage):
    """What will be made, to check before Finish."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Kiểm tra lại trước khi tạo"))
        self.setSubTitle(self.tr("Bấm Hoàn tất để tạo không gian làm việc và đăng nhập bằng tài khoản này."))
        self.text = QLabel()
        self.text.setObjectName("setupSummary")
        self.text.setWordWrap(True)
        from PySide6.QtCore import Qt

        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self).addWidget(self.text)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        from html import escape

        wiz = self.wizard()
        unit = reference.commune(wiz.place.code)
        rows = [(self.tr("Xã/phường"), f"{unit.name} ({unit.code})" if unit else ""),
                (self.tr("Tỉnh/thành phố"), unit.province_name if unit else ""),
                (self.tr("Thư mục làm việc"), str(wiz.folder.chosen())),
                (self.tr("Quản trị viên"), wiz.admin.username.text().strip()),
                (self.tr("Họ và tên"), wiz.admin.full_name.text().strip() or "—")]
        self.text.setText("<table cellspacing='6'>" + "".join(
            f"<tr><td>{escape(k)}:</td><td><b>{escape(v)}</b></td></tr>" for k, v in rows) + "</table>")


class SetupWizard(QWizard):
    def __init__(self, parent: QWidget | None, default_folder: Path):
        super().__init__(parent)
        self.setWindowTitle(self.tr("LandDesk — thiết lập lần đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same look on every platform and theme
        self.place = _PlacePage()
        self.folder = _FolderPage(default_folder)
        self.admin = _AdminPage()
        self.summary = _SummaryPage()
        for page in (self.place, self.folder, self.admin, self.summary):
            self.addPage(page)
        self.resize(680, 520)
        # a commune's workstation starts from the enrolment file its primary desk wrote (docs/stations.md)
        self.station = None
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Máy trạm của xã… (mở tệp đăng ký)"))
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._station)

    def _station(self, _which=None) -> None:
        from landdesk.ui.dialogs.station_join import StationJoinDialog

        self.station = StationJoinDialog.ask(self, Path(self.folder.folder.text().strip() or "."))
        if self.station is not None:
            self.accept()

    def choice(self) -> SetupChoice:
        return SetupChoice(self.folder.chosen(), self.place.code or "", self.admin.username.text().strip(),
                           self.admin.full_name.text().strip(), self.admin.password.text())

    @classmethod
    def ask(cls, parent: QWidget | None, default_folder: Path) -> SetupChoice | None:
        wiz = cls(parent, default_folder)
        if wiz.exec() != QDialog.DialogCode.Accepted:
            return None
        return wiz.station or wiz.choice()


class BackupKeyDialog(QDialog):
    """Shown once after a new workspace is made: the backup key to print or copy for the office safe."""

    def __init__(self, parent: QWidget | None, key: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khóa sao lưu"))
        form = QFormLayout(self)
        note = QLabel(self.tr("Các bản sao lưu được mã hóa bằng khóa dưới đây. Hãy in hoặc chép lại và cất vào tủ an "
                              "toàn của văn phòng: không có khóa này thì không khôi phục được bản sao lưu."))
        note.setWordWrap(True)
        form.addRow(note)
        self.key = QLabel(key)
        font = self.key.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.key.setFont(font)
        from PySide6.QtCore import Qt

        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        form.addRow(buttons)
        self.setMinimumWidth(480)

    @classmethod
    def ask(cls, parent: QWidget | None, key: str) -> None:
        cls(parent, key).exec()


class LoginDialog(QDialog):
    """The first window of a start: checks the password through `Workspace.authenticate` (throttled and
    audited in services/login.py, as the command line's login).

    `workspace` is an open Workspace or a Future of one: app.run() shows this dialog at once and opens
    the workspace on a thread while the officer types (`place` = (commune, province) from the folder's
    marker until then). OK waits for that Future with a busy cursor; if opening fails the dialog closes
    with `open_error` set and the caller reports it.
    """

    opened = Signal()  # the workspace Future finished with an open workspace

    def __init__(self, parent: QWidget | None, workspace=None, username: str = "", lang: str = "vi",
                 place: tuple[str, str] | None = None):
        super().__init__(parent)
        self.ws = None
        self.lang = lang
        self.actor = None
        self.open_error: BaseException | None = None
        self._opening: Future | None = None
        self._login_wanted = False
        self._busy = False
        self._poll = QTimer(self)
        self._poll.setInterval(10)
        self._poll.timeout.connect(self._check_opened)
        if place is None and workspace is not None and not isinstance(workspace, Future):
            place = (workspace.info.commune_name, workspace.info.province_name)
        self.setWindowTitle(self.tr("Đăng nhập LandDesk"))
        form = QFormLayout(self)
        # Plain text in a bold font: a rich-text label costs 6 ms more before the first paint.
        self.place = QLabel(f"{place[0]} — {place[1]}" if place and place[0] else "")
        bold = self.place.font()
        bold.setBold(True)
        self.place.setFont(bold)
        form.addRow(self.place)
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox()  # set after: the constructor taking the flags costs 28 ms
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(380)
        (self.password if username else self.username).setFocus()
        if workspace is not None:
            self.set_workspace(workspace)

    def set_workspace(self, workspace) -> None:
        """An open Workspace, or a Future of one (watched from the event loop until it is done)."""
        if isinstance(workspace, Future):
            self._opening = workspace
            self._poll.start()
            self._check_opened()
        else:
            self.ws = workspace

    def _check_opened(self) -> None:
        if self._opening is None or not self._opening.done():
            return
        self._poll.stop()
        opening, self._opening = self._opening, None
        self._set_busy(False)
        if opening.exception() is not None:
            self.open_error = opening.exception()
            self.reject()
            return
        self.ws = opening.result()
        self.opened.emit()
        if self._login_wanted:
            self.try_login()

    def _set_busy(self, busy: bool) -> None:
        if busy == self._busy:
            return
        self._busy = busy
        for w in (self.username, self.password, self.buttons.button(QDialogButtonBox.StandardButton.Ok)):
            w.setEnabled(not busy)
        if busy:  # Qt is imported here, not with the module: its namespace costs 20 ms before the first paint
            from PySide6.QtCore import Qt  # (app.run() loads it on this thread before the opening starts)

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def try_login(self) -> None:
        if self.ws is None:  # still opening: log in as soon as it is open
            self._login_wanted = True
            self._set_busy(True)
            return
        self._login_wanted = False
        name, password = self.username.text(), self.password.text()
        if not password:  # said here in the window's words (the service's message speaks of the command line)
            self._say(self.tr("Hãy nhập mật khẩu."))
            (self.password if name.strip() else self.username).setFocus()  # the first empty field: type on
            return
        try:
            self.actor = self.ws.authenticate(name, password, via="window")
        except LandDeskError as exc:
            self._say(exc.message(self.lang))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.adjustSize()  # a message on two lines is shown whole, not cut at the dialog's first size

    def done(self, result: int) -> None:  # every way out (OK, Cancel, Esc, close box)
        self._poll.stop()
        self._set_busy(False)
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, ws, username: str = "", lang: str = "vi"):
        dlg = cls(parent, ws, username, lang)
        return dlg.actor if dlg.exec() == QDialog.DialogCode.Accepted else None
