"""The history tab: the dossier's audit trail, newest first, one line per changed field."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from landdesk.domain.values import format_local_time
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
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
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
        rows = []
        for rec in reversed(records):  # newest first
            when = format_local_time(rec.at, seconds=True)
            action = {"create": tr("Tạo mới"), "update": tr("Sửa"), "delete": tr("Xóa")}.get(rec.action, rec.action)
            changes = rec.changes or [{"field": "", "old": None, "new": None}]
            for ch in changes:
                old = "" if ch.get("old") is None else str(ch.get("old"))
                new = "" if ch.get("new") is None else str(ch.get("new"))
                rows.append((when, rec.user, action, ch.get("field", ""), f"{old} → {new}" if (old or new) else "",
                             rec.reason))
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                self.setItem(r, c, QTableWidgetItem(v))
