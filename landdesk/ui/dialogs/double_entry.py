"""Blind re-keying form (double entry) and the verification preview confirmation.

DoubleEntryDialog shows which high-risk fields to type — never their stored values. Both dialogs
follow the house convention: `ask(...)` returns plain values, None when cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class DoubleEntryDialog(QDialog):
    def __init__(self, parent: QWidget | None, fields: list, lang: str = "vi", dossier_label: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập liệu lần hai"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Nhập lại các trường dưới đây theo giấy tờ gốc. Giá trị đã nhập lần đầu "
                               "không được hiển thị."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        if dossier_label:
            lay.addWidget(QLabel(dossier_label))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for f in fields:
            edit = QLineEdit()
            edit.setObjectName(f"de_{f.key}")
            form.addRow(f.label(lang), edit)
            self.edits[f.key] = edit
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items()}

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # Keyboard first: Enter moves to the next field; only Enter in the last field submits.
        edits = list(self.edits.values())
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in edits[:-1]:
            edits[edits.index(self.focusWidget()) + 1].setFocus()
            return
        super().keyPressEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, fields: list, lang: str = "vi", dossier_label: str = "") -> dict | None:
        dlg = cls(parent, fields, lang, dossier_label)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


class ConfirmPreview(QDialog):
    """Shows what an import / bulk fix would do; OK applies it."""

    def __init__(self, parent: QWidget | None, title: str, text: str, ok_label: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 420)
        lay = QVBoxLayout(self)
        body = QPlainTextEdit(text)
        body.setReadOnly(True)
        lay.addWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton(ok_label, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmApply")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, ok_label: str) -> bool:
        return cls(parent, title, text, ok_label).exec() == QDialog.DialogCode.Accepted
