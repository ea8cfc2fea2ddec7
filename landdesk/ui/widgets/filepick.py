"""Every file chooser of the window behind one seam: tests patch a classmethod of FilePick instead of
driving a native dialog. Each returns plain paths, None (or []) when the officer cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

PACKAGES = "LandDesk (*.ldpkg)"
EXCEL = "Excel (*.xlsx)"
PDF = "PDF (*.pdf)"


class FilePick:
    @classmethod
    def open(cls, parent: QWidget | None, title: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
        return path or None

    @classmethod
    def open_many(cls, parent: QWidget | None, title: str, pattern: str) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, "", pattern)
        return paths

    @classmethod
    def folder(cls, parent: QWidget | None, title: str, start: str = "") -> str | None:
        return QFileDialog.getExistingDirectory(parent, title, start) or None

    @classmethod
    def save(cls, parent: QWidget | None, title: str, name: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, name, pattern)
        return path or None
