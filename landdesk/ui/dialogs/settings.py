"""Per-user desk settings: interface language and idle lock (stored in QSettings by the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: dict):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cài đặt"))
        form = QFormLayout(self)
        self.lang = QComboBox()
        self.lang.addItem("Tiếng Việt", "vi")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(0 if current.get("lang", "vi") == "vi" else 1)
        form.addRow(self.tr("Ngôn ngữ giao diện:"), self.lang)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(int(current["idle_minutes"]))
        self.idle.setSuffix(self.tr(" phút"))
        self.idle.setSpecialValueText(self.tr("Không khóa"))
        form.addRow(self.tr("Khóa màn hình khi không dùng sau:"), self.idle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        return {"lang": self.lang.currentData(), "idle_minutes": self.idle.value()}

    @classmethod
    def ask(cls, parent: QWidget | None, current: dict) -> dict | None:
        dlg = cls(parent, current)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
