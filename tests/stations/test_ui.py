"""The window's Máy trạm page: at the primary the roster and the station conflict queue (resolved through
the dialog), at a station the banner with its code and last exchange."""

from __future__ import annotations

import pytest

from landdesk.services.stations import conflicts
from tests.stations.helpers import add_station, edit, make_primary, new_dossier, sync


@pytest.fixture
def office(tmp_path):
    p = make_primary(tmp_path / "primary")
    d = new_dossier(p, serial="AB 100001")
    s1 = add_station(p, tmp_path, "Bàn tiếp dân 1")
    s2 = add_station(p, tmp_path, "Bàn nhập liệu 2")
    folder = tmp_path / "usb"
    for _ in range(2):
        for s in (s1, s2):
            sync(s, folder)
        sync(p, folder)
    edit(s1, d.id, village="Thôn Tây")
    edit(s2, d.id, village="Thôn Nam")
    for s in (s1, s2):
        sync(s, folder)
    sync(p, folder)
    sync(s1, folder)
    yield p, s1, s2
    for w in (s1, s2, p):
        w.close()


def _window(qtbot, ws):
    from landdesk.ui.app import build_window, make_settings

    win = build_window(ws, lang="vi", settings=make_settings())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _settle(qtbot, win) -> None:
    for _ in range(20):
        qtbot.wait(20)
        win.wctx.runner.wait_idle(10)


def test_primary_roster_and_conflict_queue(qtbot, office, monkeypatch, tmp_path):
    p, _, _ = office
    from landdesk.ui.views import stations_view

    win = _window(qtbot, p)
    try:
        view = win.show_view("stations")
        _settle(qtbot, win)
        assert view.roster.rowCount() == 2
        assert {view.roster.item(i, 0).text() for i in range(2)} == {"MT01", "MT02"}
        assert view.roster.item(0, 2).text() == "đang hoạt động"
        assert view.queue.rowCount() == 1 and "Xung đột máy trạm (1)" in view.tabs.tabText(1)
        assert "chỉ máy này gửi dữ liệu lên tỉnh" in view.headline.text()
        shown = {a.objectName() for a in win.menu("tools").actions() if a.isVisible()}
        assert {"actionSendProvince", "open_province_desk"} <= shown  # the primary sends
        if "STATIONS_SHOTS" in __import__("os").environ:
            win.grab().save(str(tmp_path / "primary.png"))
        monkeypatch.setattr(stations_view.StationConflictDialog, "ask", classmethod(lambda cls, *a: "station"))
        view.tabs.setCurrentIndex(1)
        view.queue.selectRow(0)
        view.resolve_selected()
        _settle(qtbot, win)
        assert view.queue.rowCount() == 0
        assert p.read(conflicts.list_conflicts) == []
    finally:
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


def test_station_says_it_is_one(qtbot, office):
    _, s1, _ = office
    win = _window(qtbot, s1)
    try:
        view = win.show_view("stations")
        _settle(qtbot, win)
        assert "Máy trạm MT01 · " in win.lbl_station.text()  # short in the bar, whole in the tooltip
        assert "Máy trạm MT01 · đồng bộ lần cuối:" in win.lbl_station.toolTip()
        assert "Máy trạm MT01" in win.windowTitle()
        assert "máy trạm MT01 (Bàn tiếp dân 1)" in view.headline.text()
        assert "Đồng bộ lần cuối" in view.state.text() and "chưa đồng bộ" not in view.state.text()
        assert view.tabs.count() == 1
        # its Tools menu offers nothing only the primary does (sending to the province, the desk)
        shown = {a.objectName() for a in win.menu("tools").actions() if a.isVisible()}
        assert not shown & {"actionSendProvince", "actionResend", "actionApplyReceipts", "open_province_desk"}
    finally:
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


def test_enrol_dialog_path(qtbot, office, monkeypatch, tmp_path):
    p, _, _ = office
    from landdesk.ui.views import stations_view

    win = _window(qtbot, p)
    try:
        view = win.show_view("stations")
        _settle(qtbot, win)
        out = tmp_path / "MT03.ldpkg"
        monkeypatch.setattr(stations_view.EnrolDialog, "ask", classmethod(lambda cls, *a: ("Bàn 3", ["admin"], out)))
        view.enrol()
        _settle(qtbot, win)
        assert out.is_file() and view.roster.rowCount() == 3
    finally:
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()
