"""Small dialogs, each with `@classmethod ask(...)` returning plain values (None when cancelled).

The convention for every dialog in ui/: the caller writes `value = SomeDialog.ask(parent, ...)`;
a test patches `SomeDialog.ask` instead of clicking through a modal window.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class Confirm:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


class TextPrompt:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None


class PasswordPrompt(QDialog):
    """Asks for a password (unlocking after idle); the check itself is done by the caller."""

    def __init__(self, parent: QWidget | None, title: str, label: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(label))
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        lay.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str) -> str | None:
        dlg = cls(parent, title, label)
        return dlg.edit.text() if dlg.exec() == QDialog.DialogCode.Accepted else None
