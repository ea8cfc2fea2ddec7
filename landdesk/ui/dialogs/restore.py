"""File → Khôi phục…: the backups found in a folder (or on a USB stick), what the chosen one holds — read
from the backup without restoring it (services.backup_catalog) — and the backup key and the
administrator's password the restore needs. `ask` returns a RestoreChoice or None."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.values import format_local_time, format_number
from landdesk.services import backup_catalog
from landdesk.services.backup_catalog import BackupSummary
from landdesk.ui import tasks
from landdesk.ui.dialogs.backup import DRIVE_FOLDER
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.destination import DestinationPicker
from landdesk.ui.widgets.listing import listing_table


@dataclass(frozen=True)
class RestoreChoice:
    folder: Path
    key: str | None
    password: str
    summary: BackupSummary


def _n(n: int, lang: str) -> str:
    return format_number(n, lang)


def _when(iso: str) -> str:
    try:
        return format_local_time(iso)
    except ValueError:
        return iso


class RestoreDialog(QDialog):
    def __init__(self, parent: QWidget | None, wctx, places: list[tuple[str, str]], *, start: str = ""):
        super().__init__(parent)
        self.wctx = wctx
        self.lang = wctx.lang
        self.found: list[BackupSummary] = []
        self.setWindowTitle(self.tr("Khôi phục từ bản sao lưu"))
        info = wctx.ws.info
        self.here = (info.commune_code, info.workspace_id)
        self.picker = DestinationPicker(self.lang, places, drive_subfolder=DRIVE_FOLDER, exclude=[],
                                        title=self.tr("Chọn thư mục chứa bản sao lưu"))
        if start:
            self.picker.set_path(start)
        self.table = listing_table([self.tr("Ngày giờ sao lưu"), self.tr("Xã"), self.tr("Hồ sơ"), self.tr("Bản quét"),
                                    self.tr("Cách sao lưu"), self.tr("Phiên bản")], "backups", stretch=1, single=True)
        self.table.currentCellChanged.connect(lambda *_: self._selected())
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setMinimumHeight(self.fontMetrics().height() * 4)
        self.key = QLineEdit()
        self.key.setObjectName("backupKey")
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Tìm trong:"), self.picker)
        fields = QFormLayout()
        fields.addRow(self.tr("Khóa sao lưu (in khi tạo không gian làm việc):"), self.key)
        fields.addRow(self.tr("Mật khẩu của bạn (%1):").replace("%1", wctx.ws.actor.username), self.password)
        note = QLabel(self.tr("Bản sao lưu được kiểm tra toàn bộ trước khi thay thế. Không gian làm việc hiện tại "
                              "được giữ nguyên trong một thư mục bên cạnh (…before-restore-…), không bị xóa."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = self.buttons.addButton(self.tr("Khôi phục"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("restoreGo")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.preview)
        lay.addLayout(fields)
        lay.addWidget(note)
        lay.addWidget(self.buttons)
        for edit in (self.key, self.password):
            edit.textChanged.connect(self._enable)
        self.picker.changed.connect(self.load)
        self.resize(860, 560)
        self.load()

    # ---- the list ----------------------------------------------------------------------------

    def load(self, *_args) -> None:
        folder = self.picker.path()
        self.found = []
        self.table.setRowCount(0)
        self.preview.setText(self.tr("Đang tìm bản sao lưu…"))
        self._enable()
        if not folder:
            return

        def failed(exc) -> None:
            self.preview.setText(tasks.error_text(exc, self.lang))

        Op(self.wctx, lambda: backup_catalog.list_backups(Path(folder)), parent=self, kind="plain") \
            .success(lambda found: self._show(folder, found)).failure(failed).run()

    def _show(self, folder: str, found: list[BackupSummary]) -> None:
        if folder != self.picker.path():
            return  # another folder was chosen meanwhile
        self.found = found
        self.table.setRowCount(len(found))
        for i, b in enumerate(found):
            kind = self.tr("Tự động") if b.trigger == "auto" else self.tr("Thủ công")
            for j, text in enumerate((_when(b.created_at), b.commune_name or b.commune_code, _n(b.dossiers, self.lang),
                                      _n(b.scans, self.lang), kind, b.app_version)):
                item = QTableWidgetItem(text)
                if j in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        for col in (0, 2, 3, 4, 5):
            self.table.resizeColumnToContents(col)
        if found:
            self.table.setCurrentCell(0, 0)
        else:
            self.preview.setText(self.tr("Không có bản sao lưu LandDesk nào trong thư mục này."))
        self._selected()

    def current(self) -> BackupSummary | None:
        row = self.table.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def _selected(self) -> None:
        b = self.current()
        if b is not None:
            self.preview.setText(self.describe(b))
            self.key.setEnabled(b.encrypted)
        self._enable()

    def describe(self, b: BackupSummary) -> str:
        lang = self.lang
        place = f"{b.commune_name}, {b.province_name} ({b.commune_code})" if b.commune_name else b.commune_code
        text = self.tr("Bản sao lưu ngày <b>%1</b> của <b>%2</b>, tạo bởi %3 bằng LandDesk %4.") \
            .replace("%1", _when(b.created_at)).replace("%2", place).replace("%3", b.made_by or "?") \
            .replace("%4", b.app_version or "?")
        text += "<br>" + self.tr("Gồm %1 hồ sơ, %2 lượt chủ sử dụng, %3 người dùng, %4 tệp bản quét.") \
            .replace("%1", _n(b.dossiers, lang)).replace("%2", _n(b.holders, lang)) \
            .replace("%3", _n(b.users, lang)).replace("%4", _n(b.scans, lang))
        text += " " + (self.tr("Đã mã hóa: cần khóa sao lưu.") if b.encrypted else
                       self.tr("Bản cũ không mã hóa: không gian làm việc sẽ nhận khóa sao lưu mới."))
        if b.commune_code != self.here[0]:
            text += "<br><span style='color:#b71c1c'><b>" + self.tr(
                "Đây là bản sao lưu của một xã khác với xã đang mở: khôi phục sẽ thay toàn bộ dữ liệu bằng dữ liệu "
                "của xã đó.") + "</b></span>"
        elif b.workspace_id != self.here[1]:
            text += "<br>" + self.tr("Bản sao lưu từ một không gian làm việc khác của cùng xã.")
        return text

    def _enable(self) -> None:
        b = self.current()
        self.go.setEnabled(b is not None and bool(self.password.text())
                           and (not b.encrypted or bool(self.key.text().strip())))

    def choice(self) -> RestoreChoice:
        b = self.current()
        return RestoreChoice(b.folder, self.key.text().strip() if b.encrypted else None, self.password.text(), b)

    @classmethod
    def ask(cls, parent: QWidget | None, wctx, places: list[tuple[str, str]], start: str = "") -> RestoreChoice | None:
        dlg = cls(parent, wctx, places, start=start)
        return dlg.choice() if dlg.exec() == QDialog.DialogCode.Accepted else None
