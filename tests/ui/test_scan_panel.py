"""The viewer beside the editor and the scans view, on a real workspace with real page files."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from landdesk.domain.model import Dossier
from landdesk.services import dossiers, scans
from tests.media import pages


def _dossier(ws, serial: str) -> str:
    d = Dossier(commune_code="07210", village="Thôn Đông", serial=serial)
    return ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier.id


def test_viewer_beside_the_editor(qtbot, ws, window, tmp_path):
    did = _dossier(ws, "CS 500001")
    files = [pages.jpeg_page(tmp_path / f"g{i}.jpg", 100 + i) for i in range(2)]
    files.append(pages.jpeg_page(tmp_path / "gt.jpg", 110, kind="gt"))
    ws.transact(lambda ctx: scans.add_files(ctx, files[:2], did, "gcn"))
    ws.transact(lambda ctx: scans.add_files(ctx, files[2:], did, "gt"))
    low = pages.jpeg_page(tmp_path / "low.jpg", 111, dpi=120)
    ws.transact(lambda ctx: scans.add_files(ctx, [low], did, "gcn"))
    editor = window.page("form")
    panel = editor.panel
    assert panel is not None
    with qtbot.waitSignal(panel.pages_shown, timeout=10_000) as shown:
        window.wctx.hub.open_dossier.emit(did, None)
    assert shown.args == [4]
    labels = [panel.strip.item(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(4)]
    assert labels == ["GCN 1", "GCN 2", "GCN 3", "GT 1"]
    assert "120 dpi" in panel.strip.item(2).toolTip() and "dưới 200 dpi" in panel.strip.item(2).toolTip()
    assert not panel.canvas.item.pixmap().isNull()
    window.resize(1600, 950)
    qtbot.wait(50)
    editor.grab().save(str(tmp_path / "editor_with_viewer.png"))

    first = panel.current_page_id()
    panel.buttons["right"].click()
    qtbot.waitUntil(lambda: ws.read(lambda ctx: scans.get_page(ctx, first)).rotation == 90, timeout=10_000)
    window.wctx.runner.wait_idle()
    qtbot.waitUntil(lambda: panel.canvas.item.pixmap().width() > panel.canvas.item.pixmap().height(),
                    timeout=10_000)  # shown turned

    panel.canvas.zoom_by(2.0)
    assert panel.canvas._full and panel.canvas.zoom == 2.0
    panel.canvas.fit()

    # Drag-reorder is a model move; the panel saves each document's new order.
    panel.strip.model().moveRow(panel.strip.rootIndex(), 1, panel.strip.rootIndex(), 0)
    qtbot.waitUntil(lambda: [p.source for p in ws.read(lambda ctx: scans.list_pages(ctx, did))][:2]
                    == ["g1.jpg", "g0.jpg"], timeout=10_000)
    window.wctx.runner.wait_idle()

    panel.move_to(did, "gt")  # the current page becomes part of the identity paper
    qtbot.waitUntil(lambda: [p.kind for p in ws.read(lambda ctx: scans.list_pages(ctx, did))].count("gt") == 2,
                    timeout=10_000)
    window.wctx.runner.wait_idle()

    panel.delete_current()
    qtbot.waitUntil(lambda: len(ws.read(scans.recycled_pages)) == 1, timeout=10_000)
    window.wctx.runner.wait_idle()

    # Drag and drop a file from the file manager onto the strip.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pages.jpeg_page(tmp_path / "new.jpg", 120)))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.strip.dropEvent(drop)
    qtbot.waitUntil(lambda: len(ws.read(lambda ctx: scans.list_pages(ctx, did))) == 4, timeout=10_000)
    window.wctx.runner.wait_idle()
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10_000)

    with qtbot.waitSignal(panel.pages_shown, timeout=10_000):
        panel.show_dossier(None)
    assert panel.strip.count() == 0 and not panel.buttons["add"].isEnabled()


def test_hot_folder_batch_with_two_cover_sheets(qtbot, ws, window, tmp_path):
    a, b = _dossier(ws, "CS 600001"), _dossier(ws, "CS 600002")
    sheets = tmp_path / "covers.pdf"
    ws.read(lambda ctx: scans.cover_sheets(ctx, sheets, dossier_ids=[a, b]))
    covers = [pg.render(scale=200 / 72).to_pil().convert("L") for pg in pdfium.PdfDocument(sheets)]
    batch = [pages.page_image(130), covers[0], pages.page_image(131), pages.page_image(132, kind="gt"),
             covers[1], pages.page_image(133)]
    hot = tmp_path / "scanner"
    hot.mkdir()

    view = window.show_view("scans")
    view.tabs.setCurrentWidget(view.hot)
    view.hot.set_folder(hot, settle=0.2)
    pages.pdf_of(hot / "batch0001.pdf", batch)
    view.hot.poll()  # first look: just seen
    qtbot.wait(300)
    with qtbot.waitSignal(view.hot.processed, timeout=30_000) as done:
        view.hot.poll()
    assert done.args[0] == [{"file": "batch0001.pdf", "ok": True, "pages": 4}]
    assert (hot / "done" / "batch0001.pdf").is_file() and not (hot / "batch0001.pdf").exists()
    assert [p.source_page for p in ws.read(lambda ctx: scans.list_pages(ctx, a))] == [3, 4]
    assert [p.source_page for p in ws.read(lambda ctx: scans.list_pages(ctx, b))] == [6]
    assert view.hot.log.item(0).text().startswith("✓ batch0001.pdf")

    # The page before the first cover sheet waits in the unassigned tray; the officer assigns it.
    from landdesk.ui.widgets import scan_panel

    view.tabs.setCurrentWidget(view.unassigned)
    qtbot.waitUntil(lambda: view.unassigned.list.count() == 1, timeout=10_000)
    view.unassigned.list.item(0).setSelected(True)
    num_b = ws.read(lambda ctx: dossiers.get_dossier(ctx, b)).num
    orig = scan_panel.DossierPrompt.ask
    scan_panel.DossierPrompt.ask = classmethod(lambda cls, parent: str(num_b))
    try:
        view.unassigned.action.click()
        qtbot.waitUntil(lambda: view.unassigned.list.count() == 0, timeout=10_000)
    finally:
        scan_panel.DossierPrompt.ask = orig
    assert [p.source_page for p in ws.read(lambda ctx: scans.list_pages(ctx, b))] == [6, 1]

    # Quality problems are listed; double-click opens the dossier in the editor.
    ws.transact(lambda ctx: scans.add_files(ctx, [pages.jpeg_page(tmp_path / "low.jpg", 140, dpi=120)], a))
    view.tabs.setCurrentWidget(view.quality)
    qtbot.waitUntil(lambda: view.quality.tree.topLevelItemCount() == 1, timeout=10_000)
    assert "dưới 200 dpi" in view.quality.tree.topLevelItem(0).text(3)
    view.window().resize(1400, 900)
    view.grab().save(str(tmp_path / "scans_view_quality.png"))
    view.quality._open(view.quality.tree.topLevelItem(0))
    qtbot.waitUntil(lambda: window.current_view_id() == "form", timeout=10_000)

    # The recycle tray gives a deleted page back.
    victim = ws.read(lambda ctx: scans.list_pages(ctx, b))[0].id
    ws.transact(lambda ctx: scans.delete_page(ctx, victim))
    view = window.show_view("scans")
    view.tabs.setCurrentWidget(view.recycle)
    qtbot.waitUntil(lambda: view.recycle.list.count() == 1, timeout=10_000)
    view.grab().save(str(tmp_path / "scans_view_recycle.png"))
    view.recycle.list.item(0).setSelected(True)
    view.recycle.action.click()
    qtbot.waitUntil(lambda: view.recycle.list.count() == 0, timeout=10_000)
    assert victim in [p.id for p in ws.read(lambda ctx: scans.list_pages(ctx, b))]


def test_full_screen_viewer_and_the_overflow_menu(qtbot, ws, window, tmp_path):
    """Issue 13 §13: F11 (or a double click) shows the page full screen with page, zoom and rotate keys;
    the tool bar's » menu holds the buttons that do not fit, and they work from there."""
    from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

    from landdesk.ui.widgets.page_view import FullScreenViewer

    did = _dossier(ws, "CS 500009")
    files = [pages.jpeg_page(tmp_path / f"p{i}.jpg", 120 + i) for i in range(3)]
    ws.transact(lambda ctx: scans.add_files(ctx, files, did, "gcn"))
    editor = window.page("form")
    panel = editor.panel
    with qtbot.waitSignal(panel.pages_shown, timeout=10_000):
        window.wctx.hub.open_dossier.emit(did, None)
    editor.holders[0].name.setFocus()  # the officer is typing in the form
    qtbot.keyClick(editor.holders[0].name, Qt.Key.Key_F11)
    viewer = panel.viewer
    assert isinstance(viewer, FullScreenViewer) and viewer.isVisible() and viewer.isFullScreen()
    assert "trang 1" in viewer.where.text() and "(1/3)" in viewer.where.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)  # the viewer's keys, not the form's
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert panel.strip.currentRow() == 1 and "(2/3)" in viewer.where.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.canvas.zoom == 1.25
    page = panel.current_page_id()
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: ws.read(lambda ctx: scans.get_page(ctx, page)).rotation == 90, timeout=10_000)
    qtbot.waitUntil(lambda: viewer.canvas.item.pixmap().width() > viewer.canvas.item.pixmap().height(),
                    timeout=10_000)
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not viewer.isVisible())
    panel.canvas.double_clicked.emit()
    assert panel.viewer.isVisible()
    panel.viewer.close()

    # A narrow panel: the last buttons go behind », and the » menu's entries act.
    window.resize(900, 700)
    editor.splitter.setSizes([620, 280])
    QApplication.processEvents()
    bar = panel.findChild(QToolBar, "scanToolBar")
    ext = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert ext is not None and ext.isVisible()
    hidden = [a for a in bar.actions() if not bar.widgetForAction(a).isVisible()]
    assert panel.actions_["zoom_out"] in hidden
    assert set(hidden) <= set(ext.menu().actions())  # the » menu lists exactly what is hidden
    before = panel.canvas.zoom
    panel.actions_["zoom_in"].trigger()  # what choosing it in the » menu does
    assert panel.canvas.zoom == before * 1.25
