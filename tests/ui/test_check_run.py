"""The window's check run (Tools → Kiểm tra dữ liệu, F9) moves dossiers between stages exactly as
`landdesk check` does, and every view hears of it."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from landdesk.cli.main import main
from landdesk.services import dossiers
from landdesk.storage.commune.models import DossierRow
from landdesk.ui.models.records_model import COLUMNS
from landdesk.workspace import Workspace
from tests.factories import couple_dossier


def _statuses(ws) -> dict[int, str]:
    from sqlalchemy import select

    return ws.read(lambda ctx: dict(ctx.session.execute(select(DossierRow.num, DossierRow.status)).all()))


def _fill(ws) -> None:
    for i in range(4):
        d = couple_dossier(serial=f"CS {300000 + i}", parcel=str(10 + i))
        if i == 1:
            d.parcels[0].area = 300.0  # land uses add up to 250: a warning, which blocks nothing
        if i == 3:
            d.serial = "CS 300000"  # the serial of dossier 1 again: blocks both
        ws.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d, allow_errors=True))


def test_f9_moves_clean_dossiers_to_checked_as_the_command_does(qtbot, ws, ws_path, tmp_path, make_window):
    _fill(ws)
    assert set(_statuses(ws).values()) == {"entered"}
    twin = tmp_path / "twin"
    shutil.copytree(ws_path, twin)  # with its WAL: the same committed state
    assert main(["--workspace", str(twin), "check", "--json"]) == 1  # problems found: exit 1
    with Workspace.open(twin) as other:
        by_command = _statuses(other)

    win = make_window()
    records = win.show_view("records")
    qtbot.waitUntil(lambda: records.model.rowCount() == 4, timeout=30_000)
    dashboard = win.page("dashboard")
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_F9)
    review = win.page("review")
    qtbot.waitUntil(lambda: bool(review.groups) and not review._checking, timeout=20000)
    assert win.current_view_id() == "review"
    assert _statuses(ws) == by_command == {1: "entered", 2: "checked", 3: "checked", 4: "entered"}
    # every view heard of the moves: the records list shows the new stage, the dashboard counts it
    win.show_view("records")
    col = [key for key, _ in COLUMNS].index("status")
    qtbot.waitUntil(lambda: "Đã kiểm tra" in [records.model.index(r, col).data()
                                               for r in range(records.model.rowCount())], timeout=30_000)
    win.show_view("dashboard")
    qtbot.waitUntil(lambda: dashboard.figures is not None and dashboard.figures.totals.checked == 2, timeout=30_000)
    assert review.stale_label.isHidden()  # its own moves do not make the list stale


def test_a_second_f9_while_one_runs_starts_nothing(qtbot, ws, make_window, monkeypatch):
    from landdesk.services import checks

    runs = []
    real = checks.check_workspace
    monkeypatch.setattr(checks, "check_workspace", lambda *a, **k: runs.append(1) or real(*a, **k))
    _fill(ws)
    win = make_window()
    act = win.findChild(type(win.act_new), "actionCheck")
    act.trigger()  # shows the review view: its first load is the check run
    act.trigger()
    act.trigger()
    review = win.page("review")
    qtbot.waitUntil(lambda: not review._checking, timeout=20000)
    assert win.wctx.runner.wait_idle(20)
    assert len(runs) == 1
