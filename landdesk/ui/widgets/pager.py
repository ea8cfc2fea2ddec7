"""Previous / next for a list read a page at a time (services.province.pages.Page)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from landdesk.domain.values import format_number


def tr(text: str) -> str:
    return QCoreApplication.translate("Pager", text)


class Pager(QWidget):
    """'‹ Trang trước · Trang 2/7 (1.234 dòng) · Trang sau ›'; `moved` carries the offset to read."""

    moved = Signal(int)

    def __init__(self, lang: str = "vi", name: str = "pager"):
        super().__init__()
        self.setObjectName(name)
        self.lang = lang
        self.offset, self.size, self.total = 0, 1, 0
        self.prev = QPushButton(tr("‹ Trang trước"))
        self.prev.setObjectName(f"{name}_prev")
        self.next = QPushButton(tr("Trang sau ›"))
        self.next.setObjectName(f"{name}_next")
        self.label = QLabel("")
        self.label.setObjectName(f"{name}_label")
        self.prev.clicked.connect(lambda: self.moved.emit(max(0, self.offset - self.size)))
        self.next.clicked.connect(lambda: self.moved.emit(self.offset + self.size))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.prev)
        lay.addWidget(self.next)
        self.show_page(None)

    def show_page(self, page) -> None:
        """The page just shown (None: nothing yet)."""
        if page is None:
            self.offset, self.size, self.total = 0, 1, 0
            self.label.setText("")
        else:
            self.offset, self.size, self.total = page.offset, page.size, page.total
            self.label.setText(tr("Trang {n}/{of} ({total} dòng)").format(
                n=format_number(page.number, self.lang), of=format_number(page.pages, self.lang),
                total=format_number(page.total, self.lang)))
        self.prev.setEnabled(self.offset > 0)
        self.next.setEnabled(self.offset + self.size < self.total)
        self.setVisible(self.total > self.size)  # one page: nothing to turn
