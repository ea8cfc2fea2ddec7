"""Tooltips on cut cells: a table or tree cell (or header) too narrow for its text shows the whole text
when the pointer rests on it — on a 1366 px screen, or at 125 % scaling, columns are narrow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyleOptionViewItem, QToolTip

PADDING = 8  # the style's text margins inside a cell, both sides


class CutCellTips(QObject):
    """Installed on a view's viewport (and its headers'): a cut cell's tooltip is its whole text; a cell
    that fits keeps the model's own tooltip, if any."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)
        for header in (getattr(view, "horizontalHeader", None), getattr(view, "header", None)):
            h = header() if header is not None else None
            if isinstance(h, QHeaderView):
                h.viewport().installEventFilter(self)
                self.header = h

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ToolTip:
            return False
        header = getattr(self, "header", None)
        if header is not None and obj is header.viewport():
            tip = self._header_tip(header, event.pos())
        else:
            tip = self._cell_tip(event.pos())
        if tip:
            QToolTip.showText(event.globalPos(), tip, obj)
        else:
            QToolTip.hideText()
        return True

    def _cell_tip(self, pos) -> str:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return ""
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or text == "":
            return str(own or "")
        text = str(text)
        rect = self.view.visualRect(index)
        opt = QStyleOptionViewItem()
        opt.initFrom(self.view)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        room = rect.width() - PADDING - (self.view.iconSize().width() + 4 if icon is not None else 0)
        room -= self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, self.view)
        needed = max(self.view.fontMetrics().horizontalAdvance(line) for line in text.splitlines() or [""])
        if needed > room:
            return text if not own or str(own) == text else f"{text}\n{own}"
        return str(own or "")

    def _header_tip(self, header: QHeaderView, pos) -> str:
        section = header.logicalIndexAt(pos)
        if section < 0:
            return ""
        model = header.model()
        text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
        own = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
        needed = header.fontMetrics().horizontalAdvance(text) + 2 * PADDING + 12  # the sort arrow
        if text and needed > header.sectionSize(section):
            return text
        return str(own or "")


def cut_cell_tips(view: QAbstractItemView) -> CutCellTips:
    return CutCellTips(view)
