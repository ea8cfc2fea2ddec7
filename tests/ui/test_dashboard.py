"""Dashboard draws the figures of services.reports (it computes none itself)."""

from __future__ import annotations

from landdesk.domain.codes import CustodyStatus
from landdesk.services import dossiers, reports
from tests.factories import couple_dossier


def test_dashboard_shows_the_report_figures(qtbot, ws, make_window):
    for i in range(3):
        d = couple_dossier(serial=f"CS {200000 + i}", parcel=str(i))
        if i == 2:
            d.custody = CustodyStatus.LOST
        ws.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d))
    ws.transact(lambda ctx: reports.set_target(ctx, 10))
    win = make_window()
    view = win.show_view("dashboard")
    qtbot.waitUntil(lambda: view.figures is not None)
    f = ws.read(reports.campaign_figures)
    assert view.tiles["collected"].value.text() == str(f.totals.collected)
    assert view.tiles["entered"].value.text() == str(f.totals.entered)
    assert view.progress.isVisibleTo(view) and view.progress.value() == int(f.progress * 1000)
    assert [b.value for b in view.not_collected.bars] == [n.count for n in f.not_collected if n.count]
    assert view.stages.reference == 10
    view.grab()  # paints without error
