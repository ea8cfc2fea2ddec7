"""Sending to the province: the pre-export summary (what the package carries, the dossiers the province
will return — each opens in the editor on a click —, encryption for the province, where to write it and
in volumes of what size) and, afterwards, where the files are with "Mở thư mục".

`SendDialog.ask` returns a SendChoice; `ExportDoneDialog.ask` shows the result; the folder opens through
`OpenFolder.open` (tests patch these).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.services.packages.export import BlockingDossier, ExportResult, Preflight
from landdesk.services.packages.profile import ProfileInfo
from landdesk.ui.widgets.destination import DestinationPicker, size_text

DRIVE_FOLDER = "LandDesk-GuiTinh"
FAT32_MB = 4000  # volumes under 4 GiB: the largest file a FAT32 USB stick takes
VOLUME_SIZES = (FAT32_MB, 2000, 20, None)  # MB per volume; None: one file


@dataclass(frozen=True)
class SendChoice:
    action: str  # "export", "open" (a blocking dossier), "profile" (import the province profile first)
    out_dir: str = ""
    split_mb: float | None = None
    encrypt: bool = True
    dossier_id: str = ""


class OpenFolder:
    @classmethod
    def open(cls, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _box(text: str, color: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setStyleSheet(f"QLabel {{ border-left: 5px solid {color}; padding: 6px; background: palette(base); }}")
    return label


class SendDialog(QDialog):
    def __init__(self, parent: QWidget | None, pf: Preflight, blocking: list[BlockingDossier],
                 profile: ProfileInfo | None, lang: str = "vi", *, workspace: Path | None = None,
                 last_folder: str = "", can_import_profile: bool = True):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gửi dữ liệu lên tỉnh"))
        self.lang = lang
        self.pf = pf
        self.blocking = blocking
        self.result_choice: SendChoice | None = None
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("Gói số %1: %2 hồ sơ thay đổi, %3 hồ sơ đã xóa, %4 ảnh quét; khoảng %5.")
                      .replace("%1", str(pf.seq)).replace("%2", str(pf.dossiers)).replace("%3", str(pf.tombstones))
                      .replace("%4", str(pf.scans)).replace("%5", size_text(pf.predicted_bytes, lang)))
        head.setObjectName("summary")
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: 600;")
        lay.addWidget(head)

        self.encrypts = bool(profile and profile.encrypts)
        self.encrypt = QCheckBox(self.tr("Mã hóa gói cho tỉnh"))
        self.encrypt.setObjectName("encrypt")
        self.ack = QCheckBox(self.tr("Tôi hiểu: gửi gói không mã hóa"))
        self.ack.setObjectName("acknowledge")
        if self.encrypts:
            lay.addWidget(_box(self.tr("Gói được mã hóa cho <b>%1</b> (khóa tỉnh %2): chỉ tỉnh mở được.")
                               .replace("%1", profile.province_name).replace("%2", profile.fingerprint),
                               "#2e7d32", "encryption"))
            self.encrypt.setChecked(True)
            lay.addWidget(self.encrypt)
        else:
            text = self.tr("<b>Gói sẽ KHÔNG được mã hóa</b>: chưa nhập hồ sơ tỉnh (có khóa mã hóa của tỉnh). Gói chứa "
                           "số CCCD, ngày sinh và địa chỉ của công dân: ai cầm được USB là đọc được. Hãy nhập hồ sơ "
                           "tỉnh trước khi gửi.")
            lay.addWidget(_box(text, "#c62828", "encryption"))
            self.encrypt.setChecked(False)
            self.encrypt.setVisible(False)
            lay.addWidget(self.ack)
        self.encrypt.toggled.connect(self._enable)
        self.ack.toggled.connect(self._enable)

        if pf.scans_missing or pf.scans_bad_hash:
            lay.addWidget(_box(self.tr("%1 ảnh quét bị thiếu, %2 ảnh bị hỏng (sai mã băm): không xuất được gói. Hãy quét "
                                       "lại hoặc khôi phục các ảnh đó trước.")
                               .replace("%1", str(len(pf.scans_missing))).replace("%2", str(len(pf.scans_bad_hash))),
                               "#c62828", "scanProblems"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("blocking")
        if pf.blocking:
            more = len(pf.blocking) - len(blocking)
            label = QLabel(self.tr("%1 hồ sơ còn lỗi: tỉnh sẽ trả lại. Bấm vào một hồ sơ để mở và sửa.")
                           .replace("%1", str(len(pf.blocking)))
                           + (" " + self.tr("(%1 hồ sơ đầu)").replace("%1", str(len(blocking))) if more > 0 else ""))
            label.setWordWrap(True)
            lay.addWidget(label)
            self.table.setHorizontalHeaderLabels([self.tr("Số HS"), self.tr("Số phát hành"), self.tr("Chủ sử dụng"),
                                                  self.tr("Lỗi")])
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.table.verticalHeader().setVisible(False)
            self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            self.table.setRowCount(len(blocking))
            for i, b in enumerate(blocking):
                problems = b.problems(lang)
                for j, text in enumerate((str(b.num), b.serial, b.holders, "; ".join(problems))):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.table.setItem(i, j, item)
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(2, min(self.table.columnWidth(2), 220))
            self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 6 + 30)
            self.table.cellClicked.connect(self._open)
            lay.addWidget(self.table)

        places = [(self.tr("Thư mục outbox của không gian làm việc"), str(Path(workspace) / "outbox"))] \
            if workspace else []
        self.picker = DestinationPicker(lang, places, drive_subfolder=DRIVE_FOLDER,
                                        exclude=[workspace] if workspace else [],
                                        title=self.tr("Chọn USB hoặc thư mục để ghi gói vào"))
        if last_folder:
            self.picker.set_path(last_folder, self.tr("Lần trước"))
        self.volumes = QComboBox()
        self.volumes.setObjectName("volumes")
        for mb, text in zip(VOLUME_SIZES, (self.tr("Mỗi tệp dưới 4 GB (USB định dạng FAT32)"),
                                           self.tr("Mỗi tệp tối đa 2 GB"),
                                           self.tr("Mỗi tệp tối đa 20 MB (gửi qua Zalo, thư điện tử)"),
                                           self.tr("Một tệp, không chia")), strict=True):
            self.volumes.addItem(text, mb)
        form = QFormLayout()
        form.addRow(self.tr("Ghi vào:"), self.picker)
        form.addRow(self.tr("Chia tệp:"), self.volumes)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = self.buttons.addButton(self.tr("Xuất gói"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("export")
        if not self.encrypts and can_import_profile:
            prof = self.buttons.addButton(self.tr("Nhập hồ sơ tỉnh…"), QDialogButtonBox.ButtonRole.ActionRole)
            prof.setObjectName("importProfile")
            prof.clicked.connect(lambda: self._finish(SendChoice("profile")))
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        self.picker.changed.connect(lambda _p: self._enable())
        lay.addWidget(self.buttons)
        self._enable()
        self.setMinimumWidth(720)

    def _enable(self) -> None:
        plain = not self.encrypt.isChecked()
        self.ack.setVisible(plain)
        self.go.setEnabled(self.pf.ok and bool(self.picker.path()) and (not plain or self.ack.isChecked()))

    def _open(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self.blocking):
            self._finish(SendChoice("open", dossier_id=self.blocking[row].id))

    def _export(self) -> None:
        if self.go.isEnabled():
            self._finish(SendChoice("export", self.picker.path(), self.volumes.currentData(), self.encrypt.isChecked()))

    def _finish(self, choice: SendChoice) -> None:
        self.result_choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, pf: Preflight, blocking: list[BlockingDossier], profile: ProfileInfo | None,
            lang: str = "vi", **kw) -> SendChoice | None:
        dlg = cls(parent, pf, blocking, profile, lang, **kw)
        return dlg.result_choice if dlg.exec() == QDialog.DialogCode.Accepted else None


class ExportDoneDialog(QDialog):
    """Where the package went, with "Mở thư mục"."""

    def __init__(self, parent: QWidget | None, res: ExportResult, lang: str = "vi"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đã xuất gói"))
        self.folder = Path(res.paths[0]).parent if res.paths else None
        lay = QVBoxLayout(self)
        text = self.tr("Gói số %1: %2 hồ sơ, %3 hồ sơ đã xóa, %4 ảnh quét, %5.") \
            .replace("%1", str(res.seq)).replace("%2", str(res.dossiers)).replace("%3", str(res.tombstones)) \
            .replace("%4", str(res.scans)).replace("%5", size_text(res.bytes, lang))
        text += " " + (self.tr("Đã mã hóa cho tỉnh.") if res.encrypted else self.tr("KHÔNG mã hóa."))
        summary = QLabel(text)
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        lay.addWidget(summary)
        lay.addWidget(QLabel(self.tr("Gửi cho tỉnh (mang USB, hoặc gửi qua mạng) các tệp sau:")))
        files = QLabel("\n".join(str(p) for p in res.paths))
        files.setObjectName("files")
        files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(files)
        note = QLabel(self.tr("Các hồ sơ trong gói chuyển sang \"Đã gửi tỉnh\" cho đến khi áp dụng biên nhận của tỉnh. "
                              "Một bản của gói được giữ trong không gian làm việc để gửi lại khi cần."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(self.tr("Mở thư mục"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("openFolder")
        self.open_button.clicked.connect(lambda: self.folder and OpenFolder.open(self.folder))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(600)

    @classmethod
    def ask(cls, parent: QWidget | None, res: ExportResult, lang: str = "vi") -> None:
        cls(parent, res, lang).exec()
