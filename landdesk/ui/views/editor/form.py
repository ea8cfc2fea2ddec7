"""The Form 01 form: the cards of one dossier in a scroll area, filled from a Dossier and collected
back, in one keyboard order (Enter and Tab move on; cards are added at any time).

It knows widgets and paths (domain.fieldpath.FieldPath), not saving or drafts: the editor shell
hears `edited` (a keystroke), `field_left` (focus left a field) and `structure_changed` (a card
added or removed) and decides what follows.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from landdesk.domain import rules
from landdesk.domain.codes import Severity
from landdesk.domain.fieldpath import FieldPath
from landdesk.domain.model import Dossier, Holder, LandUse, Parcel
from landdesk.ui.widgets.dossier_cards import CertificateCard, CurrentUserCard, HolderCard, NotesCard
from landdesk.ui.widgets.fields import TextField
from landdesk.ui.widgets.parcel_card import ParcelCard


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


def _is_undo_redo(e) -> bool:
    return e.type() == QEvent.Type.ShortcutOverride and (
        e.matches(QKeySequence.StandardKey.Undo) or e.matches(QKeySequence.StandardKey.Redo))


class DossierForm(QScrollArea):
    edited = Signal()  # a value was typed or picked
    field_left = Signal()  # focus left a field: a moment to commit the draft
    structure_changed = Signal()  # a holder, parcel or land use was added or removed
    qr_filled = Signal()  # a holder was filled from a chip-card QR payload

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.applying = False  # filling from a dossier: the fields' signals are not edits
        self._qr_clock = QElapsedTimer()
        self.body = QWidget()
        self.body.setObjectName("form01")
        self.box = QVBoxLayout(self.body)
        self.box.setSpacing(8)
        self.cert = CertificateCard(lang)
        self.holders_box = QVBoxLayout()
        self.parcels_box = QVBoxLayout()
        self.holders: list[HolderCard] = []
        self.parcels: list[ParcelCard] = []
        self.current = CurrentUserCard(lang)
        self.notes_card = NotesCard(lang)
        self.notes = self.notes_card.notes
        for card in (self.cert, self.current, self.notes_card):
            card.changed.connect(self._changed)
        self.box.addWidget(self.cert)
        self.box.addLayout(self.holders_box)
        self.box.addLayout(self.parcels_box)
        self.box.addWidget(self.current)
        self.box.addWidget(self.notes_card)
        self.box.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(self.body)
        self.setMinimumWidth(600)  # the form never squeezes its fields behind a scroll bar
        self._watch(self.cert.chain() + self.current.chain() + self.notes_card.chain())

    # ---- events -------------------------------------------------------------------------------

    def _changed(self) -> None:
        if not self.applying:
            self.edited.emit()

    def _watch(self, widgets) -> None:
        for w in widgets:
            w.removeEventFilter(self)
            w.installEventFilter(self)

    def eventFilter(self, obj, e) -> bool:  # noqa: N802 (Qt override)
        if _is_undo_redo(e):  # undo/redo belong to the whole form, not to the line edit
            e.ignore()
            return True
        if e.type() == QEvent.Type.FocusOut and not self.applying:
            self.field_left.emit()
        return False

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Fields ignore Enter; it arrives here and moves on, like Tab.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if self._qr_clock.isValid() and self._qr_clock.elapsed() < 800:
                self._qr_clock.invalidate()  # the scanner's own Enter after a payload: not a move
                return
            self.focusNextPrevChild(True)
            return
        super().keyPressEvent(event)

    def qr_arriving(self) -> bool:
        """A chip-card payload is being typed by the scanner (not a moment to read the form)."""
        return any("|" in w.text() for card in self.holders for w in card.fields.values() if isinstance(w, TextField))

    # ---- cards --------------------------------------------------------------------------------

    def _add_holder_card(self, h: Holder | None = None) -> HolderCard:
        card = HolderCard(len(self.holders), self.lang)
        if h is not None:
            card.load(h)
        card.changed.connect(self._changed)
        card.remove_requested.connect(self.remove_holder)
        card.qr_scanned.connect(self._qr_scanned)
        self.holders_box.addWidget(card)
        self.holders.append(card)
        self._watch(card.chain())
        return card

    def _add_parcel_card(self, p: Parcel | None = None) -> ParcelCard:
        card = ParcelCard(len(self.parcels), self.lang)
        if p is not None:
            card.load(p)
        if not card.uses:
            card.add_land_use()
        card.changed.connect(self._changed)
        card.remove_requested.connect(self.remove_parcel)
        self.parcels_box.addWidget(card)
        self.parcels.append(card)
        self._watch(card.chain())
        return card

    def _clear_cards(self) -> None:
        for card in self.holders + self.parcels:
            card.setParent(None)
            card.deleteLater()
        self.holders, self.parcels = [], []

    def fill(self, d: Dossier) -> None:
        """Show a dossier (no edit signals). The same shape refills the cards in place."""
        self.applying = True
        try:
            self.cert.load(d)
            self.current.load(d.current_user)
            self.notes.set_value(d.notes)
            holders = d.holders or [Holder()]
            parcels = d.parcels or [Parcel(land_uses=[LandUse()])]
            if len(self.holders) == len(holders) and len(self.parcels) == len(parcels):
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
                self._watch(card.chain())
            self.chain_tab_order()
        finally:
            self.applying = False

    def collect(self) -> Dossier:
        """The content as typed (no id or bookkeeping: the edit session stamps those). Cards left
        completely empty (the blank ones a new dossier starts with) are not part of it."""
        d = Dossier(**self.cert.values(), notes=self.notes.value(), current_user=self.current.collect())
        self._holder_cards = []
        for card in self.holders:
            h = card.collect()
            if not h.is_empty():
                d.holders.append(h)
                self._holder_cards.append(card)
        self._parcel_cards = []
        for card in self.parcels:
            p = card.collect()
            p.land_uses = [lu for lu in p.land_uses if not lu.is_empty()]
            if not p.is_empty():
                d.parcels.append(p)
                self._parcel_cards.append(card)
        return d

    def unreadable_problems(self) -> list:
        """Dates and areas the domain cannot read, as the rules word them (rules.validate_field),
        with the paths of the dossier last collected."""
        out = []
        for path, kind, text in self.cert.unreadable():
            out += rules.validate_field(kind, text, {"path": path}) or \
                [rules.make_problem("date.invalid", path, field=("Ngày", "Date"))]
        for top, cards in (("holders", self._holder_cards), ("parcels", self._parcel_cards)):
            for i, card in enumerate(cards):
                for sub, kind, text in card.unreadable():
                    out += rules.validate_field(kind, text, {"path": f"{top}[{i}].{sub}"})
        return out

    def unreadable_errors(self) -> list:
        return [p for p in self.unreadable_problems() if p.severity == Severity.ERROR]

    # ---- paths and keyboard order -------------------------------------------------------------

    def widget_for(self, path: str | FieldPath) -> QWidget | None:
        """The field a path names, with the indices of the dossier last collected."""
        fp = FieldPath.parse(path) if isinstance(path, str) else path
        if fp is None:
            return None
        name, i = fp.head
        if name in ("holders", "parcels"):
            cards = getattr(self, "_holder_cards" if name == "holders" else "_parcel_cards", None)
            cards = (self.holders if name == "holders" else self.parcels) if cards is None else cards
            if i is None:  # "no holder" / "no parcel": the first card
                cards = self.holders if name == "holders" else self.parcels
                return cards[0].field_at("name" if name == "holders" else "sheet_cert") if cards else None
            return cards[i].field_at(fp.tail()) if i < len(cards) else None
        if name == "current_user":
            return self.current.field_at(fp.tail())
        if name == "notes":
            return self.notes
        return self.cert.field_at(fp)

    def path_of(self, widget: QWidget | None) -> str | None:
        """The path of a field, with the indices of the cards as shown."""
        if widget is None:
            return None
        for card, prefix in ((self.cert, ""), (self.current, "current_user."), (self.notes_card, "")):
            for key, w in card.fields.items():
                if w is widget:
                    return prefix + key
        for top, cards in (("holders", self.holders), ("parcels", self.parcels)):
            for i, card in enumerate(cards):
                for key, w in card.fields.items():
                    if w is widget:
                        return f"{top}[{i}].{key}"
                for j, row in enumerate(getattr(card, "uses", [])):
                    for key, w in row.fields.items():
                        if w is widget:
                            return f"{top}[{i}].land_uses[{j}].{key}"
        return None

    def focus_path(self, path: str | None) -> bool:
        w = self.widget_for(path) if path else None
        if w is None:
            return False
        self.ensureWidgetVisible(w)
        w.setFocus()
        return True

    def field_chain(self) -> list[QWidget]:
        """Every field in keyboard order: certificate, holders, parcels (numbers, area, address, land
        uses, then the rest), current user, notes."""
        chain: list[QWidget] = self.cert.chain()
        for card in self.holders + self.parcels:
            chain += card.chain()
        return chain + self.current.chain() + self.notes_card.chain()

    def chain_tab_order(self) -> None:
        chain = self.field_chain()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        """Tab and Enter follow the form's own order (cards are added at any time)."""
        w = self.focusWidget()
        chain = [f for f in self.field_chain() if f is w or (_shown(f, self.body) and f.isEnabled())]
        if w in chain:
            j = chain.index(w) + (1 if forward else -1)
            if 0 <= j < len(chain):
                chain[j].setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
                self.ensureWidgetVisible(chain[j])
                return True
        return super().focusNextPrevChild(forward)

    # ---- structure: add/remove holders, parcels, land uses ------------------------------------

    def add_holder(self) -> None:
        last = self.holders[-1] if self.holders else None
        card = last if last is not None and last.is_blank() else self._add_holder_card()
        self._after_structure(card.name)

    def add_parcel(self) -> None:
        last = self.parcels[-1] if self.parcels else None
        card = last if last is not None and last.is_blank() else self._add_parcel_card()
        self._after_structure(card.sheet_cert)

    def add_land_use(self) -> None:
        w = self.focusWidget()
        card = next((c for c in self.parcels if w is not None and c.isAncestorOf(w)), None) \
            or (self.parcels[-1] if self.parcels else None)
        if card is None:
            self.add_parcel()
            return
        row = card.uses[-1] if card.uses and card.uses[-1].collect().is_empty() else card.add_land_use()
        self._watch(card.chain())
        self._after_structure(row.code)

    def remove_holder(self, card: HolderCard) -> None:
        if len(self.holders) > 1:
            d = self.collect()
            d.holders = [c.collect() for c in self.holders if c is not card]
            self._refill(d)

    def remove_parcel(self, card: ParcelCard) -> None:
        if len(self.parcels) > 1:
            d = self.collect()
            d.parcels = [c.collect() for c in self.parcels if c is not card]
            self._refill(d)

    def _refill(self, d: Dossier) -> None:
        self.fill(d)
        self.structure_changed.emit()

    def _after_structure(self, focus: QWidget) -> None:
        self.chain_tab_order()
        focus.setFocus()
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(focus))
        self.edited.emit()

    def _qr_scanned(self, card: HolderCard, payload, by_enter: bool) -> None:
        if not by_enter:
            self._qr_clock.start()  # an Enter suffix may still be on its way
        nxt = card.legal_form if card.legal_form.value() is None else card.role
        nxt.setFocus()
        self.qr_filled.emit()

    # ---- problems painted on the fields -------------------------------------------------------

    def decorate(self, problems: list, duplicates: list) -> None:
        """Red / amber / dashed purple borders and tooltips on the fields the problems name."""
        for w in getattr(self, "_decorated", []):
            try:
                w.show_problems(None, [])
            except RuntimeError:  # the card was rebuilt
                pass
        self._decorated = []
        by_widget: dict[int, tuple[QWidget, str, list[str]]] = {}
        for p in problems:
            if p.severity == Severity.WARNING and "missing" in p.rule:
                continue  # not filled in yet: listed below the form, not painted on the field
            w = self.widget_for(p.path)
            if w is None or not hasattr(w, "show_problems"):
                continue
            sev = "error" if p.severity == Severity.ERROR else "warning"
            cur = by_widget.get(id(w))
            if cur is None:
                by_widget[id(w)] = (w, sev, [p.message(self.lang)])
            else:
                by_widget[id(w)] = (w, "error" if "error" in (sev, cur[1]) else sev, cur[2] + [p.message(self.lang)])
        for dup in duplicates:
            w = self.widget_for(dup.path)
            if w is not None and id(w) not in by_widget:
                by_widget[id(w)] = (w, "duplicate", [dup.message(self.lang)])
        for w, sev, msgs in by_widget.values():
            w.show_problems(sev, msgs)
            self._decorated.append(w)


def _shown(w: QWidget, top: QWidget) -> bool:
    """Not hidden on purpose (a card added a moment ago is shown by its layout on the next event
    loop turn; isVisible() would still say no)."""
    explicit, hidden = Qt.WidgetAttribute.WA_WState_ExplicitShowHide, Qt.WidgetAttribute.WA_WState_Hidden
    while w is not None and w is not top:
        if w.testAttribute(explicit) and w.testAttribute(hidden):
            return False
        w = w.parentWidget()
    return True
