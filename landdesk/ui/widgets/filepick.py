"""Every file chooser of the window behind one seam: tests patch a classmethod of FilePick instead of
driving a native dialog. Each returns plain paths, None (or []) when the officer cancels.

A dialog opens in the folder of the last file chosen (a USB stick, the office's share), else in
Documents: never in the working directory, which for an installed app is its own program folder
(C:\\Program Files\\LandDesk, where an officer's files do not belong and cannot be saved)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from landdesk.ui import settings as user_settings

PACKAGES = "LandDesk (*.ldpkg)"
EXCEL = "Excel (*.xlsx)"
PDF = "PDF (*.pdf)"
LAST_FOLDER = "files/last_folder"


def _settings():
    from landdesk.ui.app import make_settings  # (app imports the views, which import this)

    return make_settings()


def start_folder(settings) -> str:
    """The folder the next dialog opens in."""
    last = str(user_settings.value(settings, LAST_FOLDER) or "")
    if last and Path(last).is_dir():  # (a USB stick since removed: not there)
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember(settings, path: str | None, *, folder: bool = False) -> None:
    """The folder of what the officer chose (the folder itself, for a folder dialog), for the next dialog."""
    if path:
        user_settings.set_value(settings, LAST_FOLDER, str(Path(path) if folder else Path(path).parent))


class FilePick:
    @classmethod
    def open(cls, parent: QWidget | None, title: str, pattern: str) -> str | None:
        settings = _settings()
        path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(settings), pattern)
        remember(settings, path)
        return path or None

    @classmethod
    def open_many(cls, parent: QWidget | None, title: str, pattern: str) -> list[str]:
        settings = _settings()
        paths, _ = QFileDialog.getOpenFileNames(parent, title, start_folder(settings), pattern)
        remember(settings, paths[0] if paths else None)
        return paths

    @classmethod
    def folder(cls, parent: QWidget | None, title: str, start: str = "") -> str | None:
        settings = _settings()
        path = QFileDialog.getExistingDirectory(parent, title, start or start_folder(settings))
        remember(settings, path, folder=True)
        return path or None

    @classmethod
    def save(cls, parent: QWidget | None, title: str, name: str, pattern: str) -> str | None:
        """name: the file name offered, in the folder of the last file chosen."""
        settings = _settings()
        path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(start_folder(settings)) / name), pattern)
        remember(settings, path)
        return path or None
