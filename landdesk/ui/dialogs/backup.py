"""File → Sao lưu ngay…: where to write the backup (a USB stick, another drive, a folder); and the
automatic backups' settings (administrators). Both return plain values from `ask`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.values import format_local_time
from landdesk.services.backup_auto import KEEP_RANGE, WARN_RANGE, BackupOverview, BackupSettings
from landdesk.ui.widgets.destination import DestinationPicker

DRIVE_FOLDER = "LandDesk-SaoLuu"  # on a USB stick or another drive


def _when(iso: str | None) -> str:
    try:
        return format_local_time(iso) if iso else ""
    except ValueError:
        return iso or ""


class BackupDialog(QDialog):
    def __init__(self, parent: QWidget | None, overview: BackupOverview, lang: str = "vi", *,
                 workspace: Path | None = None, last_folder: str = "", open_settings: Callable | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sao lưu ngay"))
        lay = QVBoxLayout(self)
        note = QLabel(self.tr("Bản sao lưu gồm cơ sở dữ liệu, khóa ký và mọi bản quét, được mã hóa bằng khóa sao lưu "
                              "của không gian làm việc. Nên sao lưu ra USB hoặc ổ đĩa khác và cất giữ nơi khác máy "
                              "này. Bản quét đã có trong thư mục đích không chép lại."))
        note.setWordWrap(True)
        lay.addWidget(note)
        if overview.last_at:
            last = self.tr("Lần sao lưu gần nhất: %1 (%2).").replace("%1", _when(overview.last_at)) \
                .replace("%2", overview.last_path or "")
        else:
            last = self.tr("Chưa sao lưu lần nào.")
        self.last = QLabel(last)
        self.last.setObjectName("lastBackup")
        self.last.setWordWrap(True)
        if overview.overdue:
            self.last.setStyleSheet("color: #b71c1c; font-weight: 600;")
        lay.addWidget(self.last)
        places = [(self.tr("Thư mục sao lưu của không gian làm việc"), str(overview.default_target))]
        if overview.auto_target != overview.default_target:
            places.append((self.tr("Thư mục sao lưu tự động"), str(overview.auto_target)))
        if last_folder:
            places.append((self.tr("Lần trước"), last_folder))
        self.picker = DestinationPicker(lang, places, drive_subfolder=DRIVE_FOLDER,
                                        exclude=[workspace] if workspace else [],
                                        title=self.tr("Chọn thư mục hoặc ổ USB để sao lưu vào"))
        if last_folder:
            self.picker.set_path(last_folder)
        form = QFormLayout()
        form.addRow(self.tr("Sao lưu vào:"), self.picker)
        lay.addLayout(form)
        s = overview.settings
        auto = self.tr("Sao lưu tự động: khi thoát (nếu có thay đổi) và mỗi ngày, giữ %1 bản gần nhất trong %2.") \
            .replace("%1", str(s.keep)).replace("%2", str(overview.auto_target)) if s.auto else \
            self.tr("Sao lưu tự động đang tắt.")
        auto_label = QLabel(auto)
        auto_label.setObjectName("autoSummary")
        auto_label.setWordWrap(True)
        lay.addWidget(auto_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = self.buttons.addButton(self.tr("Sao lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("backupGo")
        self.go.setDefault(True)
        if open_settings is not None:
            more = QPushButton(self.tr("Sao lưu tự động…"))
            more.setObjectName("autoSettings")
            more.clicked.connect(lambda: (self.reject(), open_settings()))
            self.buttons.addButton(more, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picker.changed.connect(lambda p: self.go.setEnabled(bool(p)))
        lay.addWidget(self.buttons)
        self.setMinimumWidth(640)

    @classmethod
    def ask(cls, parent: QWidget | None, overview: BackupOverview, lang: str = "vi", **kw) -> str | None:
        dlg = cls(parent, overview, lang, **kw)
        return dlg.picker.path() if dlg.exec() == QDialog.DialogCode.Accepted else None


class AutoBackupDialog(QDialog):
    """The workspace's automatic-backup settings (services.backup_auto.set_backup_settings: administrators)."""

    def __init__(self, parent: QWidget | None, overview: BackupOverview, lang: str = "vi", *,
                 workspace: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sao lưu tự động"))
        s = overview.settings
        lay = QVBoxLayout(self)
        self.auto = QCheckBox(self.tr("Tự động sao lưu khi thoát LandDesk (nếu đã có thay đổi) và mỗi ngày một lần"))
        self.auto.setObjectName("auto")
        self.auto.setChecked(s.auto)
        lay.addWidget(self.auto)
        box = QGroupBox(self.tr("Bản sao lưu tự động"))
        form = QFormLayout(box)
        places = [(self.tr("Thư mục sao lưu của không gian làm việc"), str(overview.default_target))]
        self.picker = DestinationPicker(lang, places, drive_subfolder=DRIVE_FOLDER,
                                        exclude=[workspace] if workspace else [],
                                        title=self.tr("Thư mục cho bản sao lưu tự động"))
        if s.target:
            self.picker.set_path(s.target)
        form.addRow(self.tr("Lưu vào:"), self.picker)
        self.keep = QSpinBox()
        self.keep.setObjectName("keep")
        self.keep.setRange(*KEEP_RANGE)
        self.keep.setValue(s.keep)
        self.keep.setSuffix(self.tr(" bản gần nhất"))
        form.addRow(self.tr("Giữ lại:"), self.keep)
        lay.addWidget(box)
        self.warn = QSpinBox()
        self.warn.setObjectName("warnDays")
        self.warn.setRange(*WARN_RANGE)
        self.warn.setValue(s.warn_days)
        self.warn.setSuffix(self.tr(" ngày"))
        warn_form = QFormLayout()
        warn_form.addRow(self.tr("Nhắc sao lưu khi bản gần nhất cũ hơn:"), self.warn)
        lay.addLayout(warn_form)
        note = QLabel(self.tr("Bản sao lưu tự động trong cùng ổ đĩa với máy chỉ giúp khi lỡ tay xóa hay sửa nhầm; "
                              "hãy vẫn sao lưu ra USB thường xuyên. Bản sao lưu làm bằng tay không bao giờ bị xóa."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.default_target = str(overview.default_target)
        self.auto.toggled.connect(box.setEnabled)
        box.setEnabled(s.auto)
        self.setMinimumWidth(640)

    def value(self) -> BackupSettings:
        target = self.picker.path()
        return BackupSettings(self.auto.isChecked(), self.keep.value(),
                              "" if target == self.default_target else target, self.warn.value())

    @classmethod
    def ask(cls, parent: QWidget | None, overview: BackupOverview, lang: str = "vi", **kw) -> BackupSettings | None:
        dlg = cls(parent, overview, lang, **kw)
        return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None
