"""The capture dialogs and the editor's card offers in a real main window (offscreen), on real workspaces:
a phone upload shows in the scan panel, a network scan fills the dossier, a card's value is one click
away. With LANDDESK_SHOTS=DIR the dialogs are saved as PNGs there (docs/screenshots)."""

from __future__ import annotations

import os
import threading
import urllib.request
from pathlib import Path

import pytest

from landdesk.services import dossiers, scans
from landdesk.services.capture import escl_scan
from landdesk.ui.dialogs.escl_scan import EsclScanDialog, ScannerFinder
from landdesk.ui.dialogs.phone_capture import PhoneCaptureDialog
from tests.capture import synth_photos
from tests.capture.escl_sim import SimScanner
from tests.capture.test_escl import jpegs
from tests.capture.test_idcards import GOOD, card_page
from tests.capture.test_phone import HOST, new_dossier, post
from tests.factories import couple_dossier

SHOTS = os.environ.get("LANDDESK_SHOTS")


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def test_phone_dialog_page_shows_in_the_scan_panel_at_once(qtbot, ws, window):
    did, num = new_dossier(ws, "CS 400001")
    panel = window.page("form").panel
    with qtbot.waitSignal(panel.pages_shown, timeout=10_000):
        window.wctx.hub.open_dossier.emit(did, None)
    dlg = PhoneCaptureDialog(window.wctx, did, "gcn", window, host=HOST)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.server is not None, timeout=10_000)
    url = dlg.server.url
    assert dlg.address.text() == url and not dlg.qr.pixmap().isNull()
    assert f"Hồ sơ số {num}" in dlg.target.text() and "Địa chỉ còn dùng được 29:" in dlg.countdown.text()
    answer = {}
    sender = threading.Thread(target=lambda: answer.update(r=post(url + "upload?kind=gcn&name=IMG_7.jpg",
                                                                  synth_photos.photo(7).jpeg)))
    with qtbot.waitSignal(panel.pages_shown, timeout=20_000) as shown:
        sender.start()
        qtbot.waitUntil(lambda: dlg.log.count() == 1, timeout=20_000)
    sender.join(10)
    assert answer["r"][0] == 200 and shown.args == [1]
    assert dlg.log.item(0).text().startswith(f"✓ Đã nhận: hồ sơ số {num}, GCN trang 1")
    shot(dlg, "phone-dialog-vi.png")
    dlg.done(0)
    with pytest.raises(OSError):  # closed: nothing listens any more
        urllib.request.urlopen(url, timeout=5)
    assert len(ws.read(lambda ctx: scans.list_pages(ctx, did))) == 1


def test_network_scan_dialog(qtbot, ws, window, monkeypatch):
    did, num = new_dossier(ws, "CS 400002")
    found = [escl_scan.FoundScanner("Máy in tầng 2", "http://192.0.2.9:80/eSCL", "MFP")]
    monkeypatch.setattr(ScannerFinder, "find", classmethod(lambda cls, seconds=3.0: found))
    with SimScanner(jpegs(2, 80)) as sim:
        dlg = EsclScanDialog(window.wctx, did, "gcn", window)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: f"Hồ sơ số {num}" in dlg.target.text(), timeout=10_000)
        dlg.find()
        qtbot.waitUntil(lambda: dlg.scanner.count() == 1, timeout=10_000)
        assert "Tìm thấy 1 máy quét" in dlg.status.text()
        dlg.scanner.setEditText(sim.url)
        dlg.dpi.setCurrentIndex(1)
        with qtbot.waitSignal(dlg.finished_scan, timeout=30_000) as done:
            dlg.scan()
    rep = done.args[0]
    assert rep.error is None and len(rep.pages) == 2 and "200" in sim.settings[0]
    qtbot.waitUntil(lambda: dlg.log.count() == 2, timeout=5_000)
    assert "Đã lưu 2 trang" in dlg.status.text()
    shot(dlg, "escl-dialog-vi.png")
    assert ws.read(lambda ctx: escl_scan.last_scanner(ctx)) == sim.url
    dlg.done(0)


def test_editor_offers_the_card_values(qtbot, ws, window, tmp_path):
    d = couple_dossier()
    did = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier.id
    wife = "024185005678||Trần Thị Hòa|21111985|Nữ|Thôn Đông, Phường Bắc Giang|10052022"
    stranger = "001190123456||Lê Thị Mai Anh|05061990|Nữ|Hà Nội|01022023"
    page = card_page(tmp_path, "gt.jpg", [GOOD, wife, stranger])
    ws.transact(lambda ctx: scans.add_files(ctx, [page], did, "gt"))
    editor = window.page("form")
    offers = editor.card_offers
    window.wctx.hub.open_dossier.emit(did, None)
    qtbot.waitUntil(lambda: offers.isVisible() and len(offers.reads) == 3, timeout=20_000)
    text = offers.text()
    assert "Số CMND: — ≠ thẻ 121234567" in text and "Ngày sinh: 20/11/1985 ≠ thẻ 21/11/1985" in text
    assert "Thêm người sử dụng từ thẻ" in text
    window.resize(1366, 768)
    qtbot.wait(100)
    shot(window, "editor-idcards-vi.png")
    wife_read = next(i for i, r in enumerate(offers.reads) if r.card and r.card.cccd == "024185005678")
    offers._link(f"use:{wife_read}:1:birth")
    assert editor.holders[1].birth.value() == "21/11/1985"
    assert "≠ thẻ 21/11/1985" not in offers.text()
    stranger_read = next(i for i, r in enumerate(offers.reads) if r.card and r.card.cccd == "001190123456")
    offers._link(f"add:{stranger_read}")
    assert len(editor.holders) == 3 and editor.holders[2].name.value() == "LÊ THỊ MAI ANH"
