"""Records browser: lazy model passes qtmodeltester; unaccented search finds accented names; filters."""

from __future__ import annotations

from landdesk.domain.codes import CustodyStatus
from landdesk.services import dossiers
from landdesk.services.search import make_filters
from tests.factories import couple_dossier


def _add(ws, n=3):
    ids = []
    for i in range(n):
        d = couple_dossier(serial=f"CS {123456 + i}", parcel=str(300 + i))
        if i == 2:
            d.custody = CustodyStatus.BANK
            d.holders[0].name = "Lê Văn Thuỷ"
        ids.append(ws.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d)).dossier.id)
    return ids


def test_model_passes_qtmodeltester(qtmodeltester, ws):
    from landdesk.services import search
    from landdesk.ui.models.records_model import PAGE, RecordsModel

    ids = _add(ws, 3)
    model = RecordsModel(lambda chunk: ws.read(lambda ctx: search.fetch_summaries(ctx, chunk)))
    model.set_ids(ws.read(lambda ctx: search.browse_ids(ctx, make_filters())))
    assert model.rowCount() == 3 and PAGE >= 3
    qtmodeltester.check(model)
    assert model.summary(0).id == ids[0]


def test_search_as_you_type_ignores_accents_and_tone_placement(qtbot, ws, make_window):
    _add(ws, 3)
    win = make_window()
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    qtbot.keyClicks(view.search, "le van thuy")  # typed without accents: finds "Lê Văn Thuỷ"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert "THUỶ" in view.model.summary(0).holders[0].upper()
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.custody.setCurrentIndex(view.custody.findData("bank"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert "3" in view.count.text() or "1" in view.count.text()


def test_enter_opens_the_dossier_in_the_editor(qtbot, ws, make_window):
    from PySide6.QtCore import Qt

    ids = _add(ws, 2)
    win = make_window()
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, 0))
    with qtbot.waitSignal(win.wctx.hub.open_dossier) as sig:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert sig.args[0] == ids[1]


def test_sorting_is_done_by_the_database(qtbot, ws, make_window):
    from PySide6.QtCore import Qt

    _add(ws, 3)
    win = make_window()
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    first = view.model.summary(0).num
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: view.model.summary(0).num != first)
    assert view.model.summary(0).num == 3


def test_first_page_then_the_whole_list_keeps_the_model_valid(qtmodeltester, ws):
    from landdesk.services import search
    from landdesk.ui.models.records_model import RecordsModel

    ids = _add(ws, 3)
    model = RecordsModel(lambda chunk: ws.read(lambda ctx: search.fetch_summaries(ctx, chunk)))
    qtmodeltester.check(model, force_py=True)
    model.set_ids(ids[:2])
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.extend_ids(ids)
    assert inserted == [(2, 2)] and model.rowCount() == 3
    model.extend_ids(list(reversed(ids)))  # a different order resets instead
    assert model.ids == list(reversed(ids))


def test_no_two_window_actions_share_a_shortcut(window):
    """Views add menu actions from many modules: a key bound twice fires neither (Qt calls it ambiguous)."""
    from PySide6.QtGui import QAction

    editor = window.page("form")
    seen: dict[str, str] = {}
    clashes = []
    for act in window.findChildren(QAction) + editor.actions():
        for key in act.shortcuts():
            k = key.toString()
            owner = act.text().replace("&", "")
            if not k or seen.get(k) in (None, owner):
                seen[k] = owner
                continue
            clashes.append((k, seen[k], owner))
    # The editor's local actions and their menu entries (same text) are one binding.
    assert clashes == [], clashes


def test_every_view_module_imports():
    """The window skips a view module that fails to import (one broken panel must not stop the desk);
    this test is where such a failure shows."""
    import importlib
    import pkgutil

    import landdesk.ui.views as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"landdesk.ui.views.{info.name}")


def test_column_layout_and_geometry_are_remembered(qtbot, ws, make_window):
    win = make_window()
    view = win.show_view("records")
    header = view.table.horizontalHeader()
    header.resizeSection(2, 333)
    header.moveSection(3, 1)
    win.save_state()
    win2 = make_window()
    header2 = win2.page("records").table.horizontalHeader()
    assert header2.sectionSize(2) == 333 and header2.visualIndex(3) == 1
    assert win2.wctx.settings.value("main/geometry") is not None


def test_nothing_found_offers_to_clear_the_filters(qtbot, ws, make_window):
    _add(ws, 3)
    win = make_window()
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.custody.setCurrentIndex(view.custody.findData("bank"))
    qtbot.keyClicks(view.search, "nguyen van thanh")  # the bank's dossier is Lê Văn Thuỷ's
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and view.nothing.isVisible())
    assert "Xóa bộ lọc" in view.nothing.text()
    view.nothing.linkActivated.emit("clear")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    assert not view.nothing.isVisible() and view.search.text() == "" and view.custody.currentData() is None


def test_ctrl_end_keeps_the_number_column_in_sight(qtbot, ws, make_window):
    from PySide6.QtCore import Qt

    _add(ws, 3)
    win = make_window()
    win.resize(700, 500)  # narrower than the columns: the table scrolls sideways
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.table.currentIndex().row() == 2 and view.table.currentIndex().column() == 0
    assert view.table.horizontalScrollBar().value() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.table.currentIndex().row() == 0 and view.table.horizontalScrollBar().value() == 0


def test_a_cut_cell_shows_its_whole_text(qtbot, ws, make_window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    _add(ws, 1)
    win = make_window()
    view = win.show_view("records")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    header = view.table.horizontalHeader()
    holder = 2
    whole = view.model.index(0, holder).data()  # "NGUYỄN VĂN THÀNH; TRẦN THỊ HOÀ"

    def tip_at(column: int) -> str:
        QToolTip.hideText()
        rect = view.table.visualRect(view.model.index(0, column))
        pos = rect.center()
        QApplication.sendEvent(view.table.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos,
                                                                 view.table.viewport().mapToGlobal(pos)))
        return QToolTip.text() if QToolTip.isVisible() else ""

    header.resizeSection(holder, 60)
    assert tip_at(holder) == whole
    header.resizeSection(holder, 600)
    assert tip_at(holder) in ("", whole)  # fits: only the model's own tooltip, if any
    serial = 1
    header.resizeSection(serial, 30)
    assert tip_at(serial) == view.model.index(0, serial).data()
