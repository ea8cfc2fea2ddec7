"""The province desk view: progress across communes, package import, the conflict queue with its
resolution dialog, the roster of commune keys. (The commune's side — sending to the province, receipts,
the province profile — is ui/views/send_province.py.)

Every call goes through landdesk.ui.tasks.Op; dialogs and pickers have `ask` classmethods for tests.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import PROVINCE
from landdesk.domain.errors import LandDeskError
from landdesk.domain.values import format_number
from landdesk.services.province import conflicts as conflict_service
from landdesk.services.province import importer, pages, report
from landdesk.services.province import roster as roster_service
from landdesk.ui import settings as user_settings
from landdesk.ui.dialogs.province import ConflictDialog, DeskLogin
from landdesk.ui.tasks import Op
from landdesk.ui.views.province_dossiers import DossiersTab
from landdesk.ui.views.province_roster import RosterTab
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.widgets.filepick import EXCEL, PACKAGES, FilePick
from landdesk.ui.widgets.listing import listing_table
from landdesk.ui.widgets.pager import Pager

DESK_SETTING = "province/desk"


def tr(text: str) -> str:
    return QCoreApplication.translate("Sync", text)


class Info:
    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


class ProvinceView(QWidget):
    """The province desk: log in to a desk, import packages, see progress and settle conflicts.

    The desk is a workspace of its own (workspace/province.py): every call is an Op on it (`ws=desk`),
    and what its writes change comes back through the window's broadcast to `refresh`."""

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.desk = None
        self.rows: list[report.CommuneProgress] = []
        self.conflicts: list[conflict_service.ConflictView] = []
        self.title = QLabel(tr("Chưa mở bàn làm việc của tỉnh."))
        self.title.setObjectName("desk_title")
        self.title.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for text, name, slot in ((tr("Đăng nhập…"), "login_desk", self.login_desk),
                                 (tr("Mở bàn làm việc tỉnh…"), "open_desk", self.choose_desk),
                                 (tr("Nhập gói của xã…"), "import", self.import_packages),
                                 (tr("Xuất báo cáo tiến độ…"), "report", self.save_report)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            bar.addWidget(b)
            if name == "login_desk":
                self.login_button = b
        # Explicit context, one call per statement (lupdate loses track otherwise): the dashboard and
        # the scans view use the same words and would take these strings into their context.
        scanned = QCoreApplication.translate("Sync", "Đã quét")
        entered = QCoreApplication.translate("Sync", "Đã nhập")
        verified = QCoreApplication.translate("Sync", "Đã xác thực")
        dossier = QCoreApplication.translate("Sync", "Hồ sơ")
        self.progress = listing_table([tr("Mã xã"), tr("Tên xã"), tr("Chỉ tiêu"), tr("Đã thu"), scanned, entered, verified,
                                tr("Sai thông tin"), tr("Cần công an"), tr("Tỉnh đã nhận"),
                                tr("% chỉ tiêu"), tr("Nhóm tiến độ"), tr("Ngày từ gói cuối")])
        self.progress.setObjectName("progress")
        self.queue = listing_table([tr("Loại"), tr("Xã"), dossier, tr("Trường / trùng với")])
        self.queue.setObjectName("conflicts")
        self.queue.doubleClicked.connect(lambda _i: self.resolve_selected())
        resolve = QPushButton(tr("Xử lý xung đột đã chọn…"))
        resolve.setObjectName("resolve")
        resolve.clicked.connect(self.resolve_selected)
        self.queue_pager = Pager(wctx.lang, "conflict_pager")  # the queue is read a page at a time
        self.queue_pager.moved.connect(self.load_queue)
        self.queue_offset = 0
        qpage = QWidget()
        ql = QVBoxLayout(qpage)
        ql.addWidget(self.queue)
        qbar = QHBoxLayout()
        qbar.addWidget(self.queue_pager, 1)
        qbar.addStretch(1)  # (the button stays on the right while the pager is hidden: one page)
        qbar.addWidget(resolve)
        ql.addLayout(qbar)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.progress, tr("Tiến độ các xã"))
        self.tabs.addTab(qpage, tr("Hàng đợi xung đột"))
        self.dossiers = DossiersTab(self)
        self.tabs.addTab(self.dossiers, tr("Hồ sơ các xã"))
        self.roster = RosterTab(self)
        self.tabs.addTab(self.roster, tr("Khóa ký của các xã"))
        self.summary = QLabel("")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.summary)
        self._show_remembered()

    # ---- desk ----
    def _remembered(self) -> str:
        return str(user_settings.value(self.wctx.settings or QSettings(), DESK_SETTING) or "")

    def _show_remembered(self) -> None:
        """The desk used last, not logged in yet (its login is the officer's to start)."""
        from landdesk.storage.marker import is_desk, read_marker

        path = self._remembered()
        self.login_button.setVisible(bool(path) and is_desk(path))
        if path and is_desk(path):
            try:
                name = read_marker(path, "province").get("province_name", "")
            except LandDeskError:
                name = path
            self.title.setText(tr("{name} — chưa đăng nhập").format(name=name))

    def login_desk(self) -> None:
        """Log in to the desk used last (or pick one)."""
        path = self._remembered()
        if path:
            self.open_desk(path)
        else:
            self.choose_desk()

    def choose_desk(self) -> None:
        path = FilePick.folder(self, tr("Chọn thư mục bàn làm việc của tỉnh"))
        if path:
            self.open_desk(path)

    def open_desk(self, path: str) -> None:
        desk = DeskLogin.ask(self, path, self.wctx.lang)
        if desk is None:
            return
        if self.desk is not None:
            self.desk.close()
        user_settings.set_value(self.wctx.settings or QSettings(), DESK_SETTING, str(path))
        self.use_desk(desk)

    def use_desk(self, desk) -> None:
        """Show this desk (logged in to already); in the desk's window it is also the window's workspace."""
        self.desk = desk
        if getattr(self.wctx.ws, "KIND", "") == "province":
            self.wctx.ws = desk
        if hasattr(self.wctx.window, "show_desk"):
            self.wctx.window.show_desk(desk)
        self.login_button.setVisible(False)
        self.title.setText(tr("{name} — khóa tỉnh {fp} — {user} ({role})").format(
            name=desk.province_name, fp=desk.fingerprint(), user=desk.actor.username,
            role=desk.actor.role.label(self.wctx.lang)))
        self.refresh()

    def refresh(self, changes=None, initiator=None) -> None:
        """Reload what the desk shows: at once, or when a write changed any of it."""
        if self.desk is None or (changes is not None and not PROVINCE & set(changes)):
            return

        offset = self.queue_offset

        def load(ctx):
            return (report.progress_report(ctx), pages.conflict_page(ctx, offset=offset),
                    roster_service.list_keys(ctx))

        Op(self.wctx, load, parent=self, kind="read", ws=self.desk).success(self._show).run()

    def load_queue(self, offset: int) -> None:
        """Another page of the conflict queue."""
        if self.desk is None:
            return
        self.queue_offset = offset
        Op(self.wctx, lambda ctx: pages.conflict_page(ctx, offset=offset), parent=self, kind="read",
           ws=self.desk).success(self._show_queue).run()

    def _show(self, data) -> None:
        self.rows, queue, entries = data
        self.roster.show(entries)
        self.dossiers.show_communes(self.rows)
        vi = self.wctx.lang == "vi"
        shown = [r for r in self.rows if r.collected or r.target or r.last_seq]
        self.progress.setRowCount(len(shown))
        for i, r in enumerate(shown):
            days = "" if r.days_since_last is None else str(r.days_since_last)
            pct = format_number(r.percent, self.wctx.lang, 1)
            for j, v in enumerate((r.code, r.name, r.target, r.collected, r.scanned, r.entered, r.verified, r.incorrect,
                                   r.needs_police, r.accepted, pct, report.BAND_LABELS[r.band][0 if vi else 1], days)):
                if isinstance(v, int) and not isinstance(v, bool):
                    v = format_number(v, self.wctx.lang)
                item = QTableWidgetItem(str(v))
                if 2 <= j <= 10 or j == 12:  # counts and percentages line up on the right, as in a report
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.progress.setItem(i, j, item)
        self.progress.resizeColumnsToContents()
        self._show_queue(queue)

    def _show_queue(self, page) -> None:
        self.conflicts, self.queue_offset = page.rows, page.offset
        self.queue.setRowCount(len(self.conflicts))
        for i, c in enumerate(self.conflicts):
            other = c.field if c.kind == "edit" else f"{c.other_commune}/{c.other_dossier_id}"
            for j, v in enumerate((c.kind, c.commune_code, c.dossier_id, other)):
                self.queue.setItem(i, j, QTableWidgetItem(v))
        self.queue.resizeColumnsToContents()
        self.queue_pager.show_page(page)
        t = report.totals(self.rows)
        # no targets set yet (province targets): "300/0" would read as 300 of nothing
        text = (tr("Đã thu {c}/{t}; tỉnh đã nhận {a}; {q} xung đột chờ xử lý.") if t["target"] else
                tr("Đã thu {c} (chưa đặt chỉ tiêu); tỉnh đã nhận {a}; {q} xung đột chờ xử lý."))
        self.summary.setText(text.format(
            c=format_number(t["collected"], self.wctx.lang), t=format_number(t["target"], self.wctx.lang),
            a=format_number(t["accepted"], self.wctx.lang), q=format_number(page.total, self.wctx.lang)))

    # ---- actions ----
    def import_packages(self) -> None:
        if self.desk is None:
            return self.login_desk()
        paths = FilePick.open_many(self, tr("Chọn các gói của xã"), PACKAGES)
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        """Import these packages into the desk (logged in to first, when it is not yet)."""
        if self.desk is None:
            self.login_desk()
            if self.desk is None:
                return

        def imported(results) -> None:
            lines = []
            for r in results:
                if r.status == "refused":
                    lines.append(tr("TỪ CHỐI: {e}").format(e=r.error))
                else:
                    # "replayed": imported before; the receipt is issued again and nothing changes
                    done = tr("đã nhập") if r.status == "imported" else tr("đã nhập trước đây, không thay đổi gì")
                    lines.append(tr("Xã {c} gói {s}: {st}; nhận {a}, trả lại {r}, xung đột {k}, trùng {d}.").format(
                        c=r.commune_code, s=r.seq, st=done, a=r.counts.get("accepted", 0),
                        r=r.counts.get("rejected", 0), k=r.counts.get("conflict", 0), d=r.counts.get("duplicate", 0)))
                    if r.receipt:
                        lines.append("  → " + r.receipt)
            Info.show(self, tr("Nhập gói"), "\n".join(lines))

        Op(self.wctx, lambda desk, job: importer.import_files(desk, [Path(p) for p in paths],
                                                              receipts_dir=desk.root / "receipts",
                                                              progress=job.progress),
           parent=self, kind="run", ws=self.desk).with_progress(tr("Đang nhập gói…")).success(imported).run()

    def resolve_selected(self) -> None:
        row = self.queue.currentRow()
        if self.desk is None or not (0 <= row < len(self.conflicts)):
            return
        c = self.conflicts[row]
        choice = ConflictDialog.ask(self, c)
        if not choice:
            return
        Op(self.wctx, lambda ctx: conflict_service.resolve(ctx, c.id, choice), parent=self, ws=self.desk).run()

    def save_report(self) -> None:
        if self.desk is None:
            return
        path = FilePick.save(self, tr("Lưu báo cáo tiến độ"), "tien-do-tinh.xlsx", EXCEL)
        if not path:
            return
        lang = self.wctx.lang
        Op(self.wctx, lambda ctx: report.write_workbook(report.progress_report(ctx), Path(path), lang), parent=self,
           kind="read", ws=self.desk).run()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self.desk is not None:
            self.desk.close()
        super().closeEvent(event)


def make_province_view(wctx) -> ProvinceView:
    return ProvinceView(wctx)


def on_a_desk(wctx) -> bool:
    """Issue 13 §7: the desk's view only in the desk's own window (ui/province_window.py), never in a
    commune's; a commune window opens the desk in that window (Tools → Open the province desk…)."""
    return getattr(wctx.ws, "KIND", "") == "province"


VIEWS = [ViewSpec("province", title=lambda: QCoreApplication.translate("Views", "Bàn làm việc tỉnh"),
                  factory=make_province_view, order=90, available=on_a_desk)]


def actions(window) -> list[tuple[str, object]]:
    from PySide6.QtGui import QAction

    if on_a_desk(window.wctx):
        return []
    from landdesk.ui import province_window

    act = QAction(tr("Mở bàn làm việc tỉnh…"), window)
    act.setObjectName("open_province_desk")
    act.setStatusTip(tr("Bàn làm việc của tỉnh mở trong cửa sổ riêng, với tài khoản của tỉnh"))
    act.triggered.connect(lambda: province_window.open_from(window))
    return [("tools", act)]

