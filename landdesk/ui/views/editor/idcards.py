"""Above the form: chip-card (CCCD) QR codes read from this dossier's pages, set beside the holders as
typed — fill an empty holder from a card, add one, or take the card's value for a field that differs
(one click). The cards come from services.capture.idcards (on the database thread); the comparison
runs here against what the form holds now, typing included.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from landdesk.domain import matching
from landdesk.domain.cardcheck import problem_label
from landdesk.domain.changes import Change
from landdesk.services.capture import idcards
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.dossier_cards import format_partial

log = logging.getLogger("landdesk.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Capture", text)


def stacked(*widgets: QWidget) -> QWidget:
    """The widgets one above the other (the editor's banners slot)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    for w in widgets:
        lay.addWidget(w)
    return box


class IdCardOffers(QLabel):
    def __init__(self, wctx, form):
        super().__init__()
        self.wctx, self.form = wctx, form
        self.setObjectName("idCardOffers")
        self.setWordWrap(True)
        self.setStyleSheet("background: #e3f2fd; border: 1px solid #1565c0; padding: 4px;")
        self.setVisible(False)
        self.linkActivated.connect(self._link)
        self.reads: list[idcards.CardRead] = []
        self.dossier_id: str | None = None
        self._generation = 0
        wctx.hub.changes_applied.connect(self._changes)

    def show_dossier(self, dossier_id: str | None) -> None:
        self.dossier_id = dossier_id
        self._generation += 1
        self.reads = []
        self.setVisible(False)
        if dossier_id is None:
            return
        gen = self._generation
        Op(self.wctx, lambda ctx: idcards.dossier_cards(ctx, dossier_id), parent=self, kind="read") \
            .success(lambda found: self._loaded(gen, found)) \
            .failure(lambda exc: log.warning("ID-card look-up failed: %s", type(exc).__name__)).run()

    def _changes(self, changes, initiator) -> None:
        if Change.SCANS in changes and self.dossier_id:  # a GT page just arrived (phone, scanner, file)
            self.show_dossier(self.dossier_id)

    def _loaded(self, gen: int, found) -> None:
        if gen == self._generation:
            self.reads = found.reads
            self.render()

    def _holders(self):
        return [card.collect() for card in self.form.holders]

    def render(self) -> None:
        lang, holders, lines = self.wctx.lang, self._holders(), []
        for i, r in enumerate(self.reads):
            where = tr("Thẻ CCCD trên {kind} trang {n}").format(kind=r.kind.upper(), n=r.position)
            if not r.ok:
                why = "; ".join(problem_label(c, lang) for c in r.problems)
                lines.append(f"✖ {where}: " + tr("mã QR không hợp lệ, không dùng") + f" ({html.escape(why)})")
                continue
            card = r.card
            idx, offer = idcards.match_card(holders, card)
            who = html.escape(card.name)
            if offer == "fill":
                lines.append(f"+ {where}: <b>{who}</b> — <a href='fill:{i}:{idx}'>"
                             + tr("Điền vào người sử dụng {n}").format(n=idx + 1) + "</a>")
                continue
            if offer == "add":
                lines.append(f"+ {where}: <b>{who}</b> " + tr("chưa có trong hồ sơ") + f" — <a href='add:{i}'>"
                             + tr("Thêm người sử dụng từ thẻ") + "</a>")
                continue
            diffs = idcards.differences(holders[idx], card)
            head = f"{where} — " + tr("người sử dụng {n}").format(n=idx + 1) + f" <b>{html.escape(holders[idx].name)}</b>"
            if not diffs:
                lines.append(f"✔ {head}: " + tr("khớp với thẻ"))
                continue
            parts = []
            for d in diffs:
                label = matching.FIELD_LABELS.get(d.field, (tr("Thường trú"),) * 2)[0 if lang == "vi" else 1]
                color = "#b71c1c" if d.problem else "#37474f"
                typed = html.escape(d.typed) if d.typed else "—"
                parts.append(f"<span style='color:{color}'>{label}: {typed} ≠ " + tr("thẻ") + f" {html.escape(d.card)}"
                             f"</span> <a href='use:{i}:{idx}:{d.field}'>" + tr("Dùng giá trị trên thẻ") + "</a>")
            mark = "⚠" if any(d.problem for d in diffs) else "ℹ"
            lines.append(f"{mark} {head}:<br>&nbsp;&nbsp;" + "<br>&nbsp;&nbsp;".join(parts))
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))

    def _link(self, link: str) -> None:
        what, *rest = link.split(":")
        read = self.reads[int(rest[0])]
        card = read.card
        if card is None:
            return
        if what == "add":
            self.form.add_holder()
            self.form.holders[-1].fill_from_qr(card)
        elif what == "fill":
            self.form.holders[int(rest[1])].fill_from_qr(card)
        elif what == "use":
            self.use(int(rest[1]), rest[2], card)
        self.render()

    def use(self, index: int, field: str, card) -> None:
        """Put the card's value of one field into the holder's card on the form."""
        target = self.form.holders[index]
        value = {"name": card.name, "cccd": card.cccd, "cmnd": card.cmnd, "birth": format_partial(card.birth),
                 "gender": card.gender, "address": card.address}[field]
        getattr(target, field).set_value(value)
        target.changed.emit()
