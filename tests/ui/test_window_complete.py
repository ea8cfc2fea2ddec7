"""Issue 13 §10: the window is complete at its first paint; unsaved work is offered in a bar that does not
take the keyboard."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.ui.keys import type_text


def _layout(win) -> tuple:
    menus = tuple((m.text(), tuple(a.text() for a in m.menu().actions())) for m in win.menuBar().actions()
                  if m.isVisible())
    sidebar = tuple(win.sidebar.item(i).text() for i in range(win.sidebar.count()))
    return sidebar, win.sidebar.width(), menus, tuple(a.text() for a in win.toolbar.actions())


class FirstPaint(QObject):
    """Records the window's sidebar, menus and toolbar as they are when it is first painted."""

    def __init__(self, win):
        super().__init__()
        self.win = win
        self.seen = None

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = _layout(self.win)
        return False


def test_the_window_is_complete_at_its_first_paint(qtbot, ws):
    from landdesk.ui.app import build_window
    from landdesk.ui.views import registry

    win = build_window(ws, settings=None)
    qtbot.addWidget(win)
    probe = FirstPaint(win)
    win.installEventFilter(probe)
    win.show()
    qtbot.waitUntil(lambda: probe.seen is not None, timeout=30_000)
    end = time.monotonic() + 2.0  # what used to arrive seconds later (views, menus, sidebar width)
    while time.monotonic() < end:
        QApplication.processEvents()
        win.wctx.runner.wait_idle(0.1)
    assert probe.seen == _layout(win)
    sidebar, _width, menus, _toolbar = probe.seen
    assert len(sidebar) == len(registry.views(win.wctx)) >= 5
    titles = [t for t, _ in menus]
    assert {"&Tệp", "&Công cụ", "Trợ &giúp"} <= set(titles)
    win.wctx.runner.shutdown()


def test_drafts_are_offered_in_a_bar_that_does_not_take_the_keyboard(qtbot, make_window):
    first = make_window()
    first.show_view("form")
    editor = first.page("form")
    editor.holders[0].name.setFocus()
    with qtbot.waitSignal(editor.draft_written, timeout=30_000) as sig:
        type_text("Phạm Văn Đức", editor.holders[0].name)
    key = sig.args[0]
    first.wctx.runner.wait_idle()

    win = make_window()  # the next start: the officer is already typing a search
    win.activateWindow()
    search = win.page("records").search
    search.setFocus()
    type_text("nguy", search)
    win.offer_drafts()
    qtbot.waitUntil(lambda: win.draft_bar.isVisible(), timeout=30_000)
    type_text("en", search)
    assert QApplication.focusWidget() is search and search.text() == "nguyen"
    assert QApplication.activeModalWidget() is None
    assert "Phạm Văn Đức" in win.draft_bar.text.text()
    win.draft_bar.restore_button.click()
    assert win.current_view_id() == "form"
    assert win.page("form").holders[0].name.value() == "Phạm Văn Đức"
    assert not win.draft_bar.isVisible() and win.draft_bar.pending == []
    assert key


def test_drafts_discarded_from_the_bar_are_not_offered_again(qtbot, make_window):
    first = make_window()
    first.show_view("form")
    editor = first.page("form")
    editor.holders[0].name.setFocus()
    with qtbot.waitSignal(editor.draft_written, timeout=30_000):
        type_text("Lê Thị Hoa", editor.holders[0].name)
    first.wctx.runner.wait_idle()
    win = make_window()
    win.offer_drafts()
    qtbot.waitUntil(lambda: win.draft_bar.isVisible(), timeout=30_000)
    win.draft_bar.discard_button.click()
    win.wctx.runner.wait_idle()
    again = make_window()
    again.offer_drafts()
    again.wctx.runner.wait_idle()
    QApplication.processEvents()
    assert not again.draft_bar.isVisible() and again.draft_bar.pending == []
