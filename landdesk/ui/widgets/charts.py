"""Small charts painted with QPainter (no chart library): horizontal bars with labels and values,
and a daily column chart with a cumulative line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from landdesk.domain.values import format_number

PALETTE = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#5d4037", "#455a64"]




@dataclass
class Bar:
    label: str
    value: float
    color: str = PALETTE[0]
    note: str = ""  # shown after the value (e.g. "72 %")


class BarChart(QWidget):
    """Horizontal bars, one per row, optionally against a reference line (the target)."""

    def __init__(self, lang: str = "vi", parent=None):
        super().__init__(parent)
        self.lang = lang
        self.bars: list[Bar] = []
        self.reference: float | None = None
        self.reference_label = ""
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[Bar], reference: float | None = None, reference_label: str = "") -> None:
        self.bars = bars
        self.reference = reference
        self.reference_label = reference_label
        self.updateGeometry()
        self.update()

    def _row_h(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(420, max(3, len(self.bars)) * self._row_h() + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, max(1, len(self.bars)) * self._row_h() + 24)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        w, h = self.width(), self.height()
        if not self.bars:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        label_w = min(int(w * 0.38), max(fm.horizontalAdvance(b.label) for b in self.bars) + 12)
        value_texts = [format_number(b.value, self.lang) + (f"  {b.note}" if b.note else "") for b in self.bars]
        value_w = max(fm.horizontalAdvance(t) for t in value_texts) + 10
        left, right = label_w, w - value_w
        top = 18 if self.reference else 4
        scale_max = max([b.value for b in self.bars] + [self.reference or 0, 1])
        row_h = max(self._row_h(), min(36, (h - top) // len(self.bars)))
        text_color = self.palette().text().color()
        for i, (bar, vt) in enumerate(zip(self.bars, value_texts, strict=True)):
            y = top + i * row_h
            p.setPen(text_color)
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
            bw = (right - left) * bar.value / scale_max
            rect = QRectF(left, y + 4, max(bw, 1.5), row_h - 8)
            p.fillRect(rect, QColor(bar.color))
            p.setPen(text_color)
            p.drawText(QRectF(left + bw + 6, y, value_w + 40, row_h), Qt.AlignmentFlag.AlignVCenter, vt)
        if self.reference:
            x = left + (right - left) * self.reference / scale_max
            pen = QPen(QColor("#c62828"), 1.5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, 14), QPointF(x, top + len(self.bars) * row_h))
            small = QFont(self.font())
            small.setPointSizeF(self.font().pointSizeF() * 0.85)
            p.setFont(small)
            text = self.reference_label
            tw = p.fontMetrics().horizontalAdvance(text)
            p.drawText(QPointF(min(max(x - tw / 2, 0), w - tw), 11), text)
        p.end()


class DayChart(QWidget):
    """Certificates received per day (columns, entered part darker) and the running total (line)."""

    def __init__(self, lang: str = "vi", parent=None):
        super().__init__(parent)
        self.lang = lang
        self.days: list = []  # reports.DayRow
        self.legend = ("", "", "")
        self.empty_text = ""
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_days(self, days: list, legend: tuple[str, str, str]) -> None:
        self.days = days
        self.legend = legend
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(520, 220)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        text_color = self.palette().text().color()
        if not self.days:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        days = self.days[-60:]  # the last two months stay readable
        left, right = fm.horizontalAdvance("8.888") + 10, self.width() - fm.horizontalAdvance("88.888") - 12
        top, bottom = fm.height() + 12, self.height() - fm.height() - 8
        max_day = max(max(d.received for d in days), 1)
        max_cum = max(max(d.cumulative for d in days), 1)
        n = len(days)
        step = (right - left) / n
        bar_w = max(step * 0.7, 1.0)
        # axes and grid
        grid = QColor(self.palette().mid().color())
        grid.setAlpha(90)
        for frac in (0.25, 0.5, 0.75, 1.0):
            y = bottom - (bottom - top) * frac
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(left, y), QPointF(right, y))
            p.setPen(text_color)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 4, fm.height()), Qt.AlignmentFlag.AlignRight,
                       format_number(max_day * frac, self.lang))
            p.drawText(QRectF(right + 4, y - fm.height() / 2, self.width() - right, fm.height()),
                       Qt.AlignmentFlag.AlignLeft, format_number(max_cum * frac, self.lang))
        for i, d in enumerate(days):
            x = left + i * step + (step - bar_w) / 2
            hr = (bottom - top) * d.received / max_day
            he = (bottom - top) * d.entered / max_day
            p.fillRect(QRectF(x, bottom - hr, bar_w, hr), QColor("#90caf9"))
            p.fillRect(QRectF(x, bottom - he, bar_w, he), QColor("#1565c0"))
        path = QPainterPath()
        for i, d in enumerate(days):
            pt = QPointF(left + i * step + step / 2, bottom - (bottom - top) * d.cumulative / max_cum)
            path.moveTo(pt) if i == 0 else path.lineTo(pt)
        p.setPen(QPen(QColor("#ef6c00"), 2))
        p.drawPath(path)
        # date labels: first, middle, last
        p.setPen(text_color)
        for i in sorted({0, n // 2, n - 1}):
            label = days[i].day.strftime("%d/%m")
            tw = fm.horizontalAdvance(label)
            x = min(max(left + i * step + step / 2 - tw / 2, 0), self.width() - tw)
            p.drawText(QPointF(x, self.height() - 4), label)
        # legend
        x = left
        for color, text in zip(("#90caf9", "#1565c0", "#ef6c00"), self.legend, strict=True):
            p.fillRect(QRectF(x, 4, 12, fm.height() - 4), QColor(color))
            p.setPen(text_color)
            p.drawText(QPointF(x + 16, fm.ascent() + 2), text)
            x += 16 + fm.horizontalAdvance(text) + 18
        p.end()
