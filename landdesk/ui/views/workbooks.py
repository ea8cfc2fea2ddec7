"""Menu actions for workbooks and printouts (no view of their own): import and export Form 01,
the campaign report workbook, and the citizen's receipt with print preview."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from landdesk.services import reports
from landdesk.services.exporting import export_form01
from landdesk.services.exporting.report_workbook import write_report
from landdesk.services.receipts import receipt_info, receipt_pdf
from landdesk.ui.dialogs.common import TextPrompt
from landdesk.ui.dialogs.import_wizard import ImportWizard
from landdesk.ui.dialogs.print_pdf import PrintPdf
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.filepick import EXCEL, FilePick


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Workbooks", text, None, n)  # n: a count, for the plural form ("1 dossier", "2 dossiers")


def import_form01(window) -> None:
    ImportWizard.ask(window.wctx, window)


def export_workbook(window, variant: str) -> None:
    wctx = window.wctx
    name = "mau01-vbdlis.xlsx" if variant == "vbdlis" else "mau01.xlsx"
    out = FilePick.save(window, tr("Xuất Mẫu 01"), name, EXCEL)
    if not out:
        return
    Op(wctx, lambda ctx, job: export_form01(ctx, Path(out), variant=variant, progress=job.progress,
                                            cancel=job.cancel), parent=window, kind="read") \
        .with_progress(tr("Đang xuất Mẫu 01…")) \
        .success(lambda r: wctx.hub.status_message.emit(
            tr("Đã ghi {rows} dòng ({n} hồ sơ) vào {p}", r.dossiers).format(rows=r.rows, n=r.dossiers, p=out))).run()


def report_workbook(window) -> None:
    wctx = window.wctx
    out = FilePick.save(window, tr("Báo cáo tiến độ"), "bao-cao-tien-do.xlsx", EXCEL)
    if not out:
        return
    Op(wctx, lambda ctx: write_report(reports.campaign_figures(ctx), Path(out)), parent=window, kind="read") \
        .success(lambda p: wctx.hub.status_message.emit(tr("Đã ghi báo cáo vào {p}").format(p=p))).run()


def _current_dossier(window) -> str | None:
    page = getattr(window, "page", None)
    editor = page("form") if page else None
    d = getattr(editor, "dossier", None)
    return d.id if d is not None and d.num else None


def print_receipt(window, dossier: str | None = None) -> None:
    wctx = window.wctx
    dossier = dossier or _current_dossier(window) or TextPrompt.ask(
        window, tr("In giấy biên nhận"), tr("Số hồ sơ hoặc mã hồ sơ:"))
    if not dossier:
        return
    folder = Path(tempfile.mkdtemp(prefix="landdesk-receipt-"))

    def make(ctx):
        data = receipt_pdf(receipt_info(ctx, dossier.strip()))
        path = folder / "bien-nhan.pdf"
        path.write_bytes(data)
        return path

    Op(wctx, make, parent=window, kind="read").success(lambda p: PrintPdf.ask(window, p)).run()


def actions(window) -> list[tuple[str, QAction]]:
    imp = QAction(tr("Nhập Mẫu 01 từ bảng tính…"), window)
    imp.setObjectName("actionImportForm01")
    imp.triggered.connect(lambda: import_form01(window))
    pl3 = QAction(tr("Xuất Mẫu 01 (PL3-01)…"), window)
    pl3.triggered.connect(lambda: export_workbook(window, "pl3"))
    vbd = QAction(tr("Xuất Mẫu 01 cho VBDLIS…"), window)
    vbd.triggered.connect(lambda: export_workbook(window, "vbdlis"))
    rep = QAction(tr("Báo cáo tiến độ (Excel)…"), window)
    rep.triggered.connect(lambda: report_workbook(window))
    rec = QAction(tr("In giấy biên nhận…"), window)
    rec.setObjectName("actionPrintReceipt")
    rec.setShortcut("Ctrl+Shift+P")
    rec.triggered.connect(lambda: print_receipt(window))
    return [("file", imp), ("file", pl3), ("file", vbd), ("tools", rep), ("records", rec)]
