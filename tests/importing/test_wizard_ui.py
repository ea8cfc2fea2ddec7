"""The GUI: import wizard (dry run, mapping dialog, import), menu actions, receipt printing."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import Workbook

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def win(qtbot, ws, monkeypatch, tmp_path_factory):
    from PySide6.QtCore import QSettings

    from landdesk.ui import tasks
    from landdesk.ui.app import build_window, make_settings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs")))
    errors = []
    monkeypatch.setattr(tasks, "show_error", lambda parent, exc, lang: errors.append(exc))
    w = build_window(ws, lang="vi", settings=make_settings())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.wctx.runner.wait_idle(10)
    w.wctx.runner.shutdown()
    assert not errors, errors


def _count(ws) -> int:
    from landdesk.storage.commune import imports

    return len(ws.read(lambda ctx: imports.all_ids_in_order(ctx.session)))


def test_wizard_dry_run_then_import_valid_rows(qtbot, win, ws):
    from landdesk.ui.dialogs.import_wizard import ImportWizard

    wiz = ImportWizard(win.wctx, win)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.files.path.setText(str(FIXTURES / "commune_register.xlsx"))
    assert wiz.files.isComplete()
    wiz.next()
    qtbot.waitUntil(lambda: wiz.result is not None, timeout=10000)
    assert not wiz.check.isComplete()  # all-or-nothing with a bad row: nothing to import
    assert "từ chối 1" in wiz.check.summary.text()
    # three refused cells, and the signature line under the table skipped (a warning, with its row)
    assert wiz.check.table.rowCount() == 4 and wiz.check.table.item(0, 1).text() == "10"
    assert wiz.check.table.item(3, 1).text() == "12" and "chữ ký" in wiz.check.table.item(3, 4).text()
    assert "Cột không lưu" in wiz.check.summary.text() and "STT" in wiz.check.summary.text()
    wiz.back()
    wiz.files.valid_only.setChecked(True)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.result is not None and wiz.check.isComplete(), timeout=10000)
    assert _count(ws) == 0  # the dry run wrote nothing
    wiz.accept()
    qtbot.waitUntil(lambda: wiz.imported is not None, timeout=10000)
    assert wiz.imported.added == 2 and _count(ws) == 2


def test_unknown_register_mapped_by_hand_and_kept(qtbot, win, ws, tmp_path, monkeypatch):
    from landdesk.services import dossiers
    from landdesk.services.importing.service import custom_maps
    from landdesk.ui.dialogs.column_mapping import ColumnMappingDialog
    from landdesk.ui.dialogs.import_wizard import ImportWizard

    book = Workbook()
    book.active.append(["Sổ theo dõi thôn Đông"])
    book.active.append(["Seri sổ", "Chủ hộ", "Năm sinh chủ hộ", "Tờ", "Thửa", "Ghi chú"])
    book.active.append(["CS 777001", "Hoàng Văn Tư", 1961, "4", "17", "đã thu"])
    path = tmp_path / "so-thon.xlsx"
    book.save(path)

    chosen = {0: "serial", 1: "holder_name", 2: "holder_birth", 3: "sheet_cert", 4: "parcel_cert"}

    def fake_ask(parent, headers, mapping, sample, lang="vi"):
        dlg = ColumnMappingDialog(parent, headers, mapping, sample, lang, name="Sổ thôn")
        assert sample[0][0] == "CS 777001"
        for i, f in chosen.items():
            dlg.pickers[i].setCurrentIndex(dlg.pickers[i].findData(f))
        return dlg.column_map(), True

    monkeypatch.setattr(ColumnMappingDialog, "ask", classmethod(lambda cls, *a, **k: fake_ask(*a, **k)))
    wiz = ImportWizard(win.wctx, win)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.files.path.setText(str(path))
    wiz.next()
    qtbot.waitUntil(lambda: "ánh xạ cột" in wiz.check.summary.text().lower(), timeout=10000)
    wiz.edit_mapping()
    qtbot.waitUntil(lambda: wiz.result is not None, timeout=10000)
    assert wiz.result.added == 1 and wiz.result.map_id == "custom-so-thon"
    qtbot.waitUntil(lambda: [m.id for m in ws.read(custom_maps)] == ["custom-so-thon"], timeout=10000)
    wiz.accept()
    qtbot.waitUntil(lambda: wiz.imported is not None, timeout=10000)
    d = ws.read(lambda ctx: dossiers.get_dossier(ctx, "1"))
    assert d.holders[0].name == "HOÀNG VĂN TƯ" and d.holders[0].birth.year == 1961


def test_menu_actions_and_receipt_printing(qtbot, win, ws, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtPrintSupport import QPrinter

    from landdesk.services.dossiers import save_dossier
    from landdesk.ui.dialogs import print_pdf
    from landdesk.ui.dialogs.common import TextPrompt
    from tests.factories import couple_dossier

    d = ws.transact(lambda ctx: save_dossier(ctx, couple_dossier(), allow_errors=True)).dossier
    names = {a.objectName() for a in win.findChildren(QAction)}
    assert {"actionImportForm01", "actionPrintReceipt"} <= names
    printed = []
    monkeypatch.setattr(TextPrompt, "ask", classmethod(lambda cls, *a, **k: str(d.num)))
    monkeypatch.setattr(print_pdf.PrintPdf, "ask", classmethod(lambda cls, parent, path, title="": printed.append(path)))
    win.findChild(QAction, "actionPrintReceipt").trigger()
    qtbot.waitUntil(lambda: bool(printed), timeout=10000)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf.render_pdf(printed[0], printer) == 2
    assert len(pdfium.PdfDocument(out)) == 2
