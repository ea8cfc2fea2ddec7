"""Unsaved changes in the editor: Save / Discard / Cancel, before the dossier is left (another one
opened, a new one started, the window closed)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class UnsavedDialog(QMessageBox):
    def __init__(self, parent: QWidget | None, what: str):
        super().__init__(parent)
        self.setWindowTitle("LandDesk")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(self.tr("%1 có thay đổi chưa lưu.").replace("%1", what))
        self.setInformativeText(self.tr("Lưu các thay đổi trước khi rời hồ sơ này?"))
        self.save_button = self.addButton(self.tr("&Lưu"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(self.tr("&Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(self.tr("&Hủy"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.save_button)
        self.setEscapeButton(self.cancel_button)

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> str:
        """"save", "discard" or "cancel" (also when the dialog is closed). `what` names the
        dossier ("Hồ sơ số 12", "Hồ sơ mới")."""
        dlg = cls(parent, what)
        dlg.exec()
        clicked = dlg.clickedButton()
        if clicked is dlg.save_button:
            return SAVE
        if clicked is dlg.discard_button:
            return DISCARD
        return CANCEL
