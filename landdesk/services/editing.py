"""The editor's model of one dossier being edited, without Qt: what was loaded, what is saved, the
undo steps, whether a draft or a save is due. The Form 01 editor (ui/views/editor/) shows it; tests
drive it headless.

The form hands over plain Dossiers (its `collect()`); this keeps
- `source`: the dossier as loaded (its id, number, revision, status: bookkeeping the form never shows);
- `baseline`: the content as saved (or the blank form of a new dossier): dirty = content differs;
- undo steps: whole-dossier snapshots taken at typing pauses and on structure changes;
- `draft_state`: the content last written as a draft (a draft is written once per change).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from landdesk.domain.codes import Severity
from landdesk.domain.model import BOOKKEEPING_FIELDS, Dossier
from landdesk.domain.serialize import comparable, dossier_to_dict
from landdesk.services import dossiers as dossier_service


class SavePlan(StrEnum):
    REFUSE = "refuse"  # errors the officer must fix first
    UNCHANGED = "unchanged"  # saved already, nothing new
    SAVE = "save"


@dataclass
class EditSession:
    source: Dossier = field(default_factory=Dossier)
    exists: bool = False  # saved in the workspace already
    baseline: dict = field(default_factory=dict)
    snapshot: dict = field(default_factory=dict)
    draft_state: dict | None = None
    sequence: list[str] = field(default_factory=list)  # the list it was opened from (PgUp/PgDn)
    saving: bool = False
    undo_steps: list[tuple[dict, dict]] = field(default_factory=list)
    redo_steps: list[tuple[dict, dict]] = field(default_factory=list)
    checked: dict | None = None  # the content the problems below were found in
    problems: list = field(default_factory=list)

    # ---- loading ----------------------------------------------------------------------------

    def start(self, source: Dossier, shown: Dossier, *, exists: bool, baseline: Dossier | None = None) -> None:
        """The form now shows `shown` (its collect() right after filling) for `source`. `baseline`:
        the saved version when `shown` is a draft of it (the form is then dirty)."""
        self.source = source
        self.exists = exists
        shown = self.stamp(shown)
        base = baseline if baseline is not None else (source if exists else None)
        self.baseline = comparable(base) if base is not None else comparable(shown)
        self.snapshot = dossier_to_dict(shown)
        self.draft_state = None
        self.checked = None
        self.undo_steps.clear()
        self.redo_steps.clear()

    def stamp(self, content: Dossier) -> Dossier:
        """The form's content with the loaded dossier's id and bookkeeping."""
        keep = {name: getattr(self.source, name) for name in BOOKKEEPING_FIELDS | {"id", "status"}}
        if not content.commune_code:
            keep["commune_code"] = self.source.commune_code
        return dataclasses.replace(content, **keep)

    @staticmethod
    def draft_differs(saved: Dossier, draft: Dossier | None) -> bool:
        """A draft worth offering back: it says something the saved dossier does not."""
        return draft is not None and comparable(draft) != comparable(saved)

    # ---- state ------------------------------------------------------------------------------

    def is_dirty(self, current: Dossier) -> bool:
        return comparable(current) != self.baseline

    def position(self) -> int:
        return self.sequence.index(self.source.id) if self.source.id in self.sequence else -1

    def neighbour(self, step: int) -> str | None:
        """The id `step` places away in the list it was opened from, None past either end."""
        pos = self.position()
        target = pos + step
        if pos < 0 or not 0 <= target < len(self.sequence):
            return None
        return self.sequence[target]

    # ---- undo -------------------------------------------------------------------------------

    def record(self, current: Dossier) -> bool:
        """A typing pause or a structure change: one undo step when the content moved."""
        snap = dossier_to_dict(current)
        if snap == self.snapshot:
            return False
        self.undo_steps.append((self.snapshot, snap))
        self.redo_steps.clear()
        self.snapshot = snap
        return True

    def undo(self) -> dict | None:
        """The snapshot to show, None when there is nothing to undo."""
        if not self.undo_steps:
            return None
        before, after = self.undo_steps.pop()
        self.redo_steps.append((before, after))
        self.snapshot = before
        return before

    def redo(self) -> dict | None:
        if not self.redo_steps:
            return None
        before, after = self.redo_steps.pop()
        self.undo_steps.append((before, after))
        self.snapshot = after
        return after

    # ---- checks, drafts and saving ----------------------------------------------------------

    def remember_check(self, current: Dossier, problems: list) -> None:
        """The rules' verdict on this content (a typing pause): a save of the same content reuses it."""
        self.checked = comparable(current)
        self.problems = list(problems)

    def known_problems(self, current: Dossier) -> list | None:
        """The problems found in exactly this content, None when it changed since."""
        return self.problems if self.checked is not None and comparable(current) == self.checked else None

    def draft_due(self, current: Dossier) -> bool:
        """True once per new content that is not saved (the caller writes the draft)."""
        state = comparable(current)
        if state == self.baseline or state == self.draft_state or self.saving:
            return False
        self.draft_state = state
        return True

    def save_plan(self, current: Dossier, unreadable: list) -> SavePlan:
        """Before the rules: values the domain cannot read, or errors the rules found in this very
        content at the last pause, refuse the save here; a saved dossier that did not change needs
        no save. Otherwise the rules run once, in the save itself."""
        if any(p.severity == Severity.ERROR for p in unreadable + (self.known_problems(current) or [])):
            return SavePlan.REFUSE
        if self.exists and comparable(current) == self.baseline:
            return SavePlan.UNCHANGED
        return SavePlan.SAVE

    def saved(self, d: Dossier) -> None:
        self.saving = False
        if d.id not in self.sequence:
            self.sequence.append(d.id)

    def discard(self, current: Dossier | None = None) -> None:
        """Forget the unsaved work (the officer chose to). `current`: the form keeps showing it (the
        window is closing) and it no longer counts as a change."""
        self.draft_state = None
        if current is not None:
            self.baseline = comparable(current)


def check(current: Dossier, unreadable: list) -> list:
    """Every problem while typing: the dossier rules and the values that could not be read."""
    return dossier_service.validate(current) + unreadable
