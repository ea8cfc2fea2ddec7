"""The page viewer beside the Form 01 editor: the officer types while reading the certificate.

Thumbnail strip (documents in order, quality problems marked; drag to reorder, drop files to add), the page
itself (fit / zoom / pan, rotate), and moves: to another document kind, another dossier or the recycle tray.
Every change goes through landdesk.ui.tasks.Op; the stored files never change (rotation is a page setting).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.codes import DocKind
from landdesk.media import quality
from landdesk.services import scans
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.filepick import FilePick
from landdesk.ui.widgets.page_view import FullScreenViewer, PageCanvas

ROLE = Qt.ItemDataRole.UserRole
THUMB = QSize(76, 108)
IMAGE_PATTERNS = "(*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf *.heic *.heif *.webp)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Scans", text)


def kind_label(kind: str, lang: str) -> str:
    try:
        return DocKind(kind).label(lang)
    except ValueError:
        return kind


def short_kind(kind: str) -> str:
    if kind == "other":
        return tr("Khác")
    return {"gcn": "GCN", "gt": "GT", "tbxn": "TBXN", "ddk": "ĐĐK"}.get(kind, kind)


def page_caption(kind: str, position: int, lang: str) -> str:
    return tr("{kind} — trang {n}").format(kind=kind_label(kind, lang), n=position)


class DossierPrompt:
    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        text, ok = QInputDialog.getText(parent, tr("Chuyển sang hồ sơ khác"), tr("Số hồ sơ:"))
        text = text.strip()
        return text if ok and text else None


def thumb_icon(view: scans.PageView, label: str = "") -> QIcon:
    """The cached thumbnail, turned like the page, labelled, with a red frame and '!' on problems."""
    pix = QPixmap(str(view.thumbnail)) if view.exists else QPixmap()
    if pix.isNull():
        pix = QPixmap(THUMB)
        pix.fill(QColor("#d0d0d0"))
    if view.page.rotation:
        pix = pix.transformed(QTransform().rotate(view.page.rotation), Qt.TransformationMode.SmoothTransformation)
    pix = pix.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    if label:
        p = QPainter(pix)
        band = 18
        p.fillRect(0, pix.height() - band, pix.width(), band, QColor(30, 30, 30, 170))
        p.setPen(QColor("white"))
        p.drawText(0, pix.height() - band, pix.width(), band, Qt.AlignmentFlag.AlignCenter, label)
        p.end()
    if view.page.problems or not view.exists:
        p = QPainter(pix)
        p.setPen(QPen(QColor("#d32f2f"), 4))
        p.drawRect(pix.rect().adjusted(2, 2, -2, -2))
        p.fillRect(0, 0, 24, 24, QColor("#d32f2f"))
        p.setPen(QColor("white"))
        p.drawText(0, 0, 24, 24, Qt.AlignmentFlag.AlignCenter, "!")
        p.end()
    return QIcon(pix)


class ThumbStrip(QListWidget):
    """Pages in order; internal drags reorder, dropped files are added."""

    order_changed = Signal()
    files_dropped = Signal(list)

    def __init__(self):
        super().__init__()
        self.setObjectName("scanThumbs")
        self.setIconSize(THUMB)
        self.setViewMode(QListWidget.ViewMode.ListMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setFixedHeight(THUMB.height() + 26)
        self.setSpacing(3)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.model().rowsMoved.connect(lambda *a: self.order_changed.emit())

    def dragEnterEvent(self, e):
        if e.mimeData().hasUrls():
            e.acceptProposedAction()
        else:
            super().dragEnterEvent(e)

    def dragMoveEvent(self, e):
        if e.mimeData().hasUrls():
            e.acceptProposedAction()
        else:
            super().dragMoveEvent(e)

    def dropEvent(self, e):
        if e.mimeData().hasUrls():
            files = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
            e.acceptProposedAction()
            if files:
                self.files_dropped.emit(files)
            return
        super().dropEvent(e)

    def page_ids(self) -> list[str]:
        return [self.item(i).data(ROLE) for i in range(self.count())]


class ScanPanel(QWidget):
    """make_scan_panel(wctx) → this; the editor calls show_dossier(id or None)."""

    pages_shown = Signal(int)  # number of pages after each load (tests wait on it)

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.setObjectName("scanPanel")
        self.dossier_id: str | None = None
        self.views: list[scans.PageView] = []
        self.title = QLabel(tr("Bản quét"))
        self.title.setObjectName("scanTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.kind = QComboBox()
        for k in DocKind:
            self.kind.addItem(short_kind(k.value), k.value)
        self.kind.setToolTip(tr("Loại giấy tờ cho các trang thêm vào"))
        # The title may be long ("Scans — GCN: 2, GT: 3"): it wraps on a narrow panel, never cut.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.title.setMinimumWidth(60)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        # A tool bar of actions: when the editor leaves the panel narrow (1366 px screens, long Vietnamese
        # labels) the ones that do not fit go into its » menu, where they work as menu entries.
        bar = QToolBar()
        bar.setObjectName("scanToolBar")
        bar.setIconSize(QSize(16, 16))
        bar.setMovable(False)
        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QToolButton] = {}
        # Icons from the Qt style (every platform draws them) or short words: symbol glyphs such as
        # rotate arrows are missing from the fonts on many office machines and show as boxes.
        sp = QStyle.StandardPixmap
        for key, text, icon, tip, slot in (
            ("add", tr("Thêm trang"), None, tr("Thêm trang từ tệp (hoặc kéo thả tệp vào danh sách)"),
             self.add_files_dialog),
            ("full", tr("Toàn màn hình"), None, tr("Xem trang toàn màn hình (F11 hoặc nháy đúp vào trang)"),
             self.full_screen),
            ("left", tr("Xoay trái"), sp.SP_ArrowBack, tr("Xoay trái"), lambda: self.rotate(-90)),
            ("right", tr("Xoay phải"), sp.SP_ArrowForward, tr("Xoay phải"), lambda: self.rotate(90)),
            ("move", tr("Chuyển…"), None, tr("Chuyển trang…"), self.move_menu),
            ("delete", tr("Xóa"), sp.SP_TrashIcon, tr("Xóa trang (vào thùng rác)"), self.delete_current),
            ("phone", tr("Điện thoại"), None, tr("Chụp bằng điện thoại (qua mạng văn phòng)"), self.phone_capture),
            ("escl", tr("Máy quét mạng"), None, tr("Quét từ máy quét mạng"), self.network_scan),
            # last, so they are the ones behind » on a narrow panel: Ctrl+wheel zooms too
            ("fit", tr("Vừa khung"), None, tr("Vừa khung: cả trang / vừa chiều ngang"), lambda: self.canvas.toggle_fit()),
            ("zoom_in", tr("Phóng to"), None, tr("Phóng to (Ctrl+lăn chuột)"), lambda: self.canvas.zoom_by(1.25)),
            ("zoom_out", tr("Thu nhỏ"), None, tr("Thu nhỏ"), lambda: self.canvas.zoom_by(0.8)),
        ):
            act = QAction(text, self)
            if icon is not None:
                act.setIcon(self.style().standardIcon(icon))
            act.setToolTip(tip)
            act.setObjectName(f"scan_{key}")
            act.triggered.connect(lambda _=False, f=slot: f())
            bar.addAction(act)
            b = bar.widgetForAction(act)
            b.setObjectName(f"scan_{key}")
            b.setAccessibleName(tip)
            if icon is not None:
                b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self.actions_[key] = act
            self.buttons[key] = b
        self.actions_["full"].setShortcut(QKeySequence("F11"))
        self.actions_["full"].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.actions_["full"])  # F11 from anywhere in the editor's window
        self.strip = ThumbStrip()
        self.strip.currentRowChanged.connect(self._show_current)
        self.strip.order_changed.connect(self._reordered)
        self.strip.files_dropped.connect(self.add_files)
        self.strip.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.strip.customContextMenuRequested.connect(lambda pos: self.move_menu(self.strip.mapToGlobal(pos)))
        self.canvas = PageCanvas()
        self.canvas.double_clicked.connect(self.full_screen)
        self.info = QLabel("")
        self.info.setObjectName("scanInfo")
        self.info.setWordWrap(True)
        self.notice = QLabel("")
        self.notice.setObjectName("scanNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b71c1c;")
        self.notice.setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(head)
        lay.addWidget(bar)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.strip)
        lay.addWidget(self.info)
        lay.addWidget(self.notice)
        self.setAcceptDrops(True)
        wctx.hub.changes_applied.connect(self._changes)
        self._enable()

    # ---- loading ----------------------------------------------------------------------------

    def show_dossier(self, dossier_id: str | None) -> None:
        self.dossier_id = dossier_id
        if dossier_id is None:
            self._set_views([])
            self.title.setText(tr("Bản quét (lưu hồ sơ trước khi thêm trang)"))
            return
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        did = self.dossier_id
        if did is None:
            return
        Op(self.wctx, lambda ctx: scans.dossier_page_views(ctx, did), parent=self, kind="read") \
            .success(lambda views: self._loaded(did, views, keep)).run()

    def _loaded(self, did: str, views: list, keep: str | None) -> None:
        if did != self.dossier_id:
            return  # the officer moved on to another dossier meanwhile
        self._set_views(views, keep)

    def _set_views(self, views: list, keep: str | None = None) -> None:
        current = keep or self.current_page_id()
        self.views = views
        lang = self.wctx.lang
        self.strip.blockSignals(True)
        self.strip.clear()
        counts: dict[str, int] = {}
        select = 0
        for i, v in enumerate(views):
            p = v.page
            counts[p.kind] = counts.get(p.kind, 0) + 1
            label = f"{short_kind(p.kind)} {p.position}"
            item = QListWidgetItem(thumb_icon(v, label), "")
            item.setData(ROLE, p.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
            tips = [page_caption(p.kind, p.position, lang), f"{p.width}×{p.height}, {p.dpi} dpi"]
            if p.problems:
                tips.append("⚠ " + ", ".join(quality.label(c, lang) for c in p.problems))
            if not v.exists:
                tips.append(tr("Thiếu tệp ảnh"))
            item.setToolTip("\n".join(tips))
            self.strip.addItem(item)
            if p.id == current:
                select = i
        self.strip.blockSignals(False)
        summary = ", ".join(f"{short_kind(k)}: {n}" for k, n in counts.items())
        self.title.setText(tr("Bản quét — {pages}").format(pages=summary) if summary else tr("Bản quét — chưa có trang"))
        self.title.setToolTip(self.title.text())
        if views:
            self.strip.setCurrentRow(select)
            self._show_current(select)
        else:
            self.canvas.set_page(None)
            self.info.setText(tr("Kéo thả ảnh quét vào đây hoặc bấm “Thêm trang”.") if self.dossier_id else "")
        self._enable()
        self.pages_shown.emit(len(views))

    def _enable(self) -> None:
        has = self.current_page_id() is not None
        for key in ("full", "left", "right", "fit", "zoom_in", "zoom_out", "move", "delete"):
            self.actions_[key].setEnabled(has)
        for key in ("add", "phone", "escl"):
            self.actions_[key].setEnabled(self.dossier_id is not None)

    def current_page_id(self) -> str | None:
        item = self.strip.currentItem()
        return item.data(ROLE) if item is not None else None

    def current_caption(self) -> str:
        v = self.current_view()
        return page_caption(v.page.kind, v.page.position, self.wctx.lang) if v is not None else ""

    def full_screen(self) -> None:
        """The current page in the full-screen viewer (widgets/page_view.py)."""
        if self.current_view() is not None:
            self.viewer = FullScreenViewer.show_for(self)
            self.viewer.destroyed.connect(lambda *_: setattr(self, "viewer", None))

    def current_view(self) -> scans.PageView | None:
        pid = self.current_page_id()
        return next((v for v in self.views if v.page.id == pid), None)

    def _show_current(self, row: int) -> None:
        v = self.views[row] if 0 <= row < len(self.views) else None
        self.canvas.set_page(v)
        if v is not None:
            p = v.page
            parts = [page_caption(p.kind, p.position, self.wctx.lang),
                     f"{p.dpi} dpi", f"{p.size / 1024:.0f} KB"]
            if p.problems:
                parts.append("⚠ " + ", ".join(quality.label(c, self.wctx.lang) for c in p.problems))
            self.info.setText(" · ".join(parts))
        self._enable()

    # Files dropped anywhere on the panel (the page, the title) are added like drops on the strip.
    def dragEnterEvent(self, e):
        if e.mimeData().hasUrls() and self.dossier_id is not None:
            e.acceptProposedAction()

    def dropEvent(self, e):
        files = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if files:
            e.acceptProposedAction()
            self.add_files(files)

    def _changes(self, changes, initiator) -> None:
        if Change.SCANS in changes and initiator is not self and self.dossier_id:
            self.reload()

    # ---- actions ----------------------------------------------------------------------------

    def add_files_dialog(self) -> None:
        files = FilePick.open_many(self, tr("Thêm trang quét"), f"{tr('Ảnh quét')} {IMAGE_PATTERNS}")
        if files:
            self.add_files(files)

    def add_files(self, files: list) -> None:
        if self.dossier_id is None:
            return
        did, kind, ws, paths = self.dossier_id, self.kind.currentData(), self.wctx.ws, [Path(f) for f in files]
        Op(self.wctx, lambda job: scans.intake_files(ws, paths, did, kind, progress=job.progress,  # one transaction
                                                     cancel=job.cancel), parent=self, kind="plain") \
            .with_progress(tr("Đang thêm trang quét…")).success(self._added).run(initiator=self)

    def _added(self, rep) -> None:
        lang = self.wctx.lang
        if rep.changes:
            self.wctx.hub.changes_applied.emit(rep.changes, self)
        notes = ([rep.stop_message(lang)] if rep.stop_message(lang) else []) + [r.message(lang) for r in rep.refused]
        notes += [tr("Trang gần giống trang đã có: ") + "; ".join(a.near) for a in rep.added if a.near]
        self.notice.setText("\n".join(notes[:6]))
        self.notice.setVisible(bool(notes))
        if notes:  # not a modal box: the officer keeps typing; the notice stays until the next add
            self.wctx.hub.status_message.emit(notes[0])
        self.reload(rep.added[0].page_id if rep.added else None)

    def phone_capture(self) -> None:
        from landdesk.ui.dialogs.phone_capture import PhoneCaptureDialog

        if self.dossier_id is not None:
            PhoneCaptureDialog.ask(self, self.wctx, self.dossier_id, self.kind.currentData())

    def network_scan(self) -> None:
        from landdesk.ui.dialogs.escl_scan import EsclScanDialog

        if self.dossier_id is not None:
            EsclScanDialog.ask(self, self.wctx, self.dossier_id, self.kind.currentData())

    def rotate(self, degrees: int) -> None:
        pid = self.current_page_id()
        if pid:
            Op(self.wctx, lambda ctx: scans.rotate_page(ctx, pid, degrees), parent=self) \
                .success(lambda _: self.reload(pid)).run(initiator=self)

    def delete_current(self) -> None:
        pid = self.current_page_id()
        if pid:
            Op(self.wctx, lambda ctx: scans.delete_page(ctx, pid), parent=self) \
                .success(lambda _: self.reload()).run(initiator=self)

    def _reordered(self) -> None:
        order = self.strip.page_ids()
        kinds = {v.page.id: v.page.kind for v in self.views}
        groups: dict[str, list[str]] = {}
        for pid in order:
            groups.setdefault(kinds.get(pid, ""), []).append(pid)
        current = self.current_page_id()

        def work(ctx):
            for ids in groups.values():
                scans.reorder_pages(ctx, ids)

        Op(self.wctx, work, parent=self).success(lambda _: self.reload(current)).run(initiator=self)

    def move_to(self, dossier: str | None, kind: str | None) -> None:
        pid = self.current_page_id()
        if pid:
            Op(self.wctx, lambda ctx: scans.move_page(ctx, pid, dossier, kind), parent=self) \
                .success(lambda _: self.reload(pid)).run(initiator=self)

    def move_menu(self, pos=None) -> None:
        if self.current_page_id() is None:
            return
        menu = QMenu(self)
        for k in DocKind:
            act = QAction(tr("Chuyển sang: ") + kind_label(k.value, self.wctx.lang), menu)
            act.triggered.connect(lambda _=False, k=k.value: self.move_to(self.dossier_id, k))
            menu.addAction(act)
        menu.addSeparator()
        other = QAction(tr("Chuyển sang hồ sơ khác…"), menu)
        other.triggered.connect(self._move_other)
        menu.addAction(other)
        tray = QAction(tr("Trả về khay chưa gán"), menu)
        tray.triggered.connect(lambda: self.move_to(None, None))
        menu.addAction(tray)
        menu.addSeparator()
        delete = QAction(tr("Xóa trang (vào thùng rác)"), menu)
        delete.triggered.connect(self.delete_current)
        menu.addAction(delete)
        if pos is None:
            pos = self.buttons["move"].mapToGlobal(self.buttons["move"].rect().bottomLeft())
        menu.popup(pos)

    def _move_other(self) -> None:
        target = DossierPrompt.ask(self)
        if target:
            self.move_to(target, None)


def make_scan_panel(wctx) -> QWidget:
    return ScanPanel(wctx)
