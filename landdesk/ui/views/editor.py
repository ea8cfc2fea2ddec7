"""The Form 01 editor: one whole dossier, keyboard first.

- Validation is the domain's (services.dossiers.validate → rules.validate_dossier; unreadable dates
  and areas through rules.validate_field); errors block saving, warnings never do.
- A draft is written (services.dossiers.save_draft) each time typing pauses, so a crash or power cut
  loses at most the field being typed; the window offers it back on the next start.
- Undo/redo works on whole-dossier snapshots taken at the same pauses.
- Duplicate warnings (services.duplicates) link to the other dossier.
- The right-hand panel comes from landdesk/ui/widgets/scan_panel.py when that module exists.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain import rules
from landdesk.domain.codes import ChangeReason, CustodyStatus, Severity
from landdesk.domain.errors import LandDeskError, ValidationFailed
from landdesk.domain.model import CurrentUser, Dossier, Holder, LandUse, Parcel
from landdesk.domain.serialize import comparable, dossier_from_dict, dossier_to_dict, to_plain
from landdesk.domain.values import format_date, format_local_time, parse_date
from landdesk.services import audit as audit_service
from landdesk.services import dossiers as dossier_service
from landdesk.services.duplicates import find_duplicates
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec, side_panel
from landdesk.ui.widgets.dossier_cards import Card, HolderCard, ParcelCard
from landdesk.ui.widgets.fields import NotesField, TextField, enum_picker

log = logging.getLogger("landdesk.ui")

SETTLE_MS = 250  # typing pause after which the editor validates, snapshots and writes the draft
_PATH = re.compile(r"(holders|parcels)\[(\d+)\]\.(.+)")


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


class _Snapshot(QUndoCommand):
    def __init__(self, editor: DossierEditor, before: dict, after: dict):
        super().__init__()
        self.editor, self.before, self.after = editor, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the form already shows `after`
            self._first = False
            return
        self.editor._apply_snapshot(self.after)

    def undo(self) -> None:
        self.editor._apply_snapshot(self.before)


class DossierEditor(QWidget):
    saved = Signal(str)  # dossier id, after a successful save
    loaded_signal = Signal(str)  # dossier id, after the form shows a dossier
    draft_written = Signal(str)  # draft key

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.lang = wctx.lang
        self.dossier = Dossier(commune_code=wctx.ws.info.commune_code)  # what the form was loaded from
        self.exists = False  # saved in the workspace already
        self.sequence: list[str] = []
        self.problems: list = []
        self.duplicates: list = []
        self._baseline: dict = {}
        self._snapshot: dict = {}
        self._draft_state: dict | None = None
        self._decorated: list = []
        self._dup_generation = 0
        self._dup_key: tuple | None = None
        self._applying = False
        self._saving = False
        self.undo_stack = QUndoStack(self)
        self._qr_clock = QElapsedTimer()

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(SETTLE_MS)
        self._idle.timeout.connect(self.settle)

        # ---- header -----------------------------------------------------------------------------
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.state = QLabel()
        self.state.setObjectName("editorState")
        self.btn_save = QPushButton(tr("Lưu (Ctrl+S)"))
        self.btn_next = QPushButton(tr("Lưu và tiếp (Ctrl+Enter)"))
        self.btn_prev_dossier = QPushButton(tr("◀ Trước"))
        self.btn_next_dossier = QPushButton(tr("Sau ▶"))
        for b in (self.btn_save, self.btn_next, self.btn_prev_dossier, self.btn_next_dossier):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.btn_save.clicked.connect(lambda: self.save())
        self.btn_next.clicked.connect(self.save_and_next)
        self.btn_prev_dossier.clicked.connect(lambda: self.go(-1))
        self.btn_next_dossier.clicked.connect(lambda: self.go(+1))
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.state, 1)
        for b in (self.btn_prev_dossier, self.btn_next_dossier, self.btn_save, self.btn_next):
            head.addWidget(b)

        # ---- the form ---------------------------------------------------------------------------
        self.form = QWidget()
        self.form.setObjectName("form01")
        self.form_layout = QVBoxLayout(self.form)
        self.form_layout.setSpacing(8)
        self.cert = Card(tr("Giấy chứng nhận"), self.lang)
        self.cert.add(0, 0, tr("Số phát hành:"), TextField("serial", tr("VD: CS 123456")))
        self.cert.add(0, 1, tr("Ngày cấp:"), TextField("issue_date", "dd/mm/yyyy"))
        self.cert.add(1, 0, tr("Số vào sổ cấp GCN:"), TextField("registry_no", tr("VD: CH 00149")))
        self.cert.add(1, 1, tr("Thôn/tổ dân phố:"), TextField("village"))
        self.cert.add(2, 0, tr("Tình trạng GCN:"), enum_picker("custody", CustodyStatus, self.lang))
        self.cert.add(2, 1, tr("Ghi chú tình trạng:"), TextField("custody_note"))
        self.cert.add(3, 0, tr("Cơ quan cấp:"), TextField("issuer"))
        self.cert.add(3, 1, tr("Ngày nhận hồ sơ:"), TextField("received_on", "dd/mm/yyyy"))
        self.cert.changed.connect(self._edited)
        self.holders_box = QVBoxLayout()
        self.parcels_box = QVBoxLayout()
        self.holders: list[HolderCard] = []
        self.parcels: list[ParcelCard] = []
        self.current = Card(tr("Người sử dụng đất hiện tại (nếu khác chủ trên GCN)"), self.lang)
        self.current.add(0, 0, tr("Họ và tên:"), TextField("name"))
        self.current.add(0, 1, tr("Số CCCD:"), TextField("cccd"))
        self.current.add(1, 0, tr("Địa chỉ (2 cấp):"), TextField("address"))
        self.current.add(1, 1, tr("Lý do thay đổi:"), enum_picker("reason", ChangeReason, self.lang))
        self.current.changed.connect(self._edited)
        self.notes_card = Card(tr("Ghi chú"), self.lang)
        self.notes = NotesField("notes")
        self.notes_card.grid.addWidget(self.notes, 0, 0, 1, 6)
        self.notes_card.fields["notes"] = self.notes
        self.notes.textEdited.connect(lambda _t: self._edited())
        self.form_layout.addWidget(self.cert)
        self.form_layout.addLayout(self.holders_box)
        self.form_layout.addLayout(self.parcels_box)
        self.form_layout.addWidget(self.current)
        self.form_layout.addWidget(self.notes_card)
        self.form_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)

        # ---- problems and duplicates ------------------------------------------------------------
        self.dup_banner = QLabel()
        self.dup_banner.setObjectName("duplicates")
        self.dup_banner.setWordWrap(True)
        self.dup_banner.setStyleSheet("background: #f3e5f5; border: 1px solid #6a1b9a; padding: 4px;")
        self.dup_banner.setVisible(False)
        self.dup_banner.linkActivated.connect(self._dup_link)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setVisible(False)
        self.problem_list.setWordWrap(True)
        self.problem_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problem_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.problem_list.itemActivated.connect(self._problem_clicked)
        self.problem_list.itemClicked.connect(self._problem_clicked)

        form_page = QWidget()
        fl = QVBoxLayout(form_page)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.dup_banner)
        fl.addWidget(self.scroll, 1)
        fl.addWidget(self.problem_list)
        self.history = QTableWidget(0, 6)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([tr("Thời gian"), tr("Người sửa"), tr("Thao tác"), tr("Trường"),
                                                tr("Giá trị cũ → mới"), tr("Lý do")])
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget()
        self.tabs.addTab(form_page, tr("Mẫu 01"))
        self.tabs.addTab(self.history, tr("Lịch sử thay đổi"))
        self.tabs.currentChanged.connect(lambda i: self._load_history() if i == 1 else None)

        self.splitter = QSplitter()
        self.splitter.setObjectName("editorSplitter")
        self.splitter.addWidget(self.tabs)
        self.panel = None
        try:
            self.panel = side_panel(wctx)
        except Exception:  # a broken panel must not stop data entry
            log.exception("the scan panel could not be built")
        self.scroll.setMinimumWidth(600)  # the form never squeezes its fields behind a scroll bar
        if self.panel is not None:
            # In a scroll area: however wide the panel's toolbar, the form keeps its room on 1366 px.
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QScrollArea.Shape.NoFrame)
            holder.setWidget(self.panel)
            holder.setMinimumWidth(280)
            self.splitter.addWidget(holder)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([800, 330])
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.splitter, 1)

        self._make_actions()
        self._restore_splitter()
        self.new_dossier()

    # ---- actions and keys -------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def act(name: str, text: str, keys, slot) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.actions_by_name = {a.objectName(): a for a in [
            act("save", tr("&Lưu hồ sơ"), ["Ctrl+S"], lambda: self.save()),
            act("save_next", tr("Lưu và &tiếp"), ["Ctrl+Return", "Ctrl+Enter"], self.save_and_next),
            act("prev", tr("Hồ sơ &trước"), ["PgUp"], lambda: self.go(-1)),
            act("next", tr("Hồ sơ &sau"), ["PgDown"], lambda: self.go(+1)),
            act("add_holder", tr("Thêm &chủ sử dụng"), ["Ctrl+Shift+H"], self.add_holder),
            act("add_parcel", tr("Thêm &thửa đất"), ["Ctrl+Shift+T"], self.add_parcel),
            act("add_land_use", tr("Thêm &loại đất"), ["Ctrl+Shift+L"], self.add_land_use),
            act("undo", tr("&Hoàn tác"), [QKeySequence.StandardKey.Undo], self.undo),
            act("redo", tr("&Làm lại"), [QKeySequence.StandardKey.Redo], self.redo),
        ]}

    def event(self, e) -> bool:
        # Undo/redo belong to the whole form, not to the line edit that has focus.
        if e.type() == QEvent.Type.ShortcutOverride and (e.matches(QKeySequence.StandardKey.Undo)
                                                          or e.matches(QKeySequence.StandardKey.Redo)):
            e.ignore()
            return True
        return super().event(e)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Fields ignore Enter; it arrives here and moves on, like Tab.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if self._qr_clock.isValid() and self._qr_clock.elapsed() < 800:
                self._qr_clock.invalidate()  # the scanner's own Enter after a payload: not a move
                return
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def focusNextChild(self) -> bool:  # noqa: N802
        return self.focusNextPrevChild(True)

    # ---- building the form ------------------------------------------------------------------------

    def _field_filter(self, widget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, obj, e) -> bool:  # noqa: N802
        if e.type() == QEvent.Type.ShortcutOverride and (e.matches(QKeySequence.StandardKey.Undo)
                                                          or e.matches(QKeySequence.StandardKey.Redo)):
            e.ignore()
            return True
        if e.type() == QEvent.Type.FocusOut and not self._applying:
            self._idle.start(0)  # leaving a field: commit the draft now
        return False

    def _watch(self, widget_fields) -> None:
        for w in widget_fields:
            self._field_filter(w)

    def _add_holder_card(self, h: Holder | None = None) -> HolderCard:
        card = HolderCard(len(self.holders), self.lang)
        if h is not None:
            card.load(h)
        card.changed.connect(self._edited)
        card.remove_requested.connect(self._remove_holder)
        card.qr_scanned.connect(self._qr_scanned)
        self.holders_box.addWidget(card)
        self.holders.append(card)
        self._watch(card.fields.values())
        return card

    def _add_parcel_card(self, p: Parcel | None = None) -> ParcelCard:
        card = ParcelCard(len(self.parcels), self.lang)
        if p is not None:
            card.load(p)
        card.changed.connect(self._edited)
        card.remove_requested.connect(self._remove_parcel)
        self.parcels_box.addWidget(card)
        self.parcels.append(card)
        self._watch_parcel(card)
        return card

    def _watch_parcel(self, card: ParcelCard) -> None:
        self._watch(card.fields.values())
        for row in card.uses:
            self._watch(row.fields.values())

    def _clear_cards(self) -> None:
        for card in self.holders + self.parcels:
            card.setParent(None)
            card.deleteLater()
        self.holders, self.parcels = [], []

    def _fill(self, d: Dossier) -> None:
        """Show a dossier in the form (no signals, no snapshot)."""
        self._applying = True
        try:
            f = self.cert.fields
            f["serial"].set_value(d.serial)
            f["issue_date"].set_value(format_date(d.issue_date))
            f["registry_no"].set_value(d.registry_no)
            f["village"].set_value(d.village)
            f["custody"].set_value(d.custody)
            f["custody_note"].set_value(d.custody_note)
            f["issuer"].set_value(d.issuer)
            f["received_on"].set_value(format_date(d.received_on))
            cu = d.current_user or CurrentUser()
            c = self.current.fields
            c["name"].set_value(cu.name)
            c["cccd"].set_value(cu.cccd)
            c["address"].set_value(cu.address)
            c["reason"].set_value(cu.reason)
            self.notes.set_value(d.notes)
            holders = d.holders or [Holder()]
            parcels = d.parcels or [Parcel(land_uses=[LandUse()])]
            if len(self.holders) == len(holders) and len(self.parcels) == len(parcels):
                # Same shape (reload after a save, undo of a typed value): refill the cards in place.
                for card, h in zip(self.holders, holders, strict=True):
                    card.load(h)
                for card, p in zip(self.parcels, parcels, strict=True):
                    card.load(p)
            else:
                self._clear_cards()
                for h in holders:
                    self._add_holder_card(h)
                for p in parcels:
                    self._add_parcel_card(p)
            for card in self.parcels:
                if not card.uses:
                    card.add_land_use()
                self._watch_parcel(card)
            self._watch(list(self.cert.fields.values()) + list(self.current.fields.values()) + [self.notes])
            self._chain_tab_order()
        finally:
            self._applying = False

    def field_chain(self) -> list[QWidget]:
        """Every field in keyboard order: certificate, holders, parcels (numbers, area, address, land
        uses, then the rest), current user, notes."""
        chain: list[QWidget] = list(self.cert.fields.values())
        for card in self.holders:
            chain += list(card.fields.values())
        for card in self.parcels:
            chain += [card.sheet_cert, card.parcel_cert, card.area, card.address]
            for row in card.uses:
                chain += [row.code, row.area, row.raw_text, row.origin, row.use_form, row.term]
            chain += [card.sheet_map, card.parcel_map, card.national_id, card.map_series, card.old_commune,
                      card.classification] + list(card.housing.values())
        return chain + list(self.current.fields.values()) + [self.notes]

    def _chain_tab_order(self) -> None:
        chain = self.field_chain()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        """Tab and Enter follow the form's own order (cards are added at any time)."""
        w = self.focusWidget()
        chain = [f for f in self.field_chain() if f is w or (_shown(f, self.form) and f.isEnabled())]
        if w in chain:
            j = chain.index(w) + (1 if forward else -1)
            if 0 <= j < len(chain):
                chain[j].setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
                self.scroll.ensureWidgetVisible(chain[j])
                return True
        return super().focusNextPrevChild(forward)

    # ---- reading the form back ------------------------------------------------------------------

    def _date_value(self, path: str):
        text = self.cert.fields[path].value()
        try:
            return parse_date(text)
        except ValueError:
            return None

    def collect(self) -> Dossier:
        """The dossier as typed. Cards left completely empty (the blank ones a new dossier starts with)
        are not part of it."""
        base = self.dossier
        f = self.cert.fields
        c = self.current.fields
        cu = CurrentUser(c["name"].value(), c["cccd"].value(), c["address"].value(), c["reason"].value())
        d = Dossier(
            commune_code=base.commune_code or self.wctx.ws.info.commune_code, village=f["village"].value(),
            serial=f["serial"].value(), issue_date=self._date_value("issue_date"),
            registry_no=f["registry_no"].value(), issuer=f["issuer"].value(), custody=f["custody"].value()
            or CustodyStatus.COLLECTED, custody_note=f["custody_note"].value(), status=base.status,
            received_on=self._date_value("received_on"), notes=self.notes.value(),
            current_user=None if cu.is_empty() else cu, id=base.id, num=base.num, revision=base.revision,
            created_at=base.created_at, created_by=base.created_by, updated_at=base.updated_at,
            updated_by=base.updated_by, province_status=base.province_status, province_note=base.province_note,
        )
        self._holder_cards = [card for card in self.holders if not _empty_holder(card.collect())]
        self._parcel_cards = []
        for card in self.parcels:
            p = card.collect()
            p.land_uses = [lu for lu in p.land_uses if not _empty_use(lu)]
            if not _empty_parcel(p):
                d.parcels.append(p)
                self._parcel_cards.append(card)
        d.holders = [card.collect() for card in self._holder_cards]
        return d

    def unreadable_problems(self, collected: bool = False) -> list:
        """Dates and areas the domain cannot read, as the rules word them (rules.validate_field).
        `collected`: collect() was just called (it decides which cards count)."""
        if not collected:
            self.collect()
        out = []
        for path, kind in (("issue_date", "date"), ("received_on", "date")):
            text = self.cert.fields[path].value()
            if text and self._date_value(path) is None:
                out += rules.validate_field(kind, text, {"path": path}) or \
                    [rules.make_problem("date.invalid", path, field=("Ngày", "Date"))]
        for i, card in enumerate(self._holder_cards):
            for sub, kind, text in card.unreadable():
                out += rules.validate_field(kind, text, {"path": f"holders[{i}].{sub}"})
        for i, card in enumerate(self._parcel_cards):
            for sub, kind, text in card.unreadable():
                out += rules.validate_field(kind, text, {"path": f"parcels[{i}].{sub}"})
        return out

    def widget_for(self, path: str) -> QWidget | None:
        m = _PATH.fullmatch(path)
        if m:
            kind, i, rest = m.group(1), int(m.group(2)), m.group(3)
            cards = getattr(self, "_holder_cards", self.holders) if kind == "holders" else \
                getattr(self, "_parcel_cards", self.parcels)
            if i >= len(cards):
                return None
            card = cards[i]
            return card.fields.get(rest) if kind == "holders" else card.field_at(rest)
        if path.startswith("current_user."):
            return self.current.fields.get(path.split(".", 1)[1])
        if path == "holders":
            return self.holders[0].name if self.holders else None
        if path == "parcels":
            return self.parcels[0].sheet_cert if self.parcels else None
        if path == "notes":
            return self.notes
        return self.cert.fields.get(path)

    # ---- live checks, undo snapshots, drafts --------------------------------------------------

    def _edited(self) -> None:
        if not self._applying:
            self._idle.start()

    def settle(self) -> None:
        """Validate, snapshot for undo, write the draft, look for duplicates (after a typing pause)."""
        self._idle.stop()
        if self._applying:
            return
        if any("|" in w.text() for card in self.holders for w in card.fields.values() if isinstance(w, TextField)):
            return  # a QR payload is arriving from the scanner
        d = self.collect()
        self._show_problems(dossier_service.validate(d) + self.unreadable_problems(collected=True))
        snap = dossier_to_dict(d)
        if snap != self._snapshot:
            self.undo_stack.push(_Snapshot(self, self._snapshot, snap))
            self._snapshot = snap
        self._write_draft(d)
        self._check_duplicates(d)
        self._update_title()

    def is_dirty(self) -> bool:
        return comparable(self.collect()) != self._baseline

    def _write_draft(self, d: Dossier) -> None:
        state = comparable(d)
        if state == self._baseline or state == self._draft_state or self._saving:
            return
        self._draft_state = state
        key = d.id
        Op(self.wctx, lambda ctx: dossier_service.save_draft(ctx, key, d), parent=self) \
            .success(lambda _r: self._draft_saved(key)).failure(lambda exc: log.warning("draft not written: %s", exc)) \
            .run()

    def _draft_saved(self, key: str) -> None:
        from datetime import datetime

        self.state.setText(tr("Bản nháp đã lưu lúc %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        self.draft_written.emit(key)

    def _apply_snapshot(self, snap: dict) -> None:
        focus = self._focused_path()
        d = dossier_from_dict(snap)
        self._fill(d)
        self._snapshot = snap
        d2 = self.collect()
        self._show_problems(dossier_service.validate(d2) + self.unreadable_problems())
        self._write_draft(d2)
        self._update_title()
        if focus:
            w = self.widget_for(focus)
            if w is not None:
                w.setFocus()

    def _focused_path(self) -> str | None:
        w = self.focusWidget()
        if w is None:
            return None
        for path in self._all_paths():
            if self.widget_for(path) is w:
                return path
        return None

    def _all_paths(self) -> list[str]:
        paths = list(self.cert.fields) + [f"current_user.{k}" for k in self.current.fields] + ["notes"]
        for i, card in enumerate(self.holders):
            paths += [f"holders[{i}].{k}" for k in card.fields]
        for i, card in enumerate(self.parcels):
            paths += [f"parcels[{i}].{k}" for k in card.fields]
            for j, row in enumerate(card.uses):
                paths += [f"parcels[{i}].land_uses[{j}].{k}" for k in row.fields]
        return paths

    def undo(self) -> None:
        self.settle()  # what was typed since the last pause becomes one step
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # ---- problems -----------------------------------------------------------------------------

    def _show_problems(self, problems: list) -> None:
        self.problems = problems
        for w in self._decorated:
            try:
                w.show_problems(None, [])
            except RuntimeError:  # the card was rebuilt
                pass
        self._decorated = []
        by_widget: dict[int, tuple[QWidget, str, list[str]]] = {}
        for p in problems:
            if p.severity == Severity.WARNING and "missing" in p.rule:
                continue  # not filled in yet: listed below, not painted on the field
            w = self.widget_for(p.path)
            if w is None or not hasattr(w, "show_problems"):
                continue
            sev = "error" if p.severity == Severity.ERROR else "warning"
            cur = by_widget.get(id(w))
            if cur is None:
                by_widget[id(w)] = (w, sev, [p.message(self.lang)])
            else:
                by_widget[id(w)] = (w, "error" if "error" in (sev, cur[1]) else sev, cur[2] + [p.message(self.lang)])
        for dup in self.duplicates:
            w = self.widget_for(dup.path)
            if w is not None and id(w) not in by_widget:
                by_widget[id(w)] = (w, "duplicate", [dup.message(self.lang)])
        for w, sev, msgs in by_widget.values():
            w.show_problems(sev, msgs)
            self._decorated.append(w)
        self.problem_list.clear()
        for p in problems:
            mark = "✖" if p.severity == Severity.ERROR else "⚠"
            item = QListWidgetItem(f"{mark} {p.message(self.lang)}")
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            if p.severity == Severity.ERROR:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.problem_list.addItem(item)
        rows = min(self.problem_list.count(), 5)
        self.problem_list.setVisible(rows > 0)
        if rows:
            self.problem_list.setFixedHeight(rows * self.problem_list.sizeHintForRow(0) + 6)

    def _problem_clicked(self, item: QListWidgetItem) -> None:
        w = self.widget_for(item.data(Qt.ItemDataRole.UserRole) or "")
        if w is not None:
            self.scroll.ensureWidgetVisible(w)
            w.setFocus()

    def errors(self) -> list:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    # ---- duplicates ---------------------------------------------------------------------------

    def _check_duplicates(self, d: Dossier) -> None:
        key = (d.serial, tuple((h.cccd, h.cmnd) for h in d.holders),
               tuple((p.sheet_cert, p.parcel_cert) for p in d.parcels))
        if key == self._dup_key:
            return
        self._dup_key = key
        self._dup_generation += 1
        gen = self._dup_generation
        Op(self.wctx, lambda ctx: find_duplicates(ctx, d), parent=self, kind="read") \
            .success(lambda found: self._duplicates_found(gen, found)) \
            .failure(lambda exc: log.warning("duplicate look-up failed: %s", exc)).run()

    def _duplicates_found(self, gen: int, found: list) -> None:
        if gen != self._dup_generation:
            return
        self.duplicates = found
        if found:
            links = [f'{dup.message(self.lang)} <a href="dossier:{dup.dossier_id}">{tr("Mở hồ sơ số %1").replace("%1", str(dup.num))}</a>'
                     for dup in found]
            self.dup_banner.setText("<br>".join(links))
        self.dup_banner.setVisible(bool(found))
        self._show_problems(self.problems)

    def _dup_link(self, href: str) -> None:
        if href.startswith("dossier:"):
            self.settle()
            self.open_dossier(href.split(":", 1)[1], self.sequence)

    # ---- structure: add/remove holders, parcels, land uses --------------------------------------

    def add_holder(self) -> None:
        last = self.holders[-1] if self.holders else None
        card = last if last is not None and _empty_holder(last.collect()) else self._add_holder_card()
        self._after_structure(card.name)

    def add_parcel(self) -> None:
        last = self.parcels[-1] if self.parcels else None
        if last is not None and _empty_parcel(_without_empty_uses(last.collect())):
            card = last
        else:
            card = self._add_parcel_card()
        if not card.uses:
            card.add_land_use()
            self._watch_parcel(card)
        self._after_structure(card.sheet_cert)

    def add_land_use(self) -> None:
        card = self._parcel_with_focus() or (self.parcels[-1] if self.parcels else None)
        if card is None:
            self.add_parcel()
            return
        row = card.uses[-1] if card.uses and _empty_use(card.uses[-1].collect()) else card.add_land_use()
        self._watch(row.fields.values())
        self._after_structure(row.code)

    def _parcel_with_focus(self) -> ParcelCard | None:
        w = self.focusWidget()
        for card in self.parcels:
            if w is not None and card.isAncestorOf(w):
                return card
        return None

    def _remove_holder(self, card: HolderCard) -> None:
        if len(self.holders) <= 1:
            return
        snap = dossier_to_dict(self.collect())
        snap["holders"] = [to_plain(c.collect()) for c in self.holders if c is not card]
        self._apply_structure(snap)

    def _remove_parcel(self, card: ParcelCard) -> None:
        if len(self.parcels) <= 1:
            return
        snap = dossier_to_dict(self.collect())
        kept = [c for c in self.parcels if c is not card]
        snap["parcels"] = [to_plain(c.collect()) for c in kept]
        self._apply_structure(snap)

    def _apply_structure(self, snap: dict) -> None:
        before = self._snapshot
        self._apply_snapshot(snap)
        self.undo_stack.push(_Snapshot(self, before, snap))

    def _after_structure(self, focus: QWidget) -> None:
        self._chain_tab_order()
        focus.setFocus()
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(focus))
        self._edited()

    def _qr_scanned(self, card: HolderCard, payload, by_enter: bool) -> None:
        self.wctx.hub.status_message.emit(tr("Đã điền chủ sử dụng từ mã QR của thẻ CCCD."))
        if not by_enter:
            self._qr_clock.start()  # an Enter suffix may still be on its way
        nxt = card.legal_form if card.legal_form.value() is None else card.role
        nxt.setFocus()
        self.settle()

    # ---- loading, saving, navigation ----------------------------------------------------------

    def new_dossier(self) -> None:
        d = Dossier(commune_code=self.wctx.ws.info.commune_code, village=self.dossier.village if self.exists else "")
        self._load(d, exists=False)
        self.cert.fields["serial"].setFocus()

    def _load(self, d: Dossier, *, exists: bool, baseline: Dossier | None = None) -> None:
        self.dossier = d
        self.exists = exists
        self._fill(d)
        base = baseline if baseline is not None else (d if exists else None)
        self._baseline = comparable(base) if base is not None else comparable(self.collect())
        self._draft_state = None
        self._snapshot = dossier_to_dict(self.collect())
        self.undo_stack.clear()
        self.duplicates = []
        self._dup_key = None
        self.dup_banner.setVisible(False)
        d2 = self.collect()
        self._show_problems(dossier_service.validate(d2) + self.unreadable_problems() if exists else [])
        if exists or baseline is not None:
            self._check_duplicates(d2)
        self._update_title()
        self.state.setText("")
        if self.panel is not None and hasattr(self.panel, "show_dossier"):
            try:
                self.panel.show_dossier(d.id if exists else None)
            except Exception:
                log.exception("scan panel failed to show the dossier")
        if self.tabs.currentIndex() == 1:
            self._load_history()
        self.loaded_signal.emit(d.id)

    def _update_title(self) -> None:
        d = self.dossier
        if self.exists:
            text = tr("Hồ sơ số %1").replace("%1", str(d.num))
            status = d.status.label(self.lang)
            self.title.setText(f"{text} · {status}")
        else:
            self.title.setText(tr("Hồ sơ mới"))
        pos = self.sequence.index(d.id) if d.id in self.sequence else -1
        self.btn_prev_dossier.setEnabled(pos > 0)
        self.btn_next_dossier.setEnabled(0 <= pos < len(self.sequence) - 1)

    def open_dossier(self, dossier_id: str | None, sequence=None) -> None:
        """Show a saved dossier (or a new one for None). A draft left for it is offered back."""
        if sequence is not None:
            self.sequence = list(sequence)
        self.settle()
        if not dossier_id:
            self.new_dossier()
            return

        def read(ctx):
            d = dossier_service.get_dossier(ctx, dossier_id)
            drafts = [dd for key, dd in dossier_service.pending_drafts(ctx) if key == d.id]
            return d, (drafts[0] if drafts else None)

        Op(self.wctx, read, parent=self, kind="read").success(self._opened).run()

    def load_now(self, dossier_id: str) -> None:
        """Synchronous open (screenshots, tests)."""
        d = self.wctx.ws.read(lambda ctx: dossier_service.get_dossier(ctx, dossier_id))
        self._load(d, exists=True)

    def open_first_for_screenshot(self) -> None:
        from landdesk.services import search

        ids = self.wctx.ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters(problems=True)))
        ids = ids or self.wctx.ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters()))
        if ids:
            self.sequence = ids[:50]
            self.load_now(ids[0])

    def _opened(self, result) -> None:
        d, draft = result
        if draft is not None and comparable(draft) != comparable(d):
            from landdesk.ui.dialogs.drafts import DraftDialog

            choice = DraftDialog.ask(self, [(d.id, draft)], self.lang, existing={d.id: d})
            if choice is not None and choice[0] == "restore":
                self._load(draft, exists=True, baseline=d)
                self.dossier = d
                self.settle()
                return
            if choice is not None and choice[0] == "discard":
                self._discard_draft(d.id)
        self._load(d, exists=True)

    def _discard_draft(self, key: str) -> None:
        Op(self.wctx, lambda ctx: dossier_service.discard_draft(ctx, key), parent=self).run()

    def offer_drafts(self) -> None:
        """At start-up: drafts this user left behind (crash, power cut) are offered back."""
        pending = self.wctx.ws.read(dossier_service.pending_drafts)
        if not pending:
            return
        existing = self.wctx.ws.read(lambda ctx: {key: _get_or_none(ctx, key) for key, _ in pending})
        from landdesk.ui.dialogs.drafts import DraftDialog

        choice = DraftDialog.ask(self, pending, self.lang, existing=existing)
        if choice is None:
            return
        action, key = choice
        if action == "discard":
            for k, _ in pending:
                self._discard_draft(k)
            return
        draft = dict(pending)[key]
        saved = existing.get(key)
        if self.wctx.window is not None:
            self.wctx.window.show_view("form")
        if saved is not None:
            self._load(draft, exists=True, baseline=saved)
            self.dossier = saved
        else:
            self._load(draft, exists=False, baseline=Dossier(id=draft.id, commune_code=draft.commune_code))
        self._write_draft(self.collect())

    def save(self, then=None) -> bool:
        """Save through services.dossiers.save_dossier on the database thread. False when refused
        here (unreadable values or rule errors); `then` runs after a successful save."""
        self._idle.stop()
        d = self.collect()
        problems = dossier_service.validate(d) + self.unreadable_problems(collected=True)
        self._show_problems(problems)
        errors = [p for p in problems if p.severity == Severity.ERROR]
        if errors:
            self._refused(errors)
            return False
        if self.exists and comparable(d) == self._baseline:
            self.wctx.hub.status_message.emit(tr("Không có thay đổi để lưu."))
            if then:
                then()
            return True
        self._saving = True
        Op(self.wctx, lambda ctx: dossier_service.save_dossier(ctx, d), parent=self) \
            .success(lambda res: self._saved(res, then)).failure(self._save_failed).run(initiator=self)
        return True

    def _refused(self, errors: list) -> None:
        n = len(errors)
        self.wctx.hub.status_message.emit(tr("Chưa lưu: còn %1 lỗi cần sửa.").replace("%1", str(n)))
        self.state.setText(tr("Chưa lưu: còn %1 lỗi cần sửa.").replace("%1", str(n)))
        w = self.widget_for(errors[0].path)
        if w is not None:
            self.scroll.ensureWidgetVisible(w)
            w.setFocus()

    def _saved(self, result, then) -> None:
        self._saving = False
        d = result.dossier
        if d.id not in self.sequence and self.sequence is not None:
            self.sequence.append(d.id)
        focus = self._focused_path()
        self.saved.emit(d.id)  # committed: the form below only shows the saved (normalised) values
        self._load(d, exists=True)
        self.state.setText(tr("Đã lưu hồ sơ số %1.").replace("%1", str(d.num)))
        self.wctx.hub.status_message.emit(tr("Đã lưu hồ sơ số %1.").replace("%1", str(d.num)))
        if then:
            then()
        elif focus:
            w = self.widget_for(focus)
            if w is not None:
                w.setFocus()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationFailed):
            self._show_problems(exc.problems)
            self._refused(exc.problems)
            return
        from landdesk.ui import tasks

        tasks.show_error(self, exc, self.lang)

    def save_and_next(self) -> None:
        self.save(then=lambda: self.go(+1, or_new=True))

    def go(self, step: int, or_new: bool = False) -> None:
        """PgUp/PgDn: the previous/next dossier of the list it was opened from (saving first)."""
        d = self.dossier
        pos = self.sequence.index(d.id) if d.id in self.sequence else -1
        target = pos + step
        if pos < 0 or not (0 <= target < len(self.sequence)):
            if or_new:
                self.new_dossier()
            return
        nxt = self.sequence[target]
        if self.is_dirty():
            self.save(then=lambda: self.open_dossier(nxt))
        else:
            self.open_dossier(nxt)

    # ---- history ------------------------------------------------------------------------------

    def _load_history(self) -> None:
        if not self.exists:
            self.history.setRowCount(0)
            return
        dossier_id = self.dossier.id
        Op(self.wctx, lambda ctx: audit_service.history(ctx, dossier_id), parent=self, kind="read") \
            .success(self._show_history).run()

    def _show_history(self, records: list) -> None:
        rows = []
        for rec in reversed(records):  # newest first
            when = format_local_time(rec.at, seconds=True)
            action = {"create": tr("Tạo mới"), "update": tr("Sửa"), "delete": tr("Xóa")}.get(rec.action, rec.action)
            changes = rec.changes or [{"field": "", "old": None, "new": None}]
            for ch in changes:
                old = "" if ch.get("old") is None else str(ch.get("old"))
                new = "" if ch.get("new") is None else str(ch.get("new"))
                rows.append((when, rec.user, action, ch.get("field", ""), f"{old} → {new}" if (old or new) else "",
                             rec.reason))
        self.history.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(v))

    # ---- window integration -------------------------------------------------------------------

    def refresh(self, changes) -> None:
        """Another part of the window changed dossiers: reload this one if it is not being edited."""
        if "dossiers" in changes and self.exists and not self.is_dirty() and not self._saving:
            dossier_id = self.dossier.id
            Op(self.wctx, lambda ctx: _get_or_none(ctx, dossier_id), parent=self, kind="read") \
                .success(self._reloaded).run()

    def _reloaded(self, d) -> None:
        # Our own save comes back here too: reload only when someone else changed the dossier.
        if d is not None and d.id == self.dossier.id and d.revision != self.dossier.revision and not self.is_dirty():
            self._load(d, exists=True)

    def activated(self) -> None:
        if not self.form.isAncestorOf(self.focusWidget() or self):
            w = self.cert.fields["serial"] if not self.exists else None
            (w or self.scroll).setFocus()

    def can_close(self) -> bool:
        self.settle()  # the draft is written; nothing typed is lost
        return True

    def _restore_splitter(self) -> None:
        s = self.wctx.settings
        state = s.value("editor/splitter") if s is not None else None
        if state is not None:
            self.splitter.restoreState(state)

    def save_state(self, settings) -> None:
        settings.setValue("editor/splitter", self.splitter.saveState())


def _shown(w: QWidget, top: QWidget) -> bool:
    """Not hidden on purpose (a card added a moment ago is shown by its layout on the next event
    loop turn; isVisible() would still say no)."""
    explicit, hidden = Qt.WidgetAttribute.WA_WState_ExplicitShowHide, Qt.WidgetAttribute.WA_WState_Hidden
    while w is not None and w is not top:
        if w.testAttribute(explicit) and w.testAttribute(hidden):
            return False
        w = w.parentWidget()
    return True


def _get_or_none(ctx, dossier_id: str):
    try:
        return dossier_service.get_dossier(ctx, dossier_id)
    except LandDeskError:
        return None


def _empty_holder(h: Holder) -> bool:
    return not any([h.name, h.cccd, h.cmnd, h.org_id, h.birth, h.gender, h.address, h.legal_form, h.role,
                    h.representative])


def _empty_use(lu: LandUse) -> bool:
    return not any([lu.code, lu.area is not None, lu.origin, lu.use_form, lu.term]) and not lu.raw_text


def _without_empty_uses(p: Parcel) -> Parcel:
    p.land_uses = [lu for lu in p.land_uses if not _empty_use(lu)]
    return p


def _empty_parcel(p: Parcel) -> bool:
    return not any([p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map, p.map_series, p.old_commune,
                    p.national_id, p.address, p.area is not None, p.classification, p.land_uses,
                    p.housing is not None])


def actions(window) -> list:
    """Menu entries for the editor: they act on the editor view (built on first use)."""
    def editor_action(name: str):
        def run():
            editor = window.page("form")
            if window.current_view_id() != "form":
                window.show_view("form")
            editor.actions_by_name[name].trigger()
        return run

    out = []
    for menu, name, text, key in (
        ("records", "save", tr("&Lưu hồ sơ"), "Ctrl+S"),
        ("records", "save_next", tr("Lưu và &tiếp"), "Ctrl+Return"),
        ("records", "prev", tr("Hồ sơ &trước"), "PgUp"),
        ("records", "next", tr("Hồ sơ &sau"), "PgDown"),
        ("edit", "add_holder", tr("Thêm &chủ sử dụng"), "Ctrl+Shift+H"),
        ("edit", "add_parcel", tr("Thêm &thửa đất"), "Ctrl+Shift+T"),
        ("edit", "add_land_use", tr("Thêm &loại đất"), "Ctrl+Shift+L"),
        ("edit", "undo", tr("&Hoàn tác"), "Ctrl+Z"),
        ("edit", "redo", tr("&Làm lại"), "Ctrl+Y"),
    ):
        a = QAction(text, window)
        a.setShortcut(QKeySequence(key))
        # The editor's own actions hold these keys while it has focus; this entry shows the key
        # in the menu and works from the mouse.
        a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        a.triggered.connect(editor_action(name))
        out.append((menu, a))
    return out


VIEWS = [ViewSpec("form", lambda: QCoreApplication.translate("Views", "Nhập Mẫu 01"), DossierEditor, order=20)]
