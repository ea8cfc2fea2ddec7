"""Where to write a backup or a package: the usual folder, a USB stick or another drive, the folder used
last time, or one chosen with the folder dialog; the free space and the drive's file system beside it.

The folder dialog is the window's one FilePick (ui/widgets/filepick.py: tests patch `FilePick.folder`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStorageInfo, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from landdesk.domain.values import format_number
from landdesk.ui.widgets.filepick import FilePick

FAT32_LIMIT = 4 * 1024 ** 3 - 1  # the largest file a FAT32 stick holds


def tr(text: str) -> str:
    return QCoreApplication.translate("Destination", text)


def size_text(n: int, lang: str) -> str:
    gb, mb = n / 1024 ** 3, n / 1024 ** 2
    if gb >= 1:
        return format_number(gb, lang, 1) + " GB"
    return format_number(mb, lang, 0 if mb >= 10 else 1) + " MB"


def other_drives(exclude: list[Path]) -> list[QStorageInfo]:
    """Mounted, writable volumes that are not the system's or the workspace's own: USB sticks, external
    and second drives (on Linux those mounted under /media, /run/media or /mnt)."""
    own = {QStorageInfo(str(p)).rootPath() for p in exclude if p}
    out = []
    for vol in QStorageInfo.mountedVolumes():
        root = vol.rootPath()
        if not vol.isValid() or not vol.isReady() or vol.isReadOnly() or root in own:
            continue
        if sys.platform.startswith("win"):
            if root.upper().startswith(os.environ.get("SystemDrive", "C:").upper()):
                continue
        elif not root.startswith(("/media/", "/run/media/", "/mnt/")):
            continue
        out.append(vol)
    return out


class DestinationPicker(QWidget):
    """A combo of places plus "Choose a folder…". `path()` is the folder to write into."""

    changed = Signal(str)

    def __init__(self, lang: str, places: list[tuple[str, str]], *, drive_subfolder: str, exclude: list[Path],
                 title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.title = title
        self.combo = QComboBox()
        self.combo.setObjectName("destination")
        self.combo.setMinimumContentsLength(40)
        for label, path in places:
            self._add(label, path)
        for vol in other_drives(exclude):
            name = vol.displayName() or vol.rootPath()
            label = tr("%1 — ổ đĩa rời / ổ khác").replace("%1", name)
            self._add(label, str(Path(vol.rootPath()) / drive_subfolder))
        self.browse = QPushButton(tr("Chọn thư mục khác…"))
        self.browse.setObjectName("chooseFolder")
        self.browse.clicked.connect(self._choose)
        self.info = QLabel()
        self.info.setObjectName("destinationInfo")
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(dark);")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.browse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.info)
        self.combo.currentIndexChanged.connect(self._changed)
        self._changed()

    def _add(self, label: str, path: str) -> None:
        if path and self.combo.findData(path) < 0:
            self.combo.addItem(f"{label}: {path}", path)

    def set_path(self, path: str, label: str | None = None) -> None:
        self._add(label or tr("Thư mục đã chọn"), path)
        self.combo.setCurrentIndex(self.combo.findData(path))

    def path(self) -> str:
        return str(self.combo.currentData() or "")

    def free_bytes(self) -> int | None:
        info = self._storage()
        return info.bytesAvailable() if info is not None else None

    def is_fat32(self) -> bool:
        info = self._storage()
        return info is not None and bytes(info.fileSystemType()).upper() in (b"VFAT", b"FAT32", b"MSDOS")

    def _storage(self) -> QStorageInfo | None:
        p = Path(self.path()) if self.path() else None
        while p is not None and not p.exists() and p.parent != p:
            p = p.parent  # the folder is made when writing: ask about the drive it will be on
        info = QStorageInfo(str(p)) if p is not None else None
        return info if info is not None and info.isValid() and info.isReady() else None

    def _choose(self) -> None:
        chosen = FilePick.folder(self, self.title, self.path())
        if chosen:
            self.set_path(chosen)

    def _changed(self, *_args) -> None:
        free = self.free_bytes()
        text = tr("Còn trống %1.").replace("%1", size_text(free, self.lang)) if free is not None else \
            tr("Không đọc được ổ đĩa này (đã cắm USB chưa?).")
        if self.is_fat32():
            text += " " + tr("Ổ FAT32: mỗi tệp nhỏ hơn 4 GB.")
        self.info.setText(text)
        self.changed.emit(self.path())
