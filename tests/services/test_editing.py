"""The editor's model without Qt: dirty or not, undo steps, drafts once per change, save decisions."""

from __future__ import annotations

import dataclasses

from landdesk.domain import rules
from landdesk.domain.model import Dossier, Holder
from landdesk.services.editing import EditSession, SavePlan, check
from tests.factories import couple_dossier


def _form(d: Dossier) -> Dossier:
    """What a form hands back: content with a fresh id (the session stamps the loaded one's)."""
    return dataclasses.replace(d, id="form-made", num=0, revision=0)


def test_a_saved_dossier_is_clean_until_its_content_changes():
    saved = dataclasses.replace(couple_dossier(), num=7, revision=3)
    s = EditSession()
    s.start(saved, _form(saved), exists=True)
    shown = s.stamp(_form(saved))
    assert shown.id == saved.id and shown.num == 7 and not s.is_dirty(shown)
    typed = s.stamp(_form(dataclasses.replace(saved, serial="CS 999999")))
    assert s.is_dirty(typed)
    assert s.save_plan(shown, []) == SavePlan.UNCHANGED and s.save_plan(typed, []) == SavePlan.SAVE


def test_a_new_dossier_is_clean_as_the_blank_form_shows_it():
    s = EditSession(source=Dossier(commune_code="07210"))
    blank = Dossier(commune_code="07210", village="Thôn Đông")
    s.start(s.source, blank, exists=False)
    assert not s.is_dirty(s.stamp(blank))
    assert not s.draft_due(s.stamp(blank))


def test_undo_and_redo_walk_the_snapshots():
    s = EditSession()
    s.start(Dossier(), Dossier(), exists=False)
    one = s.stamp(Dossier(serial="AB 1"))
    two = s.stamp(Dossier(serial="AB 1", holders=[Holder(name="X")]))
    assert s.record(one) and not s.record(one) and s.record(two)
    assert s.undo()["holders"] == [] and s.undo()["serial"] == "" and s.undo() is None
    assert s.redo()["serial"] == "AB 1" and s.redo()["holders"][0]["name"] == "X" and s.redo() is None


def test_a_draft_is_due_once_per_change_and_never_while_saving():
    s = EditSession()
    s.start(Dossier(), Dossier(), exists=False)
    typed = s.stamp(Dossier(serial="AB 1"))
    assert s.draft_due(typed) and not s.draft_due(typed)
    s.saving = True
    assert not s.draft_due(s.stamp(Dossier(serial="AB 12")))


def test_errors_known_for_this_content_refuse_the_save_without_running_the_rules_again(monkeypatch):
    s = EditSession()
    s.start(Dossier(), Dossier(), exists=False)
    bad = s.stamp(Dossier(commune_code="07210", holders=[Holder(name="A", cccd="12345")]))
    problems = check(bad, [])
    s.remember_check(bad, problems)
    runs = []
    monkeypatch.setattr(rules, "validate_dossier", lambda *a, **k: runs.append(1) or [])
    assert s.save_plan(bad, []) == SavePlan.REFUSE and runs == []
    changed = s.stamp(Dossier(commune_code="07210", holders=[Holder(name="A", cccd="024080001234")]))
    assert s.known_problems(changed) is None and s.save_plan(changed, []) == SavePlan.SAVE


def test_unreadable_values_refuse_the_save():
    s = EditSession()
    s.start(Dossier(), Dossier(), exists=False)
    unreadable = rules.validate_field("date", "31/02/2012", {"path": "issue_date"})
    assert s.save_plan(s.stamp(Dossier(serial="AB 1")), unreadable) == SavePlan.REFUSE


def test_neighbours_in_the_list_it_was_opened_from():
    s = EditSession(sequence=["a", "b", "c"])
    s.start(Dossier(id="b"), Dossier(), exists=True)
    assert (s.neighbour(-1), s.neighbour(+1), s.neighbour(+2)) == ("a", "c", None)
    s.saved(Dossier(id="d"))
    assert s.sequence == ["a", "b", "c", "d"]


def test_discarding_forgets_the_draft_and_a_closing_form_is_clean():
    s = EditSession()
    s.start(Dossier(), Dossier(), exists=False)
    typed = s.stamp(Dossier(serial="AB 1"))
    assert s.draft_due(typed) and s.is_dirty(typed)
    s.discard()
    assert s.draft_state is None and s.is_dirty(typed)  # the form is about to show something else
    s.discard(typed)  # the window closes on what it shows: nothing left to ask about
    assert not s.is_dirty(typed)
