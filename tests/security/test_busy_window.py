"""Issue 15 item 10, the window's side: a write waits with a progress note while another LandDesk writes."""

from __future__ import annotations

import sqlite3


def test_window_waits_with_a_note_while_another_writes(qtbot, ws, monkeypatch):
    from landdesk.storage import engine as eng
    from landdesk.storage import settings as settings_store
    from landdesk.ui.context import Hub, WindowContext
    from landdesk.ui.tasks import Op, TaskRunner

    monkeypatch.setattr(eng, "BUSY_TIMEOUT_MS", 200)
    ws.engine.dispose()  # new connections take the short timeout
    wctx = WindowContext(ws=ws, runner=TaskRunner(), hub=Hub(), lang="vi", settings=None)
    holder = sqlite3.connect(ws.root / "landdesk.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the command line in the middle of an import
    got = []
    try:
        op = Op(wctx, lambda ctx: settings_store.put(ctx.session, "backup_warn_days", 1) or 42).success(got.append).run()
        qtbot.waitUntil(lambda: op._dialog is not None and "đang chờ" in op._dialog.labelText(), timeout=10_000)
        assert not got
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    qtbot.waitUntil(lambda: got == [42], timeout=10_000)
    assert op._dialog is None
    wctx.runner.shutdown()
