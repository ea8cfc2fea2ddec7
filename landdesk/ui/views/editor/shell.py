"""The Form 01 editor: one whole dossier, keyboard first. This shell puts the parts together and
runs the work through Op:

- form.py (DossierForm): the cards, filled from and collected to a Dossier, in one keyboard order;
- services/editing.py (EditSession, no Qt): what was loaded, dirty or not, undo steps, when a
  draft or a save is due;
- problems.py: the problem list and the duplicates banner; history.py: the history tab;
- commands.py: the commands and their keys (the window's menus show the same table);
- the right-hand panel from landdesk/ui/widgets/scan_panel.py.

Validation is the domain's (services.dossiers.validate; unreadable dates and areas through
rules.validate_field): at each typing pause, and once per save (the service's own run; the form shows
what the save returned). Errors block saving, warnings never do. A draft is written at each pause,
so a crash loses at most the field being typed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.codes import Severity
from landdesk.domain.errors import LandDeskError, ValidationFailed
from landdesk.domain.model import Dossier
from landdesk.domain.serialize import dossier_from_dict
from landdesk.services import dossiers as dossier_service
from landdesk.services import editing
from landdesk.ui.tasks import Op
from landdesk.ui.views.editor import commands, drafts, leaving
from landdesk.ui.views.editor.body import EditorBody
from landdesk.ui.views.editor.form import DossierForm
from landdesk.ui.views.editor.header import EditorHeader
from landdesk.ui.views.editor.history import HistoryTable
from landdesk.ui.views.editor.idcards import IdCardOffers, stacked
from landdesk.ui.views.editor.problems import DuplicateBanner, ProblemList

log = logging.getLogger("landdesk.ui")

SETTLE_MS = 250  # typing pause after which the editor validates, snapshots and writes the draft


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Editor", text, None, n)  # n: a count, for the plural form ("1 dossier", "2 dossiers")


class DossierEditor(QWidget):
    saved = Signal(str)  # dossier id, after a successful save
    loaded_signal = Signal(str)  # dossier id, after the form shows a dossier
    draft_written = Signal(str)  # draft key

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.lang = wctx.lang
        self.session = editing.EditSession(source=Dossier(commune_code=wctx.ws.info.commune_code))
        self.problems: list = []
        self.duplicates: list = []

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(SETTLE_MS)
        self._idle.timeout.connect(self.settle)

        self.header = EditorHeader()
        self.header.save_clicked.connect(lambda: self.save())
        self.header.save_next_clicked.connect(self.save_and_next)
        self.header.previous_clicked.connect(self.go_previous)
        self.header.next_clicked.connect(self.go_next)

        self.form = DossierForm(self.lang)
        self.form.edited.connect(self._edited)
        self.form.field_left.connect(lambda: self._idle.start(0))  # leaving a field: commit the draft now
        self.form.structure_changed.connect(self.settle)
        self.form.qr_filled.connect(self._qr_filled)
        self.dup_banner = DuplicateBanner(self.lang)
        self.dup_banner.dossier_chosen.connect(lambda did: self.open_dossier(did, self.session.sequence))
        self.dup_banner.found.connect(self._duplicates_found)
        self.problem_list = ProblemList(self.lang)
        self.problem_list.path_chosen.connect(self.form.focus_path)
        self.history = HistoryTable(self.lang)
        self.card_offers = IdCardOffers(wctx, self.form)  # chip-card QR codes read from the pages
        self.body = EditorBody(wctx, stacked(self.dup_banner, self.card_offers), self.form, self.problem_list,
                               self.history)
        self.splitter, self.tabs, self.panel = self.body, self.body.tabs, self.body.panel
        self.tabs.currentChanged.connect(lambda i: self._load_history() if i == 1 else None)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.body, 1)

        self.actions_by_name = commands.bind(self)
        self.new_dossier()

    # ---- the parts, as tests and other views know them ----------------------------------------

    # The parts, as tests and other views know them.
    cert = property(lambda self: self.form.cert)
    holders = property(lambda self: self.form.holders)
    parcels = property(lambda self: self.form.parcels)
    notes = property(lambda self: self.form.notes)
    dossier = property(lambda self: self.session.source, doc="as loaded: id, number, revision, status")
    exists = property(lambda self: self.session.exists)
    sequence = property(lambda self: self.session.sequence)

    def event(self, e) -> bool:
        # Undo/redo belong to the whole form, not to the line edit that has focus.
        if e.type() == QEvent.Type.ShortcutOverride and (e.matches(QKeySequence.StandardKey.Undo)
                                                          or e.matches(QKeySequence.StandardKey.Redo)):
            e.ignore()
            return True
        return super().event(e)

    def collect(self) -> Dossier:
        """The dossier as typed, with the loaded one's id and bookkeeping."""
        return self.session.stamp(self.form.collect())

    def is_dirty(self) -> bool:
        return self.session.is_dirty(self.collect())

    def errors(self) -> list:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    def widget_for(self, path: str) -> QWidget | None:
        return self.form.widget_for(path)

    # ---- typing pauses: checks, undo steps, drafts --------------------------------------------

    def _edited(self) -> None:
        self._idle.start()
        self.header.set_modified(True)  # at once; the pause decides (typed back to the saved value: clean)

    def settle(self) -> None:
        """Validate, snapshot for undo, write the draft, look for duplicates (after a typing pause)."""
        self._idle.stop()
        if self.form.applying or self.form.qr_arriving():
            return
        d = self.collect()
        self._show_problems(editing.check(d, self.form.unreadable_problems()), d)
        self.session.record(d)
        self._write_draft(d)
        self._check_duplicates(d)
        self._update_title(d)

    def _write_draft(self, d: Dossier) -> None:
        if not self.session.draft_due(d):
            return
        key = d.id
        Op(self.wctx, lambda ctx: dossier_service.save_draft(ctx, key, d), parent=self) \
            .success(lambda _r: self._draft_saved(key)).failure(lambda exc: log.warning("draft not written: %s", exc)) \
            .run()

    def _draft_saved(self, key: str) -> None:
        self.header.say(tr("Bản nháp đã lưu lúc %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        self.draft_written.emit(key)

    def _show_snapshot(self, snap: dict | None) -> None:
        if snap is None:
            return
        focus = self.form.path_of(self.focusWidget())
        self.form.fill(dossier_from_dict(snap))
        d = self.collect()
        self._show_problems(editing.check(d, self.form.unreadable_problems()), d)
        self._write_draft(d)
        self._update_title(d)
        self.form.focus_path(focus)

    def undo(self) -> None:
        self.settle()  # what was typed since the last pause becomes one step
        self._show_snapshot(self.session.undo())

    def redo(self) -> None:
        self._show_snapshot(self.session.redo())

    def add_holder(self) -> None:
        self.form.add_holder()

    def add_parcel(self) -> None:
        self.form.add_parcel()

    def add_land_use(self) -> None:
        self.form.add_land_use()

    def _qr_filled(self) -> None:
        self.wctx.hub.status_message.emit(tr("Đã điền chủ sử dụng từ mã QR của thẻ CCCD."))
        self.settle()

    # ---- problems and duplicates ------------------------------------------------------------

    def _show_problems(self, problems: list, checked: Dossier | None = None) -> None:
        """Paint and list `problems`; `checked`: the content they were found in (a save reuses them)."""
        self.problems = problems
        if checked is not None:
            self.session.remember_check(checked, problems)
        self.form.decorate(problems, self.duplicates)
        self.problem_list.show_problems(problems)

    def _check_duplicates(self, d: Dossier) -> None:
        self.dup_banner.look_up(self.wctx, d)

    def _duplicates_found(self, found: list) -> None:
        self.duplicates = found
        self.form.decorate(self.problems, self.duplicates)

    # ---- loading ----------------------------------------------------------------------------

    def new_dossier(self) -> None:
        village = self.dossier.village if self.exists else ""
        self._load(Dossier(commune_code=self.wctx.ws.info.commune_code, village=village, received_on=date.today()),
                   exists=False)
        self.cert.fields["serial"].setFocus()

    def _load(self, d: Dossier, *, exists: bool, baseline: Dossier | None = None, problems=None) -> None:
        """Show `d`. `baseline`: the saved version when `d` is a draft; `problems`: what a save just
        found in `d` (the rules are not run again)."""
        self.form.fill(d)
        shown = self.form.collect()
        self.session.start(d, shown, exists=exists, baseline=baseline)
        shown = self.session.stamp(shown)
        self.duplicates = []
        self.dup_banner.reset()
        if problems is None:
            problems = editing.check(shown, self.form.unreadable_problems()) if exists else []
        self._show_problems(problems, shown if exists else None)
        if exists or baseline is not None:
            self._check_duplicates(shown)
        self._update_title(shown)
        self.header.say("")
        self.body.show_dossier(d.id if exists else None)
        self.card_offers.show_dossier(d.id if exists else None)
        if self.tabs.currentIndex() == 1:
            self._load_history()
        self.loaded_signal.emit(d.id)

    def _update_title(self, shown: Dossier | None = None) -> None:
        self.header.show_dossier(self.dossier, self.exists, self.lang, self.session.position(), len(self.sequence))
        self.header.set_modified(self.session.is_dirty(shown if shown is not None else self.collect()))

    def open_dossier(self, dossier_id: str | None, sequence=None) -> bool:
        """Show a saved dossier (or a new one for None), once unsaved changes are saved or discarded
        (the officer is asked). A draft left for it is offered back. False when the officer stays."""
        if dossier_id and dossier_id == self.dossier.id and self.exists and self.is_dirty():
            return True  # the dossier being edited: keep the work
        return leaving.leave(self, lambda: self._open(dossier_id, sequence))

    def _open(self, dossier_id: str | None, sequence) -> None:
        if sequence is not None:
            self.session.sequence = list(sequence)
        if not dossier_id:
            self.new_dossier()
            return

        def read(ctx):
            d = dossier_service.get_dossier(ctx, dossier_id)
            drafts = [dd for key, dd in dossier_service.pending_drafts(ctx) if key == d.id]
            return d, (drafts[0] if drafts else None)

        Op(self.wctx, read, parent=self, kind="read").success(lambda res: drafts.opened(self, *res)).run()

    def load_now(self, dossier_id: str) -> None:
        """Synchronous open (screenshots, tests)."""
        self._load(self.wctx.ws.read(lambda ctx: dossier_service.get_dossier(ctx, dossier_id)), exists=True)

    def open_first_for_screenshot(self) -> None:
        from landdesk.services import search

        ids = self.wctx.ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters(problems=True)))
        ids = ids or self.wctx.ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters()))
        if ids:
            self.session.sequence = ids[:50]
            self.load_now(ids[0])

    def restore_draft(self, key: str, pending: list, existing: dict) -> None:
        """A draft left behind (crash, power cut), chosen in the window's draft bar."""
        drafts.restore(self, key, pending, existing)

    # ---- saving and moving on ---------------------------------------------------------------

    def save(self, then=None) -> bool:
        """Save through services.dossiers.save_dossier on the database thread. False when refused
        here (unreadable values, or rule errors found at the last pause in this very content);
        `then` runs after a successful save."""
        self._idle.stop()
        d = self.collect()
        unreadable = self.form.unreadable_problems()
        plan = self.session.save_plan(d, unreadable)
        if plan == editing.SavePlan.REFUSE:
            known = self.session.known_problems(d) or []
            self._show_problems(unreadable + [p for p in known if p not in unreadable])
            self._refused([p for p in self.problems if p.severity == Severity.ERROR])
            return False
        if plan == editing.SavePlan.UNCHANGED:
            self.wctx.hub.status_message.emit(tr("Không có thay đổi để lưu."))
            if then:
                then()
            return True
        self.session.saving = True
        Op(self.wctx, lambda ctx: dossier_service.save_dossier(ctx, d), parent=self) \
            .success(lambda res: self._saved(res, then)).failure(self._save_failed).run(initiator=self)
        return True

    def _refused(self, errors: list) -> None:
        text = tr("Chưa lưu: còn %n lỗi cần sửa.", len(errors))
        self.wctx.hub.status_message.emit(text)
        self.header.say(text)
        if errors:
            self.form.focus_path(errors[0].path)

    def _saved(self, result, then) -> None:
        d = result.dossier
        self.session.saved(d)
        focus = self.form.path_of(self.focusWidget())
        self.saved.emit(d.id)  # committed: the form below only shows the saved (normalised) values
        self._load(d, exists=True, problems=list(result.problems))
        text = tr("Đã lưu hồ sơ số %1.").replace("%1", str(d.num))
        self.header.say(text)
        self.wctx.hub.status_message.emit(text)
        if then:
            then()
        elif focus:
            self.form.focus_path(focus)

    def _save_failed(self, exc: BaseException) -> None:
        self.session.saving = False
        if isinstance(exc, ValidationFailed):
            self._show_problems(exc.problems)
            self._refused(exc.problems)
            return
        from landdesk.ui import tasks

        tasks.show_error(self, exc, self.lang)

    def save_and_next(self) -> None:
        self.save(then=lambda: self.go(+1, or_new=True))

    def go_previous(self) -> None:
        self.go(-1)

    def go_next(self) -> None:
        self.go(+1)

    def go(self, step: int, or_new: bool = False) -> None:
        """PgUp/PgDn: the previous/next dossier of the list it was opened from (saving first)."""
        nxt = self.session.neighbour(step)
        if nxt is None:
            if or_new:
                self.new_dossier()
            return
        if self.is_dirty():
            self.save(then=lambda: self.open_dossier(nxt))
        else:
            self.open_dossier(nxt)

    # ---- history ----------------------------------------------------------------------------

    def _load_history(self) -> None:
        self.history.load(self.wctx, self.dossier.id if self.exists else None)

    # ---- window integration -----------------------------------------------------------------

    def refresh(self, changes, initiator=None) -> None:
        """Another part of the window changed dossiers: reload this one if it is not being edited."""
        if initiator is self:
            return  # our own save: the form already shows what was saved
        if Change.DOSSIERS in changes and self.exists and not self.is_dirty() and not self.session.saving:
            dossier_id = self.dossier.id
            Op(self.wctx, lambda ctx: _get_or_none(ctx, dossier_id), parent=self, kind="read") \
                .success(self._reloaded).run()

    def _reloaded(self, d) -> None:
        # Our own save comes back here too: reload only when someone else changed the dossier.
        if d is not None and d.id == self.dossier.id and d.revision != self.dossier.revision and not self.is_dirty():
            self._load(d, exists=True)

    def activated(self) -> None:
        if not self.form.body.isAncestorOf(self.focusWidget() or self):
            (self.cert.fields["serial"] if not self.exists else self.form).setFocus()

    def can_close(self) -> bool:
        """Unsaved changes: Save / Discard / Cancel before the window closes."""
        return leaving.close(self)

    def save_state(self, settings) -> None:
        self.body.save_state(settings)


def _get_or_none(ctx, dossier_id: str):
    try:
        return dossier_service.get_dossier(ctx, dossier_id)
    except LandDeskError:
        return None
