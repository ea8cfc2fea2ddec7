"""Map the columns of a register that no shipped column map recognises, and keep the map for reuse.

One row per column of the sheet: its header, a sample value and a field picker (or "bỏ qua").
`ColumnMappingDialog.ask(...)` returns (ColumnMap, save_for_reuse) or None when cancelled.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.text import fold
from landdesk.services.importing.columnmaps import FIELDS, ColumnMap, MapColumn


def tr(text: str) -> str:
    return QCoreApplication.translate("Workbooks", text)


class ColumnMappingDialog(QDialog):
    def __init__(self, parent: QWidget | None, headers: list[str], mapping: dict[int, str], sample: list[list[str]],
                 lang: str = "vi", name: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Ánh xạ cột của bảng tính"))
        self.resize(760, 560)
        self.headers = headers
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("Chọn trường Mẫu 01 cho từng cột. Cột không chọn sẽ bị bỏ qua.")))
        self.table = QTableWidget(len(headers), 3)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels([tr("Tiêu đề cột"), tr("Ví dụ"), tr("Trường Mẫu 01")])
        self.pickers: list[QComboBox] = []
        for i, header in enumerate(headers):
            self.table.setItem(i, 0, QTableWidgetItem(header))
            example = next((row[i] for row in sample if i < len(row) and row[i]), "")
            self.table.setItem(i, 1, QTableWidgetItem(str(example)))
            pick = QComboBox()
            pick.addItem(tr("(bỏ qua)"), "")
            for key, (vi, en) in FIELDS.items():
                pick.addItem(vi if lang == "vi" else en, key)
            pick.setCurrentIndex(max(0, pick.findData(mapping.get(i, ""))))
            self.table.setCellWidget(i, 2, pick)
            self.pickers.append(pick)
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table)
        form = QFormLayout()
        self.name = QLineEdit(name or tr("Sổ theo dõi của xã"))
        self.name.setObjectName("mapName")
        form.addRow(tr("Tên bảng ánh xạ:"), self.name)
        self.save = QCheckBox(tr("Lưu để dùng lại cho các tệp cùng mẫu"))
        self.save.setChecked(True)
        form.addRow("", self.save)
        lay.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def chosen(self) -> dict[int, str]:
        return {i: p.currentData() for i, p in enumerate(self.pickers) if p.currentData()}

    def column_map(self) -> ColumnMap:
        chosen = self.chosen()
        name = self.name.text().strip() or "register"
        map_id = "custom-" + (re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "register")
        cols = tuple(MapColumn(f, self.headers[i]) for i, f in sorted(chosen.items()))
        return ColumnMap(map_id, 1, name, name, cols, export=False, custom=True)

    def _accept(self) -> None:
        chosen = list(self.chosen().values())
        if len(chosen) != len(set(chosen)):
            self.error.setText(tr("Mỗi trường chỉ được chọn cho một cột."))
            return
        if "serial" not in chosen and "guid" not in chosen:
            self.error.setText(tr("Cần chọn cột “Số phát hành GCN”."))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, headers: list[str], mapping: dict[int, str], sample: list[list[str]],
            lang: str = "vi") -> tuple[ColumnMap, bool] | None:
        dlg = cls(parent, headers, mapping, sample, lang)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.column_map(), dlg.save.isChecked()
