"""The interactive start (defer_views=True) paints the records list first and adds the rest after."""

from __future__ import annotations

from tests.ui.keys import type_text


def test_deferred_start_builds_only_the_records_list_first(qtbot, ws):
    from landdesk.ui.app import build_window

    win = build_window(ws, settings=None, defer_views=True)
    qtbot.addWidget(win)
    assert win.view_ids() == ["records"]
    win.show()
    qtbot.waitUntil(lambda: "form" in win.view_ids() and "dashboard" in win.view_ids(), timeout=10000)
    assert win.current_view_id() == "records"
    win.wctx.runner.wait_idle()
    win.wctx.runner.shutdown()


def test_drafts_are_offered_once_the_editor_is_loaded(qtbot, ws, make_window, monkeypatch):
    from landdesk.ui.app import build_window
    from landdesk.ui.dialogs.drafts import DraftDialog

    first = make_window()
    first.show_view("form")
    editor = first.page("form")
    editor.holders[0].name.setFocus()
    with qtbot.waitSignal(editor.draft_written, timeout=5000) as sig:
        type_text("Phạm Văn Đức", editor.holders[0].name)
    key = sig.args[0]
    first.wctx.runner.wait_idle()
    offered = []
    monkeypatch.setattr(DraftDialog, "ask", classmethod(
        lambda cls, parent, drafts, lang, existing=None: offered.extend(drafts) or ("restore", key)))
    # As app.run() does: show the deferred window and offer drafts at once; the editor comes later.
    win = build_window(ws, settings=None, defer_views=True)
    qtbot.addWidget(win)
    win.show()
    win.offer_drafts()
    qtbot.waitUntil(lambda: [k for k, _ in offered] == [key], timeout=10000)
    assert win.page("form").holders[0].name.value() == "Phạm Văn Đức"
    win.wctx.runner.wait_idle()
    win.wctx.runner.shutdown()
