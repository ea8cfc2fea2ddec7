"""The commune's target (the number of certificates it must collect), set from the dashboard.

The value goes to services.reports.set_target, as `landdesk report --set-target N` does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

MAX_TARGET = 10_000_000  # services.reports.set_target refuses more


class TargetDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: int | None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chỉ tiêu của xã"))
        form = QFormLayout(self)
        note = QLabel(self.tr("Số Giấy chứng nhận xã phải thu nhận trong chiến dịch (theo kế hoạch của tỉnh). "
                              "Bảng tiến độ và báo cáo so sánh với số này."))
        note.setWordWrap(True)
        form.addRow(note)
        self.value = QSpinBox()
        self.value.setObjectName("targetValue")
        self.value.setRange(1, MAX_TARGET)
        self.value.setGroupSeparatorShown(True)
        self.value.setValue(current or 1000)
        self.value.setSuffix(self.tr(" GCN"))
        form.addRow(self.tr("Chỉ tiêu:"), self.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(440)
        self.value.setFocus()
        self.value.selectAll()

    @classmethod
    def ask(cls, parent: QWidget | None, current: int | None) -> int | None:
        dlg = cls(parent, current)
        return dlg.value.value() if dlg.exec() == QDialog.DialogCode.Accepted else None
