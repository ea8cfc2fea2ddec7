"""The history tab: the dossier's audit trail, newest first, one line per changed field, worded for
a person by domain.history (field names in the user's language, values as the form shows them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from landdesk.domain.history import history_lines
from landdesk.services import audit as audit_service
from landdesk.ui.tasks import Op


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


class HistoryTable(QTableWidget):
    def __init__(self, lang: str):
        super().__init__(0, 6)
        self.lang = lang
        self.setObjectName("history")
        self.setHorizontalHeaderLabels([tr("Thời gian"), tr("Người sửa"), tr("Thao tác"), tr("Trường"),
                                        tr("Giá trị cũ → mới"), tr("Lý do")])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # old → new gets the room
        self.setWordWrap(True)  # a long old → new (two holders, a custody status) wraps, never cut
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def load(self, wctx, dossier_id: str | None) -> None:
        """The audit trail of a saved dossier (None: a new one, no history)."""
        if dossier_id is None:
            self.setRowCount(0)
            return
        Op(wctx, lambda ctx: audit_service.history(ctx, dossier_id), parent=self, kind="read") \
            .success(self.show_records).run()

    def show_records(self, records: list) -> None:
        lines = history_lines(records, self.lang)
        self.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, v in enumerate((line.when, line.user, line.action, line.field, line.change, line.reason)):
                item = QTableWidgetItem(v)
                item.setToolTip(v)  # a long summary (several holders) is read whole here
                self.setItem(r, c, item)
        self.resizeRowsToContents()
