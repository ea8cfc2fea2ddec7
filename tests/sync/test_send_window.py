"""Sending to the province from the window: the pre-export summary (blocking dossiers open in the editor,
encryption for the province or a clear warning, destination and volumes), the export with "Mở thư mục",
the province profile and several receipts at once — through the services `landdesk package` uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from landdesk.services import dossiers  # noqa: E402
from landdesk.storage.commune.models import DossierRow  # noqa: E402
from tests.factories import couple_dossier  # noqa: E402
from tests.sync import helpers  # noqa: E402


@pytest.fixture
def qsettings_dir(tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def window_on(qtbot, qsettings_dir):
    from landdesk.ui.app import build_window, make_settings

    made = []

    def build(ws):
        win = build_window(ws, lang="vi", settings=make_settings())
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        made.append(win)
        return win

    yield build
    for win in made:
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


def _idle(win):
    assert win.wctx.runner.wait_idle(60)


def _province_status(ws) -> dict[str, str]:
    return ws.read(lambda ctx: dict(ctx.session.execute(select(DossierRow.id, DossierRow.province_status)).all()))


def test_without_a_profile_a_clear_warning_and_blocking_dossiers_open(qtbot, ws, window_on, monkeypatch):
    from landdesk.ui.dialogs.send_province import SendDialog
    from landdesk.ui.views import send_province as sp

    good = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(serial="CS 100001", parcel="1"))).dossier
    bad = couple_dossier(serial="CS 100002", parcel="2")
    bad.holders[0].cccd = "12345"
    bad = ws.transact(lambda ctx: dossiers.save_dossier(ctx, bad, allow_errors=True)).dossier
    win = window_on(ws)
    seen = {}

    def drive(cls, parent, pf, blocking, prof, lang="vi", **kw):
        dlg = cls(parent, pf, blocking, prof, lang, **kw)
        qtbot.addWidget(dlg)
        seen["warning"] = dlg.findChild(type(dlg.picker.info), "encryption").text()
        seen["enabled"] = [dlg.go.isEnabled()]
        dlg.ack.setChecked(True)
        seen["enabled"].append(dlg.go.isEnabled())
        seen["volumes"] = dlg.volumes.currentData()
        seen["rows"] = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
        seen["import"] = dlg.findChild(type(dlg.go), "importProfile") is not None
        dlg.table.cellClicked.emit(0, 2)  # a click on the blocking dossier's row
        return dlg.result_choice

    monkeypatch.setattr(SendDialog, "ask", classmethod(drive))
    sp.send_to_province(win)
    _idle(win)
    assert "KHÔNG được mã hóa" in seen["warning"] and "CCCD" in seen["warning"]
    assert seen["enabled"] == [False, True]  # exporting unencrypted needs the officer's "I understand"
    assert seen["volumes"] == 4000 and seen["import"]  # under 4 GiB per file (FAT32) by default
    assert seen["rows"] == [str(bad.num)]
    editor = win.page("form")
    assert win.current_view_id() == "form"
    qtbot.waitUntil(lambda: editor.dossier.id == bad.id, timeout=30_000)
    assert set(_province_status(ws).values()) == {""}  # nothing exported
    del good


def test_export_to_a_chosen_folder_then_receipts(qtbot, linked, window_on, monkeypatch):
    from landdesk.ui.dialogs.send_province import ExportDoneDialog, OpenFolder, SendDialog
    from landdesk.ui.views import send_province as sp
    from landdesk.ui.widgets.filepick import FilePick

    desk, communes, tmp = linked
    ws = communes["07210"]
    win = window_on(ws)
    usb = tmp / "usb"
    monkeypatch.setattr(FilePick, "folder", classmethod(lambda cls, parent, title, start="": str(usb)))
    seen = {}

    def drive(cls, parent, pf, blocking, prof, lang="vi", **kw):
        dlg = cls(parent, pf, blocking, prof, lang, **kw)
        qtbot.addWidget(dlg)
        seen["encryption"] = dlg.findChild(type(dlg.picker.info), "encryption").text()
        seen["encrypt"] = dlg.encrypt.isChecked()
        dlg.picker.browse.click()
        dlg.go.click()
        return dlg.result_choice

    opened = []
    monkeypatch.setattr(SendDialog, "ask", classmethod(drive))
    monkeypatch.setattr(OpenFolder, "open", classmethod(lambda cls, path: opened.append(path)))

    def done(cls, parent, res, lang="vi"):
        dlg = cls(parent, res, lang)
        qtbot.addWidget(dlg)
        dlg.open_button.click()
        seen["result"] = res

    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(done))
    sp.send_to_province(win)
    qtbot.waitUntil(lambda: "result" in seen, timeout=30000)
    assert seen["encrypt"] and "Gói được mã hóa" in seen["encryption"]
    res = seen["result"]
    assert res.encrypted and [p.parent for p in res.paths] == [usb] and opened == [usb]
    assert set(_province_status(ws).values()) == {"sent"}
    records = win.show_view("records")
    col = [k for k, _ in __import__("landdesk.ui.models.records_model", fromlist=["COLUMNS"]).COLUMNS].index("status")
    qtbot.waitUntil(lambda: records.model.rowCount() == 40, timeout=30_000)
    shown = {records.model.index(r, col).data() for r in range(records.model.rowCount())}
    assert "Đã gửi tỉnh" in shown

    # the province imports it (a real desk, through its service) and answers with a receipt
    imp = helpers.import_(desk, res.paths, tmp / "receipts")
    junk = tmp / "not-a-receipt.ldpkg"
    junk.write_bytes(b"PK\x03\x04 this is no receipt")
    monkeypatch.setattr(FilePick, "open_many", classmethod(lambda cls, parent, title, pattern: [str(junk), imp.receipt]))
    shown_info = []
    monkeypatch.setattr(sp.Info, "show", classmethod(lambda cls, parent, title, text: shown_info.append(text)))
    win.findChild(type(win.act_new), "actionApplyReceipts").trigger()
    qtbot.waitUntil(lambda: bool(shown_info), timeout=30000)
    lines = shown_info[0].splitlines()
    assert lines[0].startswith("not-a-receipt.ldpkg: KHÔNG áp dụng")
    assert lines[1].startswith(Path(imp.receipt).name + ": gói số 1, tỉnh nhận")
    assert "sent" not in _province_status(ws).values()
    qtbot.waitUntil(lambda: "Tỉnh đã tiếp nhận" in {records.model.index(r, col).data()
                                                     for r in range(records.model.rowCount())}, timeout=30_000)


def test_profile_import_and_a_changed_province_key(qtbot, ws, window_on, tmp_path, monkeypatch):
    from landdesk.services.packages import profile
    from landdesk.services.province import profile as prov_profile
    from landdesk.ui.dialogs.common import Confirm
    from landdesk.ui.views import send_province as sp
    from landdesk.ui.widgets.filepick import FilePick

    first = helpers.make_desk(tmp_path / "desk1")
    second = helpers.make_desk(tmp_path / "desk2")  # the same province, another key (a new desk)
    p1 = first.read(lambda ctx: prov_profile.export_profile(ctx, tmp_path / "p1.ldpkg"))
    p2 = second.read(lambda ctx: prov_profile.export_profile(ctx, tmp_path / "p2.ldpkg"))
    win = window_on(ws)
    info = []
    monkeypatch.setattr(sp.Info, "show", classmethod(lambda cls, parent, title, text: info.append(text)))
    monkeypatch.setattr(FilePick, "open", classmethod(lambda cls, parent, title, pattern: str(p1)))
    win.findChild(type(win.act_new), "actionImportProfile").trigger()
    _idle(win)
    assert ws.read(profile.current_profile).fingerprint == first.fingerprint() and "Đã nhập hồ sơ" in info[-1]
    asked = []
    monkeypatch.setattr(FilePick, "open", classmethod(lambda cls, parent, title, pattern: str(p2)))
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or False))
    win.findChild(type(win.act_new), "actionImportProfile").trigger()
    _idle(win)
    assert second.fingerprint() in asked[0] and "--replace" not in asked[0]
    assert ws.read(profile.current_profile).fingerprint == first.fingerprint()  # refused: unchanged
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    win.findChild(type(win.act_new), "actionImportProfile").trigger()
    _idle(win)
    _idle(win)
    assert ws.read(profile.current_profile).fingerprint == second.fingerprint()
    first.close()
    second.close()
