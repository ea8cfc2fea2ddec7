"""Changes travel with results, typed (issue 16 §2): a write's kinds are domain.changes.Change members,
and the op's initiator reaches each view's refresh, so the editor does not re-read the dossier it has
just saved, and does re-read it when another part of the window changed it."""

from __future__ import annotations

import pytest

from landdesk.domain.changes import Change
from landdesk.services import dossiers
from landdesk.ui.tasks import Op
from landdesk.ui.views.editor import shell
from tests.factories import couple_dossier
from tests.ui.keys import type_text


def test_touch_takes_only_declared_kinds(ws):
    with pytest.raises(TypeError, match="Change members"):
        ws.transact(lambda ctx: ctx.touch("dossier"))  # a typo would have been a view that never refreshes
    out = ws.transact_changes(lambda ctx: ctx.touch(Change.DOSSIERS, Change.SCANS))
    assert out.changes == {Change.DOSSIERS, Change.SCANS} and "dossiers" in out.changes
    # a declared kind's name is the kind itself (code written before the enum keeps working)
    out = ws.transact_changes(lambda ctx: ctx.touch("sync"))
    assert out.changes == {Change.SYNC} and all(type(k) is Change for k in out.changes)


def test_the_editor_does_not_reread_what_it_saved(qtbot, ws, window, monkeypatch):
    did = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(), allow_errors=True)).dossier.id
    window.show_view("form")
    editor = window.page("form")
    reads: list[str] = []
    real = shell._get_or_none
    monkeypatch.setattr(shell, "_get_or_none", lambda ctx, d: reads.append(d) or real(ctx, d))
    window.wctx.hub.open_dossier.emit(did, None)
    qtbot.waitUntil(lambda: editor.exists and editor.dossier.id == did, timeout=10000)
    editor.cert.fields["notes"].setFocus() if "notes" in editor.cert.fields else editor.holders[0].name.setFocus()
    type_text(" x")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        assert editor.save()
    window.wctx.runner.wait_idle()
    assert reads == []  # its own save: the form already shows what was saved
    # the same dossier changed elsewhere in the window (another view's write): the editor reloads it
    other = window.page("records")

    def elsewhere(ctx):
        d = dossiers.get_dossier(ctx, did)
        d.village = "Thôn Bắc"
        return dossiers.save_dossier(ctx, d, allow_errors=True)

    Op(window.wctx, elsewhere, parent=other).run()
    window.wctx.runner.wait_idle()
    qtbot.waitUntil(lambda: editor.dossier.village == "Thôn Bắc", timeout=10000)
    assert reads == [did]


def test_a_view_not_shown_hears_the_changes_and_who_made_them_when_shown(qtbot, ws, window):
    records = window.page("records")
    heard = []
    records.refresh = lambda changes, initiator=None: heard.append((set(changes), initiator))
    window.show_view("form")
    Op(window.wctx, lambda ctx: ctx.touch(Change.DOSSIERS), parent=window).run()
    Op(window.wctx, lambda ctx: ctx.touch(Change.SCANS), parent=window).run()
    window.wctx.runner.wait_idle()
    assert heard == []
    window.show_view("records")
    assert heard == [({Change.DOSSIERS, Change.SCANS}, window)]


def test_a_widget_closed_while_its_work_ran_hears_nothing_and_the_write_still_counts(qtbot, ws, window):
    """The editor's duplicate banner was deleted while its lookup ran: the result reached a deleted Qt
    object (RuntimeError in the event loop). Now a closed asker is skipped; a write's changes still go out."""
    import threading

    import shiboken6
    from PySide6.QtWidgets import QLabel

    gate = threading.Event()
    heard: list = []
    asker = QLabel("x")
    Op(window.wctx, lambda ctx: gate.wait(10) and 42, parent=asker, kind="read").success(heard.append).run()

    def write(ctx):
        gate.wait(10)
        ctx.touch(Change.DOSSIERS)
        return "saved"

    other = QLabel("y")
    records = window.page("records")
    refreshed: list = []
    records.refresh = lambda changes, initiator=None: refreshed.append(set(changes))
    Op(window.wctx, write, parent=other).success(heard.append).run()
    shiboken6.delete(asker)
    shiboken6.delete(other)
    gate.set()
    assert window.wctx.runner.wait_idle(10)
    assert heard == [] and refreshed == [{Change.DOSSIERS}]
