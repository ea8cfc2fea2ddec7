"""The editor's behaviour an officer meets every day (issue 13 items 11, 12, 14): the modified mark
and Save / Discard / Cancel when leaving, visible focus, defaults, short dates, ID numbers typed
with spaces, the land-use text, a readable history."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleFactory

from landdesk.domain.codes import CustodyStatus, HolderKind
from landdesk.services import dossiers
from tests.factories import couple_dossier
from tests.ui.keys import type_text


def _editor(win):
    win.show_view("form")
    return win.page("form")


def _saved(ws, n=2):
    return [ws.transact(lambda ctx, i=i: dossiers.save_dossier(ctx, couple_dossier(f"CS 20000{i}", parcel=str(i))))
            .dossier for i in range(n)]


def test_modified_mark_follows_the_content(qtbot, ws, window):
    a, _b = _saved(ws)
    editor = _editor(window)
    editor.load_now(a.id)
    assert not editor.header.is_modified
    editor.cert.fields["registry_no"].setFocus()
    type_text("X")
    assert editor.header.is_modified  # at the first keystroke, before any pause
    editor.undo()  # back to the saved content: clean again
    assert not editor.header.is_modified and not editor.is_dirty()
    type_text("Y")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert not editor.header.is_modified


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_opening_another_dossier_asks_about_unsaved_changes(qtbot, ws, window, unsaved_prompts, answer):
    a, b = _saved(ws)
    editor = _editor(window)
    with qtbot.waitSignal(editor.loaded_signal, timeout=5000):
        window.wctx.hub.open_dossier.emit(a.id, [a.id, b.id])
    editor.cert.fields["issuer"].setFocus()
    type_text("Sở Tài nguyên")
    unsaved_prompts["answers"].append(answer)
    if answer == "cancel":
        window.wctx.hub.open_dossier.emit(b.id, None)
        window.wctx.runner.wait_idle()
        assert editor.dossier.id == a.id and editor.cert.fields["issuer"].value() == "Sở Tài nguyên"
    else:
        with qtbot.waitSignal(editor.loaded_signal, timeout=5000, check_params_cb=lambda did: did == b.id):
            window.wctx.hub.open_dossier.emit(b.id, None)
        window.wctx.runner.wait_idle()
        issuer = ws.read(lambda ctx: dossiers.get_dossier(ctx, a.id)).issuer
        assert issuer == ("Sở Tài nguyên" if answer == "save" else "")
        assert ws.read(dossiers.pending_drafts) == []  # saved or discarded: no draft is left behind
    assert unsaved_prompts["asked"] == [f"Hồ sơ số {a.num}"]


def test_new_dossier_and_quitting_ask_too(qtbot, ws, window, unsaved_prompts):
    editor = _editor(window)
    editor.holders[0].name.setFocus()
    type_text("Lê Văn Tám")
    unsaved_prompts["answers"] += ["cancel", "cancel", "save"]
    window.act_new.trigger()  # Ctrl+N: cancelled, the work stays
    assert editor.holders[0].name.value() == "Lê Văn Tám"
    assert not window.close()  # quitting: cancelled, the window stays
    assert window.isVisible()
    assert window.close()  # quitting: saved first
    assert unsaved_prompts["asked"] == ["Hồ sơ mới"] * 3
    saved = ws.read(lambda ctx: dossiers.get_dossier(ctx, "1"))
    assert saved.holders[0].name == "LÊ VĂN TÁM"


def test_quitting_refused_save_keeps_the_window(qtbot, ws, window, unsaved_prompts):
    editor = _editor(window)
    editor.holders[0].cccd.setFocus()
    type_text("12345")  # not 12 digits: an error
    unsaved_prompts["answers"].append("save")
    assert not window.close()
    assert editor.errors()


@pytest.mark.parametrize("style", ["Fusion", "Windows"])
def test_focus_is_visible_on_every_kind_of_field(qtbot, window, style):
    editor = _editor(window)
    fields = [editor.cert.fields["serial"], editor.holders[0].gender, editor.parcels[0].uses[0].code,
              editor.holders[0].birth]
    for w in fields:
        w.setStyle(QStyleFactory.create(style))
        window.activateWindow()
        editor.notes.setFocus()
        before = w.grab().toImage()
        w.setFocus(Qt.FocusReason.TabFocusReason)
        assert w.hasFocus()
        after = w.grab().toImage()
        # the frame: the border pixels change to the focus colour
        edge = [(x, 1) for x in range(2, w.width() - 2, 7)] + [(1, y) for y in range(2, w.height() - 2, 3)]
        changed = sum(before.pixelColor(x, y) != after.pixelColor(x, y) for x, y in edge)
        assert changed > len(edge) * 0.8, (w.objectName(), style, changed, len(edge))
        assert after.pixelColor(1, w.height() // 2).name() == "#1565c0"


def test_defaults_second_holder_and_received_today(qtbot, window):
    editor = _editor(window)
    window.wctx.hub.open_dossier.emit("", None)
    assert editor.cert.fields["received_on"].value() == date.today().strftime("%d/%m/%Y")
    assert not editor.is_dirty()
    editor.holders[0].name.setFocus()
    type_text("A")
    editor.add_holder()
    first, second = editor.holders
    assert second.kind.value() == first.kind.value() == HolderKind.PERSON
    assert [second.fields[k].isVisibleTo(second) for k in ("cccd", "org_id")] == \
        [first.fields[k].isVisibleTo(first) for k in ("cccd", "org_id")]


@pytest.mark.parametrize("typed", ["12032019", "12/3/19", "12-3-2019"])
def test_short_dates_are_read_and_shown_in_full(qtbot, ws, window, typed):
    editor = _editor(window)
    field = editor.cert.fields["issue_date"]
    field.setFocus()
    type_text(typed)
    editor.cert.fields["registry_no"].setFocus()  # leaving the field
    assert field.text() == "12/03/2019"
    assert editor.collect().issue_date == date(2019, 3, 12)


def test_spaces_in_a_cccd_are_removed(qtbot, ws, window):
    editor = _editor(window)
    card = editor.holders[0]
    card.name.setFocus()
    type_text("Lê Thị Mai")
    card.cccd.setFocus()
    type_text("024 185 001 234")
    card.birth.setFocus()
    assert card.cccd.text() == "024185001234"
    with qtbot.waitSignal(editor.saved, timeout=10000):
        assert editor.save()
    assert ws.read(lambda ctx: dossiers.get_dossier(ctx, "1")).holders[0].cccd == "024185001234"


def test_land_use_text_is_shown_when_a_code_is_picked_never_filled_silently(qtbot, ws, window):
    d = couple_dossier()
    d.parcels[0].land_uses[0].raw_text = ""
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d)).dossier
    assert saved.parcels[0].land_uses[0].raw_text == ""
    editor = _editor(window)
    editor.load_now(saved.id)
    row = editor.parcels[0].uses[0]
    assert row.raw_text.value() == "" and editor.collect().parcels[0].land_uses[0].raw_text == ""
    assert not editor.is_dirty()
    row.code.setFocus()
    type_text("cln")  # picking a code shows its name in the field, where the officer sees it
    assert row.code.value() == "CLN" and row.raw_text.text() == "Đất trồng cây lâu năm"
    row.raw_text.setText("vườn")  # the certificate's own wording is kept when the code changes
    row.code.setFocus()
    type_text("ont")
    assert row.raw_text.text() == "vườn"


def test_history_reads_like_the_form(qtbot, ws, window):
    d = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier())).dossier
    d.registry_no = "CH 00150"
    d.custody = CustodyStatus.BANK
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, reason="sửa theo GCN"))
    editor = _editor(window)
    editor.load_now(d.id)
    editor.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: editor.history.rowCount() > 2)
    h = editor.history
    headers = [h.horizontalHeaderItem(c).text() for c in range(h.columnCount())]
    assert all(headers)
    rows = [[h.item(r, c).text() for c in range(h.columnCount())] for r in range(h.rowCount())]
    newest = {r[3]: r for r in rows if r[2] == "Sửa"}
    assert newest["Số vào sổ cấp GCN"][4] == "CH 00149 → CH 00150"
    assert newest["Tình trạng GCN"][4] == "Đã thu nhận → Đang thế chấp tại ngân hàng"
    assert newest["Tình trạng GCN"][5] == "sửa theo GCN"
    created = [r for r in rows if r[2] == "Tạo mới"]
    assert any(r[3] == "Ngày cấp GCN" and r[4] == "— → 17/05/2012" for r in created)
    assert not any("registry_no" in r[3] or "custody" in r[3] or "_" in r[3] for r in rows)
