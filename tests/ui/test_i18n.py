"""English interface from resources/translations/landdesk_en.ts; every string has its translation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from landdesk.domain.resources import resources_dir

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))  # the developer tools (tools/i18n_build.py, tools/i18n_update.py)


def test_every_source_string_is_translated():
    from i18n_update import untranslated

    ts = resources_dir() / "translations" / "landdesk_en.ts"
    assert ET.parse(ts).getroot().get("sourcelanguage") == "vi"
    assert untranslated(ts) == []


def test_window_in_english(qtbot, ws, make_window):
    import i18n_build

    from landdesk.ui import app

    i18n_build.build()
    try:
        win = make_window(lang="en")
        titles = [a.text() for a in win.menuBar().actions() if a.isVisible()]
        assert "&File" in titles and "&Help" in titles
        assert win.page("records").search.placeholderText().startswith("Search by name")
        assert win.page("form").cert.title() == "Certificate"
    finally:
        app.install_language(app.ensure_app(), "vi")


def test_selftest_command():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-m", "landdesk", "selftest", "--json"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads(p.stdout)
    assert out["ok"] and {"records", "form", "dashboard"} <= set(out["views"])


def test_qt_own_buttons_in_vietnamese(qtbot):
    """Qt ships no Vietnamese: the standard buttons and text-field menus come from our qt_vi."""
    import i18n_build
    from PySide6.QtWidgets import QDialogButtonBox

    from landdesk.ui import app

    i18n_build.build()
    app.install_language(app.ensure_app(), "vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel,
                                           QDialogButtonBox.StandardButton.Yes, QDialogButtonBox.StandardButton.No)}
    assert texts == {"Đồng ý", "Hủy", "&Có", "&Không"}
    try:
        app.install_language(app.ensure_app(), "en")
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box2)
        assert box2.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        app.install_language(app.ensure_app(), "vi")


# Qt's strings that are not words to translate: key names, a layout switch, paper names and sizes.
NOT_WORDS = {("QGuiApplication", "QT_LAYOUT_DIRECTION"), ("QShortcut", "Ctrl")}


def test_qt_own_dialogs_have_no_english_in_vietnamese(qtbot, tmp_path):
    """Issue 13 §16: every string Qt's own dialogs look up (file dialog, wizard, message box, input,
    print preview, print and page set-up) has a Vietnamese translation in qt_vi."""
    import i18n_build
    from PySide6.QtCore import QMimeDatabase, QTranslator
    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import (
        QFileDialog,
        QInputDialog,
        QLineEdit,
        QMessageBox,
        QProgressDialog,
        QTextBrowser,
        QWizard,
        QWizardPage,
    )

    from landdesk.ui import app

    i18n_build.build()
    qapp = app.ensure_app()
    missed: set[tuple[str, str]] = set()

    class Untranslated(QTranslator):  # asked only when qt_vi had no answer
        def translate(self, context, source, disambiguation=None, n=-1):
            if context and context.startswith("Q") and source:
                missed.add((context, source))
            return ""

    for t in app._installed:
        qapp.removeTranslator(t)

    def kinds() -> dict[str, str]:
        names = ("a.jpg", "a.png", "a.tif", "a.pdf", "a.xlsx", "a.xls", "a.ods", "a.csv", "a.zip")
        return {n: QMimeDatabase().mimeTypeForFile(str(tmp_path / n)).comment() for n in names}

    recorder = Untranslated()
    qapp.installTranslator(recorder)
    app.install_language(qapp, "vi")  # installed after the recorder: asked first
    try:
        shown = []
        d = QFileDialog(None, "x", str(tmp_path), "Ảnh (*.jpg)")
        d.setOption(QFileDialog.Option.DontUseNativeDialog)
        shown.append(d)
        wiz = QWizard()
        wiz.addPage(QWizardPage())
        wiz.addPage(QWizardPage())
        box = QMessageBox(QMessageBox.Icon.Warning, "t", "x", QMessageBox.StandardButton.Ok)
        box.setDetailedText("d")
        printer = QPrinter()
        shown += [wiz, box, QInputDialog(), QProgressDialog(), QPrintPreviewDialog(printer), QPrintDialog(printer),
                  QPageSetupDialog(printer)]
        for w in shown:
            w.show()
            qtbot.wait(5)
        d.setFileMode(QFileDialog.FileMode.Directory)
        d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        for edit in (QLineEdit(), QTextBrowser()):
            edit.createStandardContextMenu()
        for w in shown:
            w.close()
    finally:
        qapp.removeTranslator(recorder)
    # The type column names each file from the MIME database, which knows every kind of file there is: the
    # kinds an officer opens or saves are translated, whatever else lies in the folder is not checked.
    english = sorted((c, s) for c, s in missed - NOT_WORDS
                     if c not in ("QPageSize", "QMimeType") and not s.startswith(("Alt+", "Ctrl+")))
    assert english == [], english

    english_kinds = {"JPEG image", "PNG image", "TIFF image", "PDF document", "Microsoft Excel Worksheet",
                     "OpenDocument Spreadsheet", "CSV document", "Zip archive"}
    assert [(n, c) for n, c in kinds().items() if c in english_kinds] == []


def test_switching_the_language_applies_at_once(qtbot, make_window, monkeypatch):
    """Issue 13 §16: Settings → English gives an English window at once (same workspace and user), no
    restart; plural forms follow the count."""
    from landdesk.ui import app
    from landdesk.ui.dialogs.settings import SettingsDialog
    from landdesk.ui.models.records_model import tr as records_tr

    win = make_window(lang="vi")
    win.show_view("form")
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, current: {"lang": "en", "idle_minutes": 7}))
    try:
        win.open_settings()
        new = app._front[0]
        assert new is not win and new.wctx.lang == "en" and new.isVisible() and not win.isVisible()
        assert "&File" in [a.text() for a in new.menuBar().actions() if a.isVisible()]
        assert new.current_view_id() == "form" and new.wctx.ws is win.wctx.ws
        assert new.wctx.settings.value("ui/lang") == "en"
        assert (records_tr("%n lỗi", 1), records_tr("%n lỗi", 2)) == ("1 error", "2 errors")
        new.close()  # as at the end of a day: closed while its database thread still runs, then stopped
        new.wctx.runner.wait_idle()
        new.wctx.runner.shutdown()
        new.deleteLater()
    finally:
        app._front.clear()
        app.install_language(app.ensure_app(), "vi")
