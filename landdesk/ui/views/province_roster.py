"""The province desk's roster tab: the communes' signing keys — approve a pending key after a phone
check of its fingerprint, revoke a key at once (a lost or stolen machine)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.services.province import roster
from landdesk.ui.dialogs.common import Confirm
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.listing import listing_table


def tr(text: str) -> str:
    return QCoreApplication.translate("Roster", text)


def status_label(status: str) -> str:
    return {"pending": tr("chờ duyệt"), "approved": tr("đã duyệt"), "retired": tr("đã thay bằng khóa mới"),
            "revoked": tr("đã thu hồi")}.get(status, status)


class RosterTab(QWidget):
    """The roster of the view's open desk; its buttons act on the selected key (an operator's or the
    administrator's: a viewer is refused by the service)."""

    def __init__(self, view):
        super().__init__()
        self.view = view
        self.entries: list[roster.RosterEntry] = []
        self.table = listing_table([tr("Mã xã"), tr("Dấu vân tay khóa"), tr("Trạng thái")], "roster")
        bar = QHBoxLayout()
        bar.addStretch(1)
        for text, name, slot in ((tr("Duyệt khóa đã chọn…"), "approve_key", self.approve_selected),
                                 (tr("Thu hồi khóa đã chọn…"), "revoke_key", self.revoke_selected)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            bar.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(bar)

    def show(self, entries: list[roster.RosterEntry]) -> None:
        """The roster as the view read it (with the progress and the conflicts, in one read)."""
        self.entries = entries
        self.table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            for j, v in enumerate((e.commune_code, e.fingerprint, status_label(e.status))):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _selected(self) -> roster.RosterEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if self.view.desk is not None and 0 <= row < len(self.entries) else None

    def approve_selected(self) -> None:
        e = self._selected()
        if e is None or e.status != "pending":
            return
        text = tr("Chỉ duyệt khi dấu vân tay trùng với dấu vân tay cán bộ xã {c} đọc qua điện thoại:\n\n{fp}").format(
            c=e.commune_code, fp=e.fingerprint)
        if Confirm.ask(self, tr("Duyệt khóa của xã"), text):
            self._run(lambda ctx: roster.approve(ctx, e.commune_code, e.fingerprint))

    def revoke_selected(self) -> None:
        e = self._selected()
        if e is None or e.status == "revoked":
            return
        text = tr("Thu hồi khóa {fp} của xã {c}? Mọi gói ký bằng khóa này sẽ bị từ chối; xã cần tạo khóa mới.").format(
            c=e.commune_code, fp=e.fingerprint)
        if Confirm.ask(self, tr("Thu hồi khóa"), text):
            self._run(lambda ctx: roster.revoke(ctx, e.commune_code, e.fingerprint))

    def _run(self, fn) -> None:
        """A write on the view's desk; the view reloads the roster when the change is broadcast."""
        Op(self.view.wctx, fn, parent=self, ws=self.view.desk).run()
