# ruff: noqa: E702  (one line per field: the keystrokes read like the form)
"""Form 01 editor from the keyboard alone: a whole dossier, QR fill, inline validation, drafts, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from landdesk.domain.codes import Gender, LegalForm, Role
from landdesk.services import dossiers
from tests.factories import couple_dossier
from tests.ui.keys import Keyboard, focus, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# chip-card QR payload of an invented person: ID|CMND|name|ddmmyyyy|gender|address|issue date
QR = "024185006789||Trần Thị Hoà|20111985|Nữ|Thôn Đông, Phường Bắc Giang|01012022"


def _editor(win, qtbot):
    win.activateWindow()
    win.show_view("form")
    return win.page("form")


def test_whole_dossier_from_the_keyboard_then_found_unaccented(qtbot, ws, window, record_property, capsys):
    kb = Keyboard(qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() or True)
    window.page("records").table.setFocus()
    kb.shortcut(Qt.Key.Key_N, CTRL)  # new dossier
    editor = window.page("form")
    assert window.current_view_id() == "form"
    assert focus() is editor.cert.fields["serial"]

    kb.data("CS 654321"); kb.enter()
    kb.data("17/05/2012"); kb.enter()
    kb.data("CH 00777"); kb.enter()
    kb.data("Thôn Đông")
    kb.shortcut(Qt.Key.Key_H, CTRL_SHIFT)  # to holder 1 (the blank card a new dossier starts with)
    assert focus() is editor.holders[0].name
    kb.data("Nguyễn Văn Bình"); kb.enter()
    kb.data("024080012345"); kb.enter()
    assert editor.holders[0].gender.value() == Gender.MALE  # prefilled from the CCCD
    kb.enter()  # no CMND
    kb.data("02/03/1980"); kb.enter()
    kb.enter()  # gender already right
    kb.data("Thôn Đông, Phường Bắc Giang"); kb.enter()
    kb.data("vo chong"); kb.enter()
    kb.data("chong")
    kb.shortcut(Qt.Key.Key_H, CTRL_SHIFT)  # holder 2, filled by the QR scanner
    assert focus() is editor.holders[1].name
    kb.scanner(QR)
    h2 = editor.holders[1]
    assert h2.cccd.value() == "024185006789" and h2.name.value() == "TRẦN THỊ HOÀ"
    assert focus() is h2.legal_form
    kb.data("vo chong"); kb.enter()
    kb.data("vo")
    kb.shortcut(Qt.Key.Key_T, CTRL_SHIFT)  # parcel 1
    assert focus() is editor.parcels[0].sheet_cert
    kb.data("12"); kb.enter()
    kb.data("345"); kb.enter()
    kb.data("250"); kb.enter()
    kb.enter()  # address left empty
    kb.data("ont"); kb.enter()
    kb.data("100")
    kb.shortcut(Qt.Key.Key_L, CTRL_SHIFT)  # land use 2
    kb.data("cln"); kb.enter()
    kb.data("150")
    kb.shortcut(Qt.Key.Key_T, CTRL_SHIFT)  # parcel 2
    kb.data("12"); kb.enter()
    kb.data("346"); kb.enter()
    kb.data("80,5"); kb.enter()
    kb.enter()
    kb.data("luc"); kb.enter()
    kb.data("80,5")
    with qtbot.waitSignal(editor.saved, timeout=10000) as sig:
        kb.shortcut(Qt.Key.Key_S, CTRL)

    saved = ws.read(lambda ctx: dossiers.get_dossier(ctx, sig.args[0]))
    assert [h.name for h in saved.holders] == ["NGUYỄN VĂN BÌNH", "TRẦN THỊ HOÀ"]
    assert [h.role for h in saved.holders] == [Role.HUSBAND, Role.WIFE]
    assert {h.legal_form for h in saved.holders} == {LegalForm.COUPLE}
    assert saved.holders[1].cccd == "024185006789" and saved.holders[1].gender == Gender.FEMALE
    assert [(p.sheet_cert, p.parcel_cert, p.area) for p in saved.parcels] == [("12", "345", 250.0), ("12", "346", 80.5)]
    assert [lu.code for lu in saved.land_uses()] == ["ONT", "CLN", "LUC"]
    assert saved.land_uses()[0].raw_text == "Đất ở tại nông thôn"
    assert saved.serial == "CS 654321" and saved.village == "Thôn Đông"

    # found by an unaccented search in the browser
    window.show_view("records")
    view = window.page("records")
    view.search.setFocus()
    type_text("tran thi hoa")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.summary(0).id == saved.id)

    record_property("keystrokes_beyond_data", kb.extra)
    with capsys.disabled():
        print(f"\n[keyboard entry] keystrokes beyond the data: {kb.extra} (data characters typed: {kb.data_chars})")
    assert kb.extra <= 30


def test_errors_block_the_save_inline_and_warnings_do_not(qtbot, ws, window):
    editor = _editor(window, qtbot)
    window.wctx.hub.open_dossier.emit("", None)
    editor.holders[0].name.setFocus()
    type_text("Lê Thị Mai")
    editor.holders[0].cccd.setFocus()
    type_text("02418500123")  # 11 digits: the rules call it an error
    editor.settle()
    assert editor.holders[0].cccd.property("problem") == "error"
    assert any(p.rule == "cccd.format" for p in editor.errors())
    assert not editor.save()
    assert ws.read(lambda ctx: dossiers.search_count(ctx)) if hasattr(dossiers, "search_count") else True
    # complete the number: only warnings remain (no serial, no parcel...), and the save goes through
    type_text("4")
    editor.settle()
    assert not editor.errors() and editor.problems
    with qtbot.waitSignal(editor.saved, timeout=10000):
        assert editor.save()


def test_birth_year_and_gender_checked_against_the_cccd_while_typing(qtbot, window):
    editor = _editor(window, qtbot)
    card = editor.holders[0]
    card.cccd.setFocus()
    type_text("024080012345")  # male, born 1980
    card.birth.setFocus()
    type_text("1979")
    editor.settle()
    assert card.birth.property("problem") in ("", None)
    assert card.cccd.property("problem") == "error"
    assert any(p.rule == "cccd.birth_year" for p in editor.errors())
    card.gender.set_value(Gender.FEMALE)
    card.birth.setText("1980")
    editor.settle()
    assert [p.rule for p in editor.errors()] == ["cccd.gender"]


def test_unreadable_date_is_an_inline_error(qtbot, window):
    editor = _editor(window, qtbot)
    f = editor.cert.fields["issue_date"]
    f.setFocus()
    type_text("31/02/2012")
    editor.settle()
    assert f.property("problem") == "error"
    assert not editor.save()


def test_duplicate_serial_warns_with_a_link(qtbot, ws, window):
    first = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier())).dossier
    editor = _editor(window, qtbot)
    editor.cert.fields["serial"].setFocus()
    type_text("cs 123456")
    editor.settle()
    qtbot.waitUntil(lambda: editor.duplicates != [])
    assert editor.duplicates[0].dossier_id == first.id
    assert f"dossier:{first.id}" in editor.dup_banner.text()
    assert editor.cert.fields["serial"].property("problem") == "duplicate"


def test_draft_survives_a_crash_and_is_offered_back(qtbot, ws, make_window):
    win1 = make_window()
    editor = _editor(win1, qtbot)
    editor.holders[0].name.setFocus()
    with qtbot.waitSignal(editor.draft_written, timeout=5000) as sig:
        type_text("Phạm Văn Đức", editor.holders[0].name)
    key = sig.args[0]
    win1.wctx.runner.wait_idle()
    # "killed": the first window is never saved or closed. A new window (a restart) offers the draft.
    win2 = make_window()
    win2.offer_drafts()
    qtbot.waitUntil(lambda: win2.draft_bar.isVisible())
    assert [k for k, _ in win2.draft_bar.pending] == [key]
    win2.draft_bar.restore_button.click()
    ed2 = win2.page("form")
    assert ed2.holders[0].name.value() == "Phạm Văn Đức"
    assert ed2.is_dirty() and not win2.draft_bar.isVisible()


def test_undo_and_redo_whole_form(qtbot, window):
    editor = _editor(window, qtbot)
    editor.cert.fields["serial"].setFocus()
    type_text("AB 123456")
    editor.settle()
    editor.add_holder()
    type_text("Hoàng Văn Nam")
    editor.settle()
    editor.undo()
    assert editor.holders[0].name.value() == ""
    assert editor.cert.fields["serial"].value() == "AB 123456"
    editor.undo()
    assert editor.cert.fields["serial"].value() == ""
    editor.redo()
    editor.redo()
    assert editor.holders[0].name.value() == "Hoàng Văn Nam"


def test_pgdn_moves_between_dossiers_and_history_tab(qtbot, ws, window):
    a = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier("CS 100001", parcel="1"))).dossier
    b = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier("CS 100002", parcel="2"))).dossier
    editor = window.page("form")
    with qtbot.waitSignal(editor.loaded_signal, timeout=5000):
        window.wctx.hub.open_dossier.emit(a.id, [a.id, b.id])
    with qtbot.waitSignal(editor.loaded_signal, timeout=5000) as sig:
        editor.go(+1)
    assert sig.args[0] == b.id
    editor.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: editor.history.rowCount() > 0)
    assert editor.history.item(0, 1).text() == "admin"


def test_remove_a_holder_and_undo_it(qtbot, ws, window):
    d = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier())).dossier
    editor = _editor(window, qtbot)
    editor.load_now(d.id)
    assert len(editor.holders) == 2
    editor.holders[1].remove_button.click()
    assert [c.name.value() for c in editor.holders] == ["NGUYỄN VĂN THÀNH"]
    assert editor.is_dirty()
    editor.undo()
    assert len(editor.holders) == 2 and editor.holders[1].name.value() == "TRẦN THỊ HOÀ"
    assert not editor.is_dirty()


def test_the_rules_run_once_per_save(qtbot, ws, window, monkeypatch):
    """At a typing pause the rules run (inline checks); the save itself runs them once, in the
    service, and the form shows what the save returned."""
    from landdesk.domain import rules

    editor = _editor(window, qtbot)
    window.wctx.hub.open_dossier.emit("", None)
    real = rules.validate_dossier
    runs = []
    monkeypatch.setattr(rules, "validate_dossier", lambda *a, **k: runs.append(1) or real(*a, **k))
    editor.holders[0].name.setFocus()
    type_text("Lê Thị Mai")
    editor.settle()
    assert len(runs) == 1
    runs.clear()
    with qtbot.waitSignal(editor.saved, timeout=10000):
        assert editor.save()
    window.wctx.runner.wait_idle()
    assert len(runs) == 1
    assert editor.problems and not editor.errors()  # the warnings the save found are shown
    # typed and saved at once, without a pause: still once
    editor.cert.fields["serial"].setFocus()
    type_text("CS 765432")
    runs.clear()
    with qtbot.waitSignal(editor.saved, timeout=10000):
        assert editor.save()
    window.wctx.runner.wait_idle()
    assert len(runs) == 1
