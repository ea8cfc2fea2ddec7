"""The cards of the Form 01 editor: certificate, holders, current land user, notes (parcels with
their land-use rows and housing are in parcel_card.py).

Each card builds its fields in keyboard order (`chain()`), `load()`s a domain object and
`collect()`s one back (keeping its id). Values that cannot be read (a date like 31/02/2020, an area
"12a") are collected as None and reported by `unreadable()` as (path inside the card, field kind,
text) so the editor asks the domain rules for the inline message (rules.validate_field).
`field_at(path)` finds the widget for a path inside the card (domain.fieldpath.FieldPath).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from landdesk.domain.codes import ChangeReason, CustodyStatus, Gender, HolderKind, LegalForm, Role
from landdesk.domain.fieldpath import FieldPath
from landdesk.domain.model import CurrentUser, Holder
from landdesk.domain.values import PartialDate, format_date, parse_area, parse_date, parse_partial_date
from landdesk.ui.widgets.fields import DateField, IdField, NotesField, TextField, enum_picker

QR_PAYLOAD = re.compile(r"\d{12}\|.*$", re.DOTALL)


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


def small_button(text: str, tip: str) -> QPushButton:
    b = QPushButton(text)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard path uses shortcuts, not these
    b.setToolTip(tip)
    b.setFlat(True)
    b.setMaximumWidth(28)
    return b


def format_partial(p: PartialDate | None) -> str:
    return p.display() if p else ""


def read_partial(text: str) -> tuple[PartialDate | None, bool]:
    """(value, readable)."""
    try:
        return parse_partial_date(text), True
    except ValueError:
        return None, False


def read_area(text: str) -> tuple[float | None, bool]:
    try:
        return parse_area(text), True
    except ValueError:
        return None, False


def read_date(text: str) -> tuple[date | None, bool]:
    try:
        return parse_date(text), True
    except ValueError:
        return None, False


class Card(QGroupBox):
    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, title: str, lang: str):
        super().__init__(title)
        self.lang = lang
        self.fields: dict[str, QWidget] = {}
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(3, 2)
        self.remove_button = small_button("✕", tr("Xóa mục này"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def add(self, row: int, col: int, label: str, widget: QWidget, span: int = 1) -> QWidget:
        lab = QLabel(label)
        lab.setBuddy(widget)
        self.grid.addWidget(lab, row, col * 2)
        self.grid.addWidget(widget, row, col * 2 + 1, 1, span * 2 - 1)
        self.fields[widget.path] = widget
        widget.textEdited.connect(lambda _t: self.changed.emit())
        widget.setProperty("label", lab)
        return widget

    def set_visible(self, path: str, visible: bool) -> None:
        w = self.fields[path]
        w.setVisible(visible)
        w.property("label").setVisible(visible)

    def chain(self) -> list[QWidget]:
        """The fields in keyboard order."""
        return list(self.fields.values())

    def field_at(self, path: FieldPath | str | None) -> QWidget | None:
        return self.fields.get(str(path)) if path is not None else None

    def unreadable(self) -> list[tuple[str, str, str]]:
        return []


class CertificateCard(Card):
    """The certificate and the file: serial, dates, registry number, custody."""

    def __init__(self, lang: str):
        super().__init__(tr("Giấy chứng nhận"), lang)
        self.add(0, 0, tr("Số phát hành:"), TextField("serial", tr("VD: CS 123456")))
        self.add(0, 1, tr("Ngày cấp:"), DateField("issue_date"))
        self.add(1, 0, tr("Số vào sổ cấp GCN:"), TextField("registry_no", tr("VD: CH 00149")))
        self.add(1, 1, tr("Thôn/tổ dân phố:"), TextField("village"))
        self.add(2, 0, tr("Tình trạng GCN:"), enum_picker("custody", CustodyStatus, lang))
        self.add(2, 1, tr("Ghi chú tình trạng:"), TextField("custody_note"))
        self.add(3, 0, tr("Cơ quan cấp:"), TextField("issuer"))
        self.add(3, 1, tr("Ngày nhận hồ sơ:"), DateField("received_on"))

    def load(self, d) -> None:
        f = self.fields
        for key in ("serial", "registry_no", "village", "custody", "custody_note", "issuer"):
            f[key].set_value(getattr(d, key))
        f["issue_date"].set_value(format_date(d.issue_date))
        f["received_on"].set_value(format_date(d.received_on))

    def values(self) -> dict:
        """The certificate's part of a Dossier's fields."""
        f = self.fields
        out = {key: f[key].value() for key in ("serial", "registry_no", "village", "custody_note", "issuer")}
        out["custody"] = f["custody"].value() or CustodyStatus.COLLECTED
        out["issue_date"] = read_date(f["issue_date"].value())[0]
        out["received_on"] = read_date(f["received_on"].value())[0]
        return out

    def unreadable(self) -> list[tuple[str, str, str]]:
        out = []
        for path in ("issue_date", "received_on"):
            text = self.fields[path].value()
            if not read_date(text)[1]:
                out.append((path, "date", text))
        return out


class CurrentUserCard(Card):
    """The person using the land when that is not the holder on the certificate."""

    def __init__(self, lang: str):
        super().__init__(tr("Người sử dụng đất hiện tại (nếu khác chủ trên GCN)"), lang)
        self.add(0, 0, tr("Họ và tên:"), TextField("name"))
        self.add(0, 1, tr("Số CCCD:"), IdField("cccd"))
        self.add(1, 0, tr("Địa chỉ (2 cấp):"), TextField("address"))
        self.add(1, 1, tr("Lý do thay đổi:"), enum_picker("reason", ChangeReason, lang))

    def load(self, cu: CurrentUser | None) -> None:
        cu = cu or CurrentUser()
        for key in ("name", "cccd", "address", "reason"):
            self.fields[key].set_value(getattr(cu, key))

    def collect(self) -> CurrentUser | None:
        c = self.fields
        cu = CurrentUser(c["name"].value(), c["cccd"].value(), c["address"].value(), c["reason"].value())
        return None if cu.is_empty() else cu


class NotesCard(Card):
    def __init__(self, lang: str):
        super().__init__(tr("Ghi chú"), lang)
        self.notes = NotesField("notes")
        self.grid.addWidget(self.notes, 0, 0, 1, 6)
        self.fields["notes"] = self.notes
        self.notes.textEdited.connect(lambda _t: self.changed.emit())


class HolderCard(Card):
    """A person or organisation holding the certificate. A chip-card QR payload typed into any of
    its text fields by a USB 2D scanner (keyboard wedge) fills the holder at once."""

    qr_scanned = Signal(object, object, bool)  # (card, QrPayload, ended by the scanner's Enter)

    def __init__(self, index: int, lang: str):
        super().__init__(tr("Chủ sử dụng %1").replace("%1", str(index + 1)), lang)
        self.holder_id = ""
        self.extra: dict = {}
        self.name = self.add(0, 0, tr("Họ và tên:"), TextField("name", tr("VD: NGUYỄN VĂN A")), span=2)
        self.cccd = self.add(1, 0, tr("Số CCCD:"), IdField("cccd", tr("12 chữ số")))
        self.cmnd = self.add(1, 1, tr("Số CMND:"), IdField("cmnd", tr("9 chữ số (nếu có)")))
        self.birth = self.add(2, 0, tr("Ngày sinh:"), DateField("birth", partial=True))
        self.gender = self.add(2, 1, tr("Giới tính:"), enum_picker("gender", Gender, lang))
        self.address = self.add(3, 0, tr("Thường trú:"), TextField("address"), span=2)
        self.legal_form = self.add(4, 0, tr("Pháp nhân:"), enum_picker("legal_form", LegalForm, lang))
        self.role = self.add(4, 1, tr("Vai trò:"), enum_picker("role", Role, lang))
        self.kind = self.add(5, 0, tr("Loại chủ:"), enum_picker("kind", HolderKind, lang))
        self.org_id = self.add(6, 0, tr("Mã số tổ chức:"), TextField("org_id"))
        self.representative = self.add(6, 1, tr("Người đại diện:"), TextField("representative"))
        self.grid.addWidget(self.remove_button, 0, 5, Qt.AlignmentFlag.AlignRight)
        self.kind.textEdited.connect(lambda _t: self._kind_changed())
        self.cccd.textEdited.connect(self._cccd_typed)
        for path in ("name", "cccd", "cmnd", "birth", "address", "org_id", "representative"):
            w = self.fields[path]
            w.installEventFilter(self)
            w.textEdited.connect(lambda _t, w=w: self._maybe_qr(w, enter=False))
        self.load(Holder())  # a second holder starts like the first: the same defaults

    def set_index(self, index: int) -> None:
        self.setTitle(tr("Chủ sử dụng %1").replace("%1", str(index + 1)))

    def is_blank(self) -> bool:
        return self.collect().is_empty()

    def _kind_changed(self) -> None:
        org = self.kind.value() == HolderKind.ORGANISATION
        for path in ("org_id", "representative"):
            self.set_visible(path, org)
        for path in ("cccd", "cmnd", "birth", "gender"):
            self.set_visible(path, not org)

    def _cccd_typed(self, text: str) -> None:
        """Prefill what the number tells: gender when empty; the birth year as a hint."""
        from landdesk.domain import cccd as cccd_mod

        if "|" in text:
            return
        gender = cccd_mod.implied_gender(text) if len(cccd_mod.clean_number(text)) >= 4 else None
        if gender is not None and self.gender.value() is None and len(cccd_mod.clean_number(text)) == 12:
            self.gender.set_value(gender)
        years = cccd_mod.birth_year_range(text)
        if years and years[0] == years[1]:
            self.birth.setPlaceholderText(tr("năm sinh theo CCCD: %1").replace("%1", str(years[0])))
        else:
            self.birth.setPlaceholderText("dd/mm/yyyy")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and "|" in obj.text():
            self._maybe_qr(obj, enter=True)
            return True  # the scanner's Enter ends the payload; it does not move on
        return False

    def _maybe_qr(self, field: TextField, *, enter: bool) -> None:
        from PySide6.QtWidgets import QToolTip

        from landdesk.domain.cccd import QrPayloadError, read_qr_payload

        text = field.text()
        m = QR_PAYLOAD.search(text)
        if not m:
            return
        parts = m.group(0).split("|")
        # Without the scanner's Enter, act only once the issue date (last field) is complete.
        if not enter and not (len(parts) >= 7 and re.fullmatch(r"\d{8}", parts[6].strip())):
            return
        try:
            payload = read_qr_payload(m.group(0))
        except QrPayloadError as exc:  # say why; the text stays for the officer to see
            field.show_problems("error", [exc.message(self.lang)])
            QToolTip.showText(field.mapToGlobal(field.rect().bottomLeft()), exc.message(self.lang), field)
            return
        field.setText(text[:m.start()])
        self.fill_from_qr(payload)
        self.qr_scanned.emit(self, payload, enter)

    def fill_from_qr(self, p) -> None:
        self.kind.set_value(HolderKind.PERSON)
        self._kind_changed()
        self.name.set_value(p.name)
        self.cccd.set_value(p.cccd)
        if p.cmnd:
            self.cmnd.set_value(p.cmnd)
        self.birth.set_value(format_partial(p.birth))
        self.gender.set_value(p.gender)
        self.address.set_value(p.address)
        self.changed.emit()

    def load(self, h: Holder) -> None:
        self.holder_id = h.id
        self.extra = {"verification": h.verification, "verification_reason": h.verification_reason,
                      "verification_fields": h.verification_fields}
        self.kind.set_value(h.kind)
        self.name.set_value(h.name)
        self.cccd.set_value(h.cccd)
        self.cmnd.set_value(h.cmnd)
        self.org_id.set_value(h.org_id)
        self.birth.set_value(format_partial(h.birth))
        self.gender.set_value(h.gender)
        self.address.set_value(h.address)
        self.legal_form.set_value(h.legal_form)
        self.role.set_value(h.role)
        self.representative.set_value(h.representative)
        self._kind_changed()

    def collect(self) -> Holder:
        birth, _ok = read_partial(self.birth.value())
        h = Holder(kind=self.kind.value() or HolderKind.PERSON, name=self.name.value(), cccd=self.cccd.value(),
                   cmnd=self.cmnd.value(), org_id=self.org_id.value(), birth=birth, gender=self.gender.value(),
                   address=self.address.value(), legal_form=self.legal_form.value(), role=self.role.value(),
                   representative=self.representative.value(), **self.extra)
        if self.holder_id:
            h.id = self.holder_id
        return h

    def unreadable(self) -> list[tuple[str, str, str]]:
        text = self.birth.value()
        return [] if read_partial(text)[1] else [("birth", "birth", text)]


