"""The review view in the window (offscreen): problems by rule with fix in place, a bulk fix with
preview, verification from an extract with confirmation, double entry through the blind dialog."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from landdesk.demo import extract as ed  # noqa: E402
from landdesk.domain.codes import UserRole  # noqa: E402
from landdesk.services import double_entry as de  # noqa: E402
from landdesk.services import verification as v  # noqa: E402
from landdesk.services.dossiers import get_dossier, save_dossier  # noqa: E402
from landdesk.services.users import add_user  # noqa: E402
from landdesk.storage.uow import Actor  # noqa: E402
from tests.factories import couple_dossier  # noqa: E402


@pytest.fixture
def window(ws, qtbot):
    from landdesk.ui.app import build_window

    w = build_window(ws)
    qtbot.addWidget(w)
    yield w
    w.wctx.runner.wait_idle()


def _idle(window):
    assert window.wctx.runner.wait_idle(30)


def _review(window):
    view = window.show_view("review") or window.page("review")
    _idle(window)
    return view


def _children(tree):
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out += [top.child(j) for j in range(top.childCount())]
    return out


def test_fix_in_place_and_bulk_fix(ws, window, monkeypatch, qtbot):
    from landdesk.ui.dialogs.double_entry import ConfirmPreview

    d = couple_dossier("CS 700001", "7", "70")
    d.parcels[0].area = 300.0  # land uses add up to 250
    d.parcels[0].land_uses[1].code = "LNQ"
    d = ws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True)).dossier
    view = _review(window)
    assert "review" in window.view_ids()
    items = [i for i in _children(view.tree) if i.data(0, 256).rule == "area.sum_mismatch"]
    assert len(items) == 1
    view.tree.setCurrentItem(items[0])
    _idle(window)
    assert view.field_edit.isEnabled() and view.field_edit.text() == "300,0"
    view.field_edit.setText("250")
    view.save_button.click()
    _idle(window)
    assert ws.read(lambda ctx: get_dossier(ctx, d.id)).parcels[0].area == 250.0
    assert "area.sum_mismatch" not in {i.data(0, 256).rule for i in _children(view.tree)}
    assert not view.stale_label.isHidden()  # the rest of the list may be out of date: say so

    shown = {}
    monkeypatch.setattr(ConfirmPreview, "ask", classmethod(lambda cls, p, title, text, ok: shown.update(text=text) or True))
    view.findChild(type(view.save_button), "fix_land_use").click()
    _idle(window)
    assert "LNQ → CLN" in shown["text"]
    assert ws.read(lambda ctx: get_dossier(ctx, d.id)).parcels[0].land_uses[1].code == "CLN"
    window.show_view("review")
    view.reload_problems()
    _idle(window)
    assert view.stale_label.isHidden()
    assert "Nhóm 1" in view.problems_summary.text()


def test_verification_and_double_entry_in_the_window(ws, window, monkeypatch, tmp_path):
    from landdesk.ui.dialogs.double_entry import ConfirmPreview, DoubleEntryDialog
    from landdesk.ui.views.review_view import SamplePrompt
    from landdesk.ui.widgets.filepick import FilePick

    given = ("AN", "BÌNH", "CHI", "DŨNG")
    for i in range(4):
        d = couple_dossier(f"CS 80000{i}", "8", str(i))
        d.holders[0].cccd, d.holders[0].name = f"02408000123{i}", f"NGUYỄN VĂN {given[i]}"
        d.holders[1].cccd, d.holders[1].name = f"02418500567{i}", f"TRẦN THỊ {given[i]}"
        ws.transact(lambda ctx, d=d: save_dossier(ctx, d))
    holders = ws.read(v.load_holders)
    ex = ed.make_extract(holders[:6], seed=2, rate=0.0)  # everyone clean, the last two left out
    path = tmp_path / "extract.xlsx"
    ed.write_extract(path, ex.records)
    view = _review(window)
    monkeypatch.setattr(FilePick, "open", classmethod(lambda cls, parent, title, pattern: str(path)))
    shown = {}
    monkeypatch.setattr(ConfirmPreview, "ask", classmethod(lambda cls, p, title, text, ok: shown.update(text=text) or True))
    view.findChild(type(view.save_button), "verifyExtract").click()
    _idle(window)
    assert "Chưa có gì thay đổi cho đến khi bạn xác nhận" in shown["text"]
    figures = ws.read(v.verification_figures)
    assert (figures["verified"], figures["needs_police"]) == (6, 2)
    assert "đã xác thực 6" in view.verification.verify_summary.text()
    assert view.verification.results_tree.topLevelItemCount() == 1  # not found (2)

    # double entry: the admin queues everything; a second officer re-keys blind
    monkeypatch.setattr(SamplePrompt, "ask", classmethod(lambda cls, parent, title, label: 1.0))
    view.findChild(type(view.save_button), "deRequest").click()
    _idle(window)
    ws.transact(lambda ctx: add_user(ctx, "officer2", "secret-pass-2", UserRole.OFFICER))
    ws.actor = Actor("officer2", UserRole.OFFICER)
    seen = {}

    def fake_ask(cls, parent, fields, lang="vi", dossier_label=""):
        seen["labels"] = [f.label(lang) for f in fields]
        return {f.key: "1" for f in fields}  # all wrong on purpose

    monkeypatch.setattr(DoubleEntryDialog, "ask", classmethod(fake_ask))
    view.key_next()
    _idle(window)
    assert seen["labels"][0] == "Số phát hành GCN"
    ws.actor = Actor("admin", UserRole.ADMIN)
    view.reload_double_entry()
    _idle(window)
    assert view.mismatch_tree.topLevelItemCount() == len(seen["labels"])
    view.mismatch_tree.setCurrentItem(view.mismatch_tree.topLevelItem(0))
    view.resolve_mismatch("first")
    _idle(window)
    assert ws.read(de.error_rates)["officers"]["officer2"]["rekey_errors"] == 1


def test_double_entry_dialog_shows_no_values(qtbot):
    from PySide6.QtCore import Qt

    from landdesk.services.double_entry import BlindField
    from landdesk.ui.dialogs.double_entry import DoubleEntryDialog

    dlg = DoubleEntryDialog(None, [BlindField("serial", "Số phát hành GCN", "Certificate serial"),
                                   BlindField("registry_no", "Số vào sổ cấp GCN", "Registry entry number")])
    qtbot.addWidget(dlg)
    dlg.show()
    edit = dlg.edits["serial"]
    assert edit.text() == "" and dlg.edits["registry_no"].text() == ""  # nothing of the first keying shown
    edit.setFocus()
    qtbot.keyClicks(edit, "CS 123456")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter moves on, it does not submit
    assert dlg.isVisible() and dlg.focusWidget() is dlg.edits["registry_no"]
    qtbot.keyClicks(dlg.edits["registry_no"], "CH 00149")
    qtbot.keyClick(dlg.edits["registry_no"], Qt.Key.Key_Return)
    assert dlg.result() == dlg.DialogCode.Accepted
    assert dlg.values() == {"serial": "CS 123456", "registry_no": "CH 00149"}


def test_correct_a_whole_reason_group(ws, window, monkeypatch, tmp_path):
    from dataclasses import replace

    from landdesk.ui.dialogs.double_entry import ConfirmPreview

    d = couple_dossier("CS 900101", "9", "1")
    ws.transact(lambda ctx: save_dossier(ctx, d))
    holders = ws.read(v.load_holders)
    records = [replace(h.person, name=ed.real_variant(h.person.name)) for h in holders]  # another given name
    path = tmp_path / "extract.csv"
    ed.write_extract(path, records)
    preview = ws.read(lambda ctx: v.preview_extract(ctx, path))
    ws.transact(lambda ctx: v.commit_preview(ctx, preview))
    view = _review(window).verification
    top = view.results_tree.topLevelItem(0)
    assert top.childCount() == 2
    view.results_tree.setCurrentItem(top)
    monkeypatch.setattr(ConfirmPreview, "ask", classmethod(lambda cls, p, title, text, ok: "→" in text))
    from PySide6.QtWidgets import QPushButton

    view.findChild(QPushButton, "verifyApply").click()
    _idle(window)
    names = [h.name for h in ws.read(lambda ctx: get_dossier(ctx, d.id)).holders]
    assert names == [ed.real_variant(h.person.name) for h in holders]
    assert ws.read(v.verification_figures)["corrected"] == 2
    assert view.results_tree.topLevelItemCount() == 0
