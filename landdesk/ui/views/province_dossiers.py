"""The province desk's dossier tab: one commune's dossiers as received, a page at a time.

A province holds a million dossiers; the tab reads one page of one commune (services.province.pages),
never the whole list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.codes import WorkflowStatus
from landdesk.domain.values import format_number
from landdesk.services.province import pages
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.listing import listing_table
from landdesk.ui.widgets.pager import Pager


def tr(text: str) -> str:
    return QCoreApplication.translate("ProvinceDossiers", text)


HOLDERS_WIDTH = 420  # px


def province_status_label(status: str) -> str:
    return {"accepted": tr("đã nhận"), "rejected": tr("trả lại xã"), "conflict": tr("xung đột"),
            "duplicate": tr("trùng xã khác")}.get(status, status)


def workflow_label(status: str, lang: str) -> str:
    """The commune's status in words (a code this version does not know: as sent)."""
    try:
        return WorkflowStatus(status).label(lang)
    except ValueError:
        return status


class DossiersTab(QWidget):
    """Pick a commune, read its dossiers a page at a time (through the view's open desk)."""

    def __init__(self, view):
        super().__init__()
        self.view = view
        self.page: pages.Page | None = None
        self.commune = QComboBox()
        self.commune.setObjectName("dossier_commune")
        self.commune.setMinimumContentsLength(24)
        self.commune.activated.connect(lambda _i: self.load(0))
        pick = QLabel(tr("&Xã:"))
        pick.setBuddy(self.commune)
        self.table = listing_table([tr("Số seri GCN"), tr("Người sử dụng đất"), tr("Trạng thái ở xã"), tr("Tỉnh"),
                                    tr("Lỗi"), tr("Đã xác thực"), tr("Mã hồ sơ")], "dossiers")
        self.pager = Pager(view.wctx.lang, "dossier_pager")
        self.pager.moved.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(pick)
        top.addWidget(self.commune)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.pager)

    def show_communes(self, rows) -> None:
        """The communes of the progress report that have sent dossiers (the choice kept if it still has)."""
        current = self.commune.currentData()
        self.commune.clear()
        for r in rows:
            if r.collected:
                self.commune.addItem(f"{r.code} — {r.name} ({format_number(r.collected, self.view.wctx.lang)})", r.code)
        i = self.commune.findData(current)
        self.commune.setCurrentIndex(max(i, 0))
        if self.commune.count():
            self.load(self.page.offset if self.page is not None and i >= 0 else 0)
        else:
            self.page = None
            self.table.setRowCount(0)
            self.pager.show_page(None)

    def load(self, offset: int) -> None:
        code = self.commune.currentData()
        if self.view.desk is None or not code:
            return
        Op(self.view.wctx, lambda ctx: pages.dossier_page(ctx, code, offset=offset), parent=self, kind="read",
           ws=self.view.desk).success(self._show).run()

    def _show(self, page: pages.Page) -> None:
        self.page = page
        lang = self.view.wctx.lang
        self.table.setRowCount(len(page.rows))
        for i, d in enumerate(page.rows):
            for j, v in enumerate((d.serial, d.holders, workflow_label(d.status, lang), province_status_label(d.province_status),
                                   format_number(d.errors, lang), d.verified, d.id)):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        # a dossier of five holders would push the id out of a 1366-px window: the names are cut (the
        # whole list in the cell's tooltip) where they would
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), HOLDERS_WIDTH))
        self.pager.show_page(page)
