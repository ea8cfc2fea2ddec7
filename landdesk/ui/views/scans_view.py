"""The "scans" view: the unassigned tray (pages scanned before a cover sheet), the hot folder the
scanner writes into, pages with quality problems, and the recycle tray. Menu actions print cover
sheets and export PDFs. Every call into services goes through landdesk.ui.tasks.Op.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.codes import DocKind
from landdesk.domain.errors import LandDeskError
from landdesk.media import quality
from landdesk.media.hotfolder import HotFolder
from landdesk.services import scans
from landdesk.ui import settings as user_settings
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.widgets.cut_tips import cut_cell_tips
from landdesk.ui.widgets.filepick import PDF, FilePick
from landdesk.ui.widgets.scan_panel import ROLE, DossierPrompt, PageCanvas, kind_label, short_kind, thumb_icon

POLL_MS = 2000
SETTING_FOLDER = "scans/hot_folder"


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Scans", text, None, n)  # n: a count, for the plural form ("1 dossier", "2 dossiers")


class TrayTab(QWidget):
    """Pages without a dossier (or in the recycle tray): thumbnails, a preview and one action."""

    def __init__(self, wctx, recycle: bool):
        super().__init__()
        self.wctx, self.recycle = wctx, recycle
        self.views: list[scans.PageView] = []
        self.list = QListWidget()
        self.list.setObjectName("recycleList" if recycle else "unassignedList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 136))
        # one grid cell per page, wide enough for "HS 12 · GCN 1": thumbnails line up in columns
        self.list.setGridSize(QSize(150, 170))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.currentRowChanged.connect(self._preview)
        self.canvas = PageCanvas()
        self.kind = QComboBox()
        for k in DocKind:
            self.kind.addItem(short_kind(k.value), k.value)
        self.action = QPushButton(tr("Khôi phục") if recycle else tr("Gán vào hồ sơ…"))
        self.action.setObjectName("restoreButton" if recycle else "assignButton")
        self.action.clicked.connect(self._act)
        self.count = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        if not recycle:
            bar.addWidget(QLabel(tr("Loại giấy tờ:")))
            bar.addWidget(self.kind)
            for name, text, slot in (("trayPhone", tr("Chụp bằng điện thoại…"), self._phone),
                                     ("trayEscl", tr("Quét từ máy quét mạng…"), self._escl)):
                b = QPushButton(text)
                b.setObjectName(name)
                b.clicked.connect(slot)
                bar.addWidget(b)
        bar.addWidget(self.action)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.canvas)
        self.canvas.setMinimumWidth(320)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 620])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(split, 1)

    def reload(self) -> None:
        fetch = scans.recycled_pages if self.recycle else scans.unassigned_pages
        Op(self.wctx, lambda ctx: scans.page_views(ctx, fetch(ctx)), parent=self, kind="read") \
            .success(self._loaded).run()

    def _loaded(self, views) -> None:
        self.views = views
        self.list.clear()
        for v in views:
            p = v.page
            text = f"{p.source} · {p.source_page}"
            if p.dossier_num:  # the recycle tray says where the page was
                where = tr("HS {num} · {kind} {n}").format(num=p.dossier_num, kind=short_kind(p.kind), n=p.position)
                text = f"{where}\n{text}"
            item = QListWidgetItem(thumb_icon(v), text)
            item.setData(ROLE, p.id)
            self.list.addItem(item)
        if views:
            self.count.setText(tr("Số trang: ") + str(len(views)))
        elif self.recycle:
            self.count.setText(tr("Thùng rác trống."))
        else:
            self.count.setText(tr("Không có trang nào chờ gán hồ sơ: mọi trang quét đã thuộc một hồ sơ."))
        if views:
            self.list.setCurrentRow(0)
        else:
            self.canvas.set_page(None)

    def _preview(self, row: int) -> None:
        self.canvas.set_page(self.views[row] if 0 <= row < len(self.views) else None)

    def _phone(self) -> None:  # into the tray: pages then go to dossiers from here
        from landdesk.ui.dialogs.phone_capture import PhoneCaptureDialog

        PhoneCaptureDialog.ask(self, self.wctx, None, self.kind.currentData())

    def _escl(self) -> None:  # a batch: cover sheets split it as in the hot folder
        from landdesk.ui.dialogs.escl_scan import EsclScanDialog

        EsclScanDialog.ask(self, self.wctx, None, self.kind.currentData())

    def selected_ids(self) -> list[str]:
        return [i.data(ROLE) for i in self.list.selectedItems()]

    def _act(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self.recycle:
            def work(ctx):
                for pid in ids:
                    scans.restore_page(ctx, pid)
        else:
            target = DossierPrompt.ask(self)
            if not target:
                return
            kind = self.kind.currentData()

            def work(ctx):
                for pid in ids:
                    scans.move_page(ctx, pid, target, kind)
        Op(self.wctx, work, parent=self).success(lambda _: self.reload()).run()


class HotFolderTab(QWidget):
    """Watches the folder the scanner writes into; batches are split at cover sheets."""

    processed = Signal(list)  # result rows of one round (tests wait on it)

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.folder: HotFolder | None = None
        self._inflight: set[Path] = set()
        self._round: list[dict] = []
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.path = QLabel(tr("Chưa chọn thư mục"))
        self.path.setObjectName("hotFolderPath")
        self.status = QLabel("")
        self.status.setObjectName("hotFolderStatus")
        choose = QPushButton(tr("Chọn thư mục…"))
        choose.clicked.connect(self.choose)
        self.toggle = QPushButton(tr("Bắt đầu theo dõi"))
        self.toggle.setObjectName("hotFolderToggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        self.log = QListWidget()
        self.log.setObjectName("hotFolderLog")
        bar = QHBoxLayout()
        bar.addWidget(self.path, 1)
        bar.addWidget(choose)
        bar.addWidget(self.toggle)
        hint = QLabel(tr("Máy quét ghi tệp vào thư mục này; tệp được nhận khi đã ghi xong, rồi chuyển sang "
                         "done/ (hoặc failed/ kèm lý do). Tờ bìa có mã QR chia tập quét theo hồ sơ; các trang "
                         "trước tờ bìa đầu tiên vào khay chưa gán."))
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(hint)
        lay.addWidget(self.status)
        lay.addWidget(self.log, 1)
        saved = user_settings.value(wctx.settings, SETTING_FOLDER)
        if saved and Path(saved).is_dir():
            self.set_folder(saved)

    def choose(self) -> None:
        path = FilePick.folder(self, tr("Thư mục máy quét ghi vào"), self.folder.root.as_posix() if self.folder else "")
        if path:
            self.set_folder(path)

    def set_folder(self, path: str | Path, settle: float = 2.0) -> None:
        self.folder = HotFolder(Path(path), settle=settle)
        self.path.setText(str(path))
        user_settings.set_value(self.wctx.settings, SETTING_FOLDER, str(path))

    def _toggled(self, on: bool) -> None:
        self.toggle.setText(tr("Dừng theo dõi") if on else tr("Bắt đầu theo dõi"))
        if on and self.folder is not None:
            if not self._claim_folder():
                return
            self.timer.start()
            self.poll()
        else:
            self.timer.stop()
            self._release_folder()
        self.status.setText(tr("Đang theo dõi") if self.timer.isActive() else tr("Đã dừng"))

    def _claim_folder(self) -> bool:
        """One watcher per folder (another window or `scans watch` may have it): told, not started."""
        from contextlib import ExitStack

        claim = ExitStack()
        try:
            claim.enter_context(self.folder.claimed())
        except LandDeskError as exc:
            self.status.setText(exc.message(self.wctx.lang))
            self.toggle.blockSignals(True)
            self.toggle.setChecked(False)
            self.toggle.setText(tr("Bắt đầu theo dõi"))
            self.toggle.blockSignals(False)
            return False
        self._claim = claim
        return True

    def _release_folder(self) -> None:
        claim = getattr(self, "_claim", None)
        if claim is not None:
            claim.close()
            self._claim = None

    def poll(self) -> None:
        if self.folder is None:
            return
        ready = [p for p in self.folder.poll() if p not in self._inflight]
        ws = self.wctx.ws
        for path in ready:  # one transaction per file
            self._inflight.add(path)
            Op(self.wctx, lambda p=path: scans.intake_files(ws, [p], None, covers=True), parent=self, kind="plain") \
                .success(lambda rep, p=path: self._done(p, rep)) \
                .failure(lambda exc, p=path: self._failed(p, exc)).run()

    def _done(self, path: Path, rep) -> None:
        if rep.changes:
            self.wctx.hub.changes_applied.emit(rep.changes, self)
        if rep.stopped is not None:  # a full drive: the file stays for a later look
            self._failed(path, rep.stopped.message(self.wctx.lang))
            return
        self._inflight.discard(path)
        whole_file = [r for r in rep.refused if r.page == 0]
        reason = "\n".join(f"{r.message_vi} / {r.message_en}" for r in rep.refused)
        self.folder.finish(path, not whole_file, reason)
        lang = self.wctx.lang
        dossiers = sorted({a.dossier_num for a in rep.added if a.dossier_num})
        text = f"✓ {path.name}: " + tr("{n} trang", len(rep.added)).format(n=len(rep.added))
        if dossiers:
            text += " → " + tr("hồ sơ") + " " + ", ".join(str(n) for n in dossiers)
        unassigned = sum(1 for a in rep.added if a.dossier_id is None)
        if unassigned:
            text += " · " + tr("{n} trang vào khay chưa gán", unassigned).format(n=unassigned)
        if whole_file:
            text = f"✗ {path.name}: " + whole_file[0].message(lang)
        elif rep.refused:
            text += " · " + "; ".join(r.message(lang) for r in rep.refused)
        self.log.insertItem(0, text)
        self._finish_round({"file": path.name, "ok": not whole_file, "pages": len(rep.added)})

    def _failed(self, path: Path, exc) -> None:
        self._inflight.discard(path)  # left in place: tried again at the next look
        self.log.insertItem(0, f"✗ {path.name}: {exc}")
        self._finish_round({"file": path.name, "ok": False, "pages": 0})

    def _finish_round(self, row: dict) -> None:
        self._round.append(row)
        if not self._inflight:
            rows, self._round = self._round, []
            self.status.setText(tr("Lần xử lý gần nhất: {n} tệp", len(rows)).format(n=len(rows)))
            self.processed.emit(rows)


class QualityTab(QWidget):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.tree = QTreeWidget()
        self.tree.setObjectName("qualityTree")
        cut_cell_tips(self.tree)
        kind = tr("Giấy tờ")
        # Explicit context, one call per statement (lupdate loses track otherwise): the same words in
        # other modules would take these strings into their context when i18n_update sorts them.
        dossier = QCoreApplication.translate("Scans", "Hồ sơ")
        page = QCoreApplication.translate("Scans", "Trang")
        problem = QCoreApplication.translate("Scans", "Vấn đề")
        self.tree.setHeaderLabels([dossier, kind, page, problem])
        self.tree.setRootIsDecorated(False)
        self.tree.itemDoubleClicked.connect(self._open)
        self.count = QLabel("")
        lay = QVBoxLayout(self)
        lay.addWidget(self.count)
        lay.addWidget(self.tree, 1)

    def reload(self) -> None:
        Op(self.wctx, scans.problem_pages, parent=self, kind="read").success(self._loaded).run()

    def _loaded(self, pages) -> None:
        lang = self.wctx.lang
        self.tree.clear()
        for p in pages:
            where = str(p.dossier_num) if p.dossier_num else tr("chưa gán")
            item = QTreeWidgetItem([where, kind_label(p.kind, lang), str(p.position),
                                    ", ".join(quality.label(c, lang) for c in p.problems)])
            item.setData(0, ROLE, p.dossier_id or "")
            self.tree.addTopLevelItem(item)
        self.count.setText(tr("Trang có vấn đề chất lượng: ") + str(len(pages))
                           + " — " + tr("nhấp đúp để mở hồ sơ"))

    def _open(self, item: QTreeWidgetItem) -> None:
        did = item.data(0, ROLE)
        if did:
            self.wctx.hub.open_dossier.emit(did, None)


class ScansView(QWidget):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.setObjectName("scansView")
        self.tabs = QTabWidget()
        self.unassigned = TrayTab(wctx, recycle=False)
        self.hot = HotFolderTab(wctx)
        self.quality = QualityTab(wctx)
        self.recycle = TrayTab(wctx, recycle=True)
        self.tabs.addTab(self.unassigned, tr("Khay chưa gán hồ sơ"))
        self.tabs.addTab(self.hot, tr("Thư mục máy quét"))
        self.tabs.addTab(self.quality, tr("Chất lượng bản quét"))
        self.tabs.addTab(self.recycle, tr("Thùng rác"))
        self.tabs.currentChanged.connect(lambda _: self._reload_current())
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def _reload_current(self) -> None:
        tab = self.tabs.currentWidget()
        if hasattr(tab, "reload"):
            tab.reload()

    def activated(self) -> None:
        self._reload_current()

    def refresh(self, changes, initiator=None) -> None:
        if Change.SCANS in changes or Change.DOSSIERS in changes:
            self._reload_current()


def make_scans_view(wctx) -> QWidget:
    return ScansView(wctx)


def print_cover_sheets(window) -> None:
    wctx = window.wctx
    path = FilePick.save(window, tr("In tờ bìa cho các hồ sơ chưa quét"), "to-bia.pdf", PDF)
    if not path:
        return
    Op(wctx, lambda ctx: scans.cover_sheets(ctx, Path(path), unscanned=True), parent=window, kind="read") \
        .success(lambda r: wctx.hub.status_message.emit(tr("Đã ghi {n} tờ bìa vào {p}").format(n=r[0], p=path))) \
        .run()


def export_pdfs(window) -> None:
    wctx = window.wctx
    folder = FilePick.folder(window, tr("Thư mục nhận tệp PDF bản quét"))
    if not folder:
        return
    Op(wctx, lambda ctx, job: scans.export_all(ctx, Path(folder), job.progress, job.cancel), parent=window,
       kind="read").with_progress(tr("Đang xuất PDF…")) \
        .success(lambda files: wctx.hub.status_message.emit(
            tr("Đã xuất {n} tệp PDF ({mb} MB)").format(n=len(files), mb=f"{sum(f.size for f in files) / 1048576:.1f}"))) \
        .run()


def actions(window) -> list[tuple[str, QAction]]:
    cover = QAction(tr("In tờ bìa quét cho hồ sơ chưa quét…"), window)
    cover.triggered.connect(lambda: print_cover_sheets(window))
    export = QAction(tr("Xuất PDF bản quét…"), window)
    export.triggered.connect(lambda: export_pdfs(window))
    return [("tools", cover), ("tools", export)]


VIEWS = [ViewSpec("scans", title=lambda: QCoreApplication.translate("Views", "Bản quét"), factory=make_scans_view,
                  order=30, shortcut="Ctrl+3")]
