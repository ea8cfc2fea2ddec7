"""A scanned page on screen: the canvas (fit, zoom, pan) beside the form, and the full-screen viewer.

The full-screen viewer (double click on the page or F11) shows the page as large as the screen allows,
its tool bar always in sight at the top, with keys that need no mouse: PgUp/PgDn pages, + and - zoom,
0 fits, L and R rotate, Esc or F11 closes. It shows and turns the panel's own pages, so the two never
disagree.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QToolBar,
    QVBoxLayout,
)

from landdesk.media import thumbnails
from landdesk.services import scans


def tr(text: str) -> str:
    return QCoreApplication.translate("Scans", text)


def pil_to_qimage(im: Image.Image) -> QImage:
    if im.mode == "L":
        data = im.tobytes()
        return QImage(data, im.width, im.height, im.width, QImage.Format.Format_Grayscale8).copy()
    im = im.convert("RGB")
    data = im.tobytes()
    return QImage(data, im.width, im.height, 3 * im.width, QImage.Format.Format_RGB888).copy()




class PageCanvas(QGraphicsView):
    """One page: fit the width (to read) or the whole page, zoom (Ctrl+wheel or buttons), pan by dragging;
    a double click asks for the full-screen viewer."""

    double_clicked = Signal()

    def __init__(self):
        super().__init__()
        self.setObjectName("scanCanvas")
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#5f6368"))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view: scans.PageView | None = None
        self.fit_mode: str | None = "width"  # "width", "page", or None when zoomed by hand
        self.zoom = 1.0
        self._full = False  # the pixmap holds the page at full resolution

    def set_page(self, view: scans.PageView | None) -> None:
        self.view = view
        self.zoom, self._full = 1.0, False
        self._render_fit(self.fit_mode or "width")

    def _render_fit(self, mode: str) -> None:
        self.fit_mode = mode
        if self.view is None or not self.view.exists:
            self.item.setPixmap(QPixmap())
            self.scene().setSceneRect(0, 0, 1, 1)
            return
        ratio = self.devicePixelRatioF()
        vp = self.viewport().size()
        w, h = max(200, int((vp.width() - 4) * ratio)), max(200, int((vp.height() - 4) * ratio))
        box = (w, 20 * h) if mode == "width" else (w, h)
        im = thumbnails.render(self.view.file, self.view.page.rotation, box)
        self.item.setPixmap(QPixmap.fromImage(pil_to_qimage(im)))
        self.scene().setSceneRect(self.item.boundingRect())
        self.resetTransform()
        self.scale(1 / ratio, 1 / ratio)
        if mode == "page":
            self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self.centerOn(self.item.boundingRect().center().x(), 0)
        self._full = False

    def fit(self) -> None:
        self.zoom = 1.0
        self._render_fit("page")

    def toggle_fit(self) -> None:
        self.zoom = 1.0
        self._render_fit("page" if self.fit_mode == "width" else "width")

    def zoom_by(self, factor: float) -> None:
        if self.view is None or not self.view.exists:
            return
        if not self._full:  # zooming needs the real pixels, loaded once
            p = self.view.page
            im = thumbnails.render(self.view.file, p.rotation, (max(p.width, p.height),) * 2)
            old = self.item.pixmap().width() or 1
            self.item.setPixmap(QPixmap.fromImage(pil_to_qimage(im)))
            self.scene().setSceneRect(self.item.boundingRect())
            self.scale(old / im.width, old / im.width)
            self._full = True
        self.fit_mode = None
        self.zoom *= factor
        self.scale(factor, factor)

    def wheelEvent(self, e):
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.25 if e.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(e)

    def mouseDoubleClickEvent(self, e):  # noqa: N802 (Qt override)
        self.double_clicked.emit()

    def resizeEvent(self, e):
        super().resizeEvent(e)
        if self.fit_mode and self.view is not None:
            self._render_fit(self.fit_mode)


class FullScreenViewer(QDialog):
    """The page of `panel` (a ScanPanel) full screen; its keys drive the panel's pages and rotation."""

    def __init__(self, panel):
        super().__init__(panel.window())
        self.panel = panel
        self.setObjectName("pageViewer")
        self.setWindowTitle(tr("Xem trang quét"))
        self.canvas = PageCanvas()
        self.canvas.double_clicked.connect(self.close)
        bar = QToolBar()
        bar.setObjectName("viewerToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, keys, slot in (
            ("prev", tr("◀ Trang trước"), ["PgUp"], lambda: self.step(-1)),
            ("next", tr("Trang sau ▶"), ["PgDown"], lambda: self.step(1)),
            ("zoom_in", tr("Phóng to +"), ["+", "=", "Ctrl++"], lambda: self.canvas.zoom_by(1.25)),
            ("zoom_out", tr("Thu nhỏ −"), ["-", "Ctrl+-"], lambda: self.canvas.zoom_by(0.8)),
            ("fit", tr("Vừa màn hình (0)"), ["0", "Ctrl+0"], self.canvas.fit),
            ("width", tr("Vừa chiều ngang (W)"), ["W"], lambda: self.canvas._render_fit("width")),
            ("left", tr("Xoay trái (L)"), ["L"], lambda: self.panel.rotate(-90)),
            ("right", tr("Xoay phải (R)"), ["R"], lambda: self.panel.rotate(90)),
            ("close", tr("Đóng (Esc)"), ["Esc", "F11"], self.close),
        ):
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setToolTip(f"{text} — {', '.join(keys)}")
            act.triggered.connect(slot)
            bar.addAction(act)
            self.actions_[key] = act
        self.where = QLabel()
        self.where.setObjectName("viewerPage")
        self.where.setStyleSheet("padding: 0 12px; font-weight: bold;")
        bar.addWidget(self.where)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(bar)
        lay.addWidget(self.canvas, 1)
        panel.pages_shown.connect(self._refresh)
        self.canvas.fit_mode = "page"
        self._refresh()

    def _refresh(self, *_args) -> None:
        view = self.panel.current_view()
        self.canvas.set_page(view)
        row, total = self.panel.strip.currentRow(), self.panel.strip.count()
        self.where.setText(self.panel.current_caption() + (f"  ({row + 1}/{total})" if total else ""))
        self.actions_["prev"].setEnabled(row > 0)
        self.actions_["next"].setEnabled(0 <= row < total - 1)
        for key in ("zoom_in", "zoom_out", "fit", "width", "left", "right"):
            self.actions_[key].setEnabled(view is not None)

    def step(self, delta: int) -> None:
        row = self.panel.strip.currentRow() + delta
        if 0 <= row < self.panel.strip.count():
            self.panel.strip.setCurrentRow(row)
            self._refresh()

    def done(self, result: int) -> None:
        try:
            self.panel.pages_shown.disconnect(self._refresh)
        except RuntimeError:
            pass
        super().done(result)

    @classmethod
    def show_for(cls, panel, full_screen: bool = True) -> FullScreenViewer:
        """Open (not modal: the form stays usable behind it) and return the viewer."""
        viewer = cls(panel)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if full_screen:
            viewer.showFullScreen()
        else:
            viewer.show()
        viewer.activateWindow()
        viewer.canvas.setFocus()  # the keys are the viewer's now, not the form field's behind it
        return viewer
