"""Print a PDF we made (the citizen's receipt) through Qt: preview, printer choice, pages rendered
with pypdfium2 at the printer's resolution (at most 300 dpi) and scaled to the paper."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

MAX_DPI = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("Workbooks", text)


def render_pdf(path: Path | str, printer: QPrinter) -> int:
    """Draw every page of the PDF on the printer; returns the number of pages."""
    doc = pdfium.PdfDocument(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
        return 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for i in range(len(doc)):
            if i:
                printer.newPage()
            page = doc[i]
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes()
            img = QImage(data, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
            area = painter.viewport()
            k = min(area.width() / img.width(), area.height() / img.height())
            w, h = int(img.width() * k), int(img.height() * k)
            painter.drawImage(QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h), img)
        return len(doc)
    finally:
        painter.end()
        doc.close()


def a5_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


class PrintPdf:
    @classmethod
    def ask(cls, parent: QWidget | None, path: Path | str, title: str = "") -> bool:
        """Show the print preview (with its print button); True when it was printed."""
        printer = a5_printer()
        dlg = QPrintPreviewDialog(printer, parent)
        dlg.setWindowTitle(title or tr("In giấy biên nhận"))
        dlg.paintRequested.connect(lambda p: render_pdf(path, p))
        return bool(dlg.exec())
