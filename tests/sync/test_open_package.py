"""A .ldpkg opened from Explorer (`LandDesk.exe FILE.ldpkg`, the installer's association): the app starts
through the same entry as `landdesk FILE.ldpkg`, the officer logs in, and the window shows that package —
on the commune PC what it holds or the receipt applied, on the province PC the package imported."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.sync import helpers
from tests.ui.test_login_start import Driver, login_dialog, main_loop, main_window  # noqa: F401 (main_loop: autouse)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def qsettings_dir(tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


def _start_with(ws_root: Path, package: Path, loops: list, until, find=main_window) -> None:
    """`landdesk --workspace WS PACKAGE` run offscreen: log in, wait until `until(window)`, close."""
    from landdesk.cli.main import main

    def log_in() -> bool:
        dlg = login_dialog()
        if dlg is None:
            return False
        dlg.password.setText(helpers.PASSWORD)
        dlg.try_login()
        return True

    def shown_then_quit() -> bool:
        win = find()
        if win is None or not until(win):
            return False
        win.wctx.runner.wait_idle(10)
        win.hide()
        loops[-1].quit()
        return True

    driver = Driver(log_in, shown_then_quit, timeout=120)
    code = main(["--workspace", str(ws_root), "--user", "admin", str(package)])
    assert code == 0 and not driver.timed_out


@pytest.mark.parametrize("case", ["commune-own-package", "receipt", "province-imports"])
def test_a_double_clicked_package_is_shown(qtbot, linked, qsettings_dir, monkeypatch, main_loop, case):  # noqa: F811
    from landdesk.services.packages import receipts
    from landdesk.ui import app
    from landdesk.ui.views import province_view as pv
    from landdesk.ui.views import send_province as sp

    desk, communes, tmp = linked
    ws = communes["07210"]
    package = Path(helpers.export_(ws, tmp / "out").paths[0])
    target = ws.root
    shown: list[str] = []
    for module in (pv, sp):
        monkeypatch.setattr(module.Info, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    if case == "receipt":
        result = helpers.import_(desk, [package], tmp / "rc")
        package = Path(result.receipt)
    if case == "province-imports":  # this PC has a province desk: the package goes into it, once logged in
        from tests.sync.test_ui import log_in_as

        log_in_as(monkeypatch)
        app.make_settings().setValue(pv.DESK_SETTING, str(desk.root))
        target = communes["07228"].root  # the window the province officer has open (any workspace)
    desk.close()
    for w in communes.values():
        w.close()

    if case == "province-imports":  # the desk's own window opens beside the commune's (issue 13 §7)
        from landdesk.ui import province_window

        def imported(win) -> bool:
            desks = province_window._open
            return "province" not in win.view_ids() and bool(desks) and any(r.collected == 40 for r in desks[0].view.rows)

        _start_with(target, package, main_loop, imported)
        assert province_window._open == []  # closed with the commune window
        assert shown and any("Xã 07210 gói 1" in s for s in shown), shown
    else:
        _start_with(target, package, main_loop, lambda win: bool(shown))
    if case == "commune-own-package":
        assert shown[0].startswith("Gói changes của xã 07210, số 1: 40 hồ sơ"), shown
        assert str(package) in shown[0]
    if case == "receipt":
        assert "tỉnh nhận 40" in shown[0], shown
        from landdesk.workspace import Workspace

        with Workspace.open(target) as w:
            assert w.read(lambda ctx: receipts.sent_packages(ctx))[0].acknowledged


def test_a_package_opened_on_the_desk_folder_goes_into_its_window(qtbot, linked, qsettings_dir, monkeypatch,
                                                                  main_loop):  # noqa: F811
    """`landdesk --workspace DESK FILE.ldpkg` (the desk used last, the package double-clicked): the desk's
    login, its own window with only the desk in it, the package imported there."""
    from PySide6.QtWidgets import QApplication

    from landdesk.ui.province_window import ProvinceWindow
    from landdesk.ui.views import province_view as pv

    desk, communes, tmp = linked
    package = Path(helpers.export_(communes["07210"], tmp / "out").paths[0])
    root = desk.root
    shown: list[str] = []
    monkeypatch.setattr(pv.Info, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    desk.close()
    for w in communes.values():
        w.close()

    def desk_window():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, ProvinceWindow) and w.isVisible()), None)

    _start_with(root, package, main_loop, lambda win: any(r.collected == 40 for r in win.view.rows), find=desk_window)
    # the outcome in words of the user's language, not the status's internal name
    assert any(re.search(r"Xã 07210 gói 1: đã nhập; nhận \d+, trả lại \d+, xung đột 0, trùng 0\.", s) for s in shown), shown
    assert not any("imported" in s for s in shown), shown
    from landdesk.ui.app import make_settings

    assert make_settings().value("workspace/last") == str(root)  # the next start opens the desk again


def test_a_damaged_package_is_one_message_and_nothing_applied(qtbot, ws_path, qsettings_dir, tmp_path,
                                                             monkeypatch, main_loop):  # noqa: F811
    from landdesk.ui import tasks

    bad = tmp_path / "24-07210-000009-receipt.ldpkg"
    bad.write_bytes(b"PK\x03\x04 not a package")
    errors: list[str] = []
    monkeypatch.setattr(tasks, "show_error", lambda parent, exc, lang="vi": errors.append(str(exc)))
    _start_with(ws_path, bad, main_loop, lambda win: bool(errors))
    assert len(errors) == 1
