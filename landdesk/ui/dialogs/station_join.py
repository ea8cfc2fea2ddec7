"""First start of a commune's workstation ("Máy trạm của xã …"): the enrolment file from the primary
desk, the folder for this station, and one allowed user's name and password (they open the file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from landdesk.ui.widgets.filepick import FilePick


@dataclass(frozen=True)
class StationJoinChoice:
    files: list[Path]
    folder: Path
    username: str
    password: str

    @property
    def admin(self) -> str:  # the first-run caller logs this user in
        return self.username


class StationJoinDialog(QDialog):
    def __init__(self, parent: QWidget | None, default_folder: Path):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Máy trạm của xã — mở tệp đăng ký"))
        form = QFormLayout(self)
        note = QLabel(self.tr("Máy chính của xã đã đăng ký máy này và ghi một tệp đăng ký (.ldpkg). Chọn tệp đó; "
                              "một người dùng được phép ở máy trạm này mở nó bằng tên và mật khẩu của mình."))
        note.setWordWrap(True)
        form.addRow(note)
        self.file = QLineEdit()
        self.file.setObjectName("enrolment_file")
        pick = QPushButton(self.tr("Chọn…"))
        pick.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(pick)
        form.addRow(self.tr("Tệp đăng ký:"), row)
        self.folder = QLineEdit(str(default_folder))
        form.addRow(self.tr("Thư mục làm việc:"), self.folder)
        self.username = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(600, 300)

    def _pick(self) -> None:
        paths = FilePick.open_many(self, self.tr("Chọn tệp đăng ký máy trạm"), self.tr("Gói LandDesk (*.ldpkg)"))
        if paths:
            self.file.setText("; ".join(paths))

    def choice(self) -> StationJoinChoice | None:
        files = [Path(p.strip()) for p in self.file.text().split(";") if p.strip()]
        if not (files and self.folder.text().strip() and self.username.text().strip() and self.password.text()):
            return None
        return StationJoinChoice(files, Path(self.folder.text().strip()).expanduser(), self.username.text().strip(),
                                 self.password.text())

    @classmethod
    def ask(cls, parent: QWidget | None, default_folder: Path) -> StationJoinChoice | None:
        dlg = cls(parent, default_folder)
        return dlg.choice() if dlg.exec() == QDialog.DialogCode.Accepted else None


def join_station(choice: StationJoinChoice):
    """The station's workspace made from its enrolment file (the joining user acting)."""
    from landdesk.paths import check_workspace_location
    from landdesk.services.stations import join
    from landdesk.workspace import Workspace

    check_workspace_location(choice.folder)
    return join.join(lambda code, user, pw: Workspace.create(choice.folder, code, admin=user, password=pw),
                     choice.files, choice.username, choice.password)
