"""The parts of the Form 01 editor: holder cards, parcel cards with land-use rows and housing.

Each card builds its fields in keyboard order, `load()`s a domain object and `collect()`s one back
(keeping its id). Values that cannot be read (a date like 31/02/2020, an area "12a") are collected as
None and reported by `unreadable()` as (path, field kind, text) so the editor asks the domain rules
for the inline message (rules.validate_field).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from landdesk.domain import reference
from landdesk.domain.codes import Gender, HolderKind, LegalForm, Role, UseForm
from landdesk.domain.model import Holder, Housing, LandUse, Parcel
from landdesk.domain.values import PartialDate, format_area, parse_area, parse_partial_date
from landdesk.ui.widgets.fields import TextField, enum_picker, land_use_picker

QR_PAYLOAD = re.compile(r"\d{12}\|.*$", re.DOTALL)


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


def _small_button(text: str, tip: str) -> QPushButton:
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
        self.remove_button = _small_button("✕", tr("Xóa mục này"))
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


class HolderCard(Card):
    """A person or organisation holding the certificate. A chip-card QR payload typed into any of
    its text fields by a USB 2D scanner (keyboard wedge) fills the holder at once."""

    qr_scanned = Signal(object, object, bool)  # (card, QrPayload, ended by the scanner's Enter)

    def __init__(self, index: int, lang: str):
        super().__init__(tr("Chủ sử dụng %1").replace("%1", str(index + 1)), lang)
        self.holder_id = ""
        self.extra: dict = {}
        self.name = self.add(0, 0, tr("Họ và tên:"), TextField("name", tr("VD: NGUYỄN VĂN A")), span=2)
        self.cccd = self.add(1, 0, tr("Số CCCD:"), TextField("cccd", tr("12 chữ số")))
        self.cmnd = self.add(1, 1, tr("Số CMND:"), TextField("cmnd", tr("9 chữ số (nếu có)")))
        self.birth = self.add(2, 0, tr("Ngày sinh:"), TextField("birth", "dd/mm/yyyy"))
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
        self._kind_changed()

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
        from landdesk.domain.cccd import parse_qr_payload

        text = field.text()
        m = QR_PAYLOAD.search(text)
        if not m:
            return
        parts = m.group(0).split("|")
        # Without the scanner's Enter, act only once the issue date (last field) is complete.
        if not enter and not (len(parts) >= 7 and re.fullmatch(r"\d{8}", parts[6].strip())):
            return
        payload = parse_qr_payload(m.group(0))
        if payload is None:
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


class LandUseRow(QFrame):
    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.land_use_id = ""
        self.fields: dict[str, QWidget] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.code = land_use_picker("code", lang)
        self.area = TextField("area", tr("m²"))
        self.area.setMinimumWidth(70)
        self.area.setMaximumWidth(110)
        self.raw_text = TextField("raw_text", tr("ghi trên GCN"))
        self.origin = TextField("origin", tr("nguồn gốc"))
        self.use_form = enum_picker("use_form", UseForm, lang)
        self.use_form.setMinimumContentsLength(6)
        self.term = TextField("term", tr("Lâu dài / đến ngày..."))
        self.term.setMaximumWidth(150)
        self.raw_text.setMinimumWidth(90)
        self.origin.setMinimumWidth(80)
        self.term.setMinimumWidth(80)
        for w, stretch in ((self.code, 3), (self.area, 1), (self.raw_text, 2), (self.origin, 2),
                           (self.use_form, 1), (self.term, 1)):
            lay.addWidget(w, stretch)
            self.fields[w.path] = w
            w.textEdited.connect(lambda _t: self.changed.emit())
        self.remove_button = _small_button("✕", tr("Xóa loại đất này"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        lay.addWidget(self.remove_button)

    def load(self, lu: LandUse) -> None:
        self.land_use_id = lu.id
        self.code.set_value(lu.code)
        self.area.set_value(format_area(lu.area, self.lang) if lu.area is not None else "")
        self.raw_text.set_value(lu.raw_text)
        self.origin.set_value(lu.origin)
        self.use_form.set_value(lu.use_form)
        self.term.set_value(lu.term)

    def collect(self) -> LandUse:
        code = self.code.value()
        raw = self.raw_text.value()
        if not raw and code:  # the template writes land types as names; keep the code too
            unit = reference.land_use(code)
            raw = unit.name_vi if unit else ""
        lu = LandUse(code=code, raw_text=raw, area=read_area(self.area.value())[0], origin=self.origin.value(),
                     use_form=self.use_form.value(), term=self.term.value())
        if self.land_use_id:
            lu.id = self.land_use_id
        return lu

    def unreadable(self) -> list[tuple[str, str, str]]:
        text = self.area.value()
        return [] if read_area(text)[1] else [("area", "area", text)]


HOUSING_FIELDS = [
    ("asset_type", "Loại tài sản:"), ("complex_name", "Tên công trình/dự án:"), ("building", "Tòa nhà:"),
    ("apartment_no", "Số căn hộ:"), ("construction_area", "Diện tích xây dựng (m²):"),
    ("floor_area", "Diện tích sàn (m²):"), ("ownership_form", "Hình thức sở hữu:"),
    ("ownership_term", "Thời hạn sở hữu:"), ("grade", "Cấp hạng:"),
]
_HOUSING_LABELS = [
    QCoreApplication.translate("Editor", "Loại tài sản:"), QCoreApplication.translate("Editor", "Tên công trình/dự án:"),
    QCoreApplication.translate("Editor", "Tòa nhà:"), QCoreApplication.translate("Editor", "Số căn hộ:"),
    QCoreApplication.translate("Editor", "Diện tích xây dựng (m²):"),
    QCoreApplication.translate("Editor", "Diện tích sàn (m²):"),
    QCoreApplication.translate("Editor", "Hình thức sở hữu:"),
    QCoreApplication.translate("Editor", "Thời hạn sở hữu:"), QCoreApplication.translate("Editor", "Cấp hạng:"),
]


class ParcelCard(Card):
    def __init__(self, index: int, lang: str):
        super().__init__(tr("Thửa đất %1").replace("%1", str(index + 1)), lang)
        self.parcel_id = ""
        self.housing_id = ""
        self.extra: dict = {}
        self.sheet_cert = self.add(0, 0, tr("Tờ bản đồ (GCN):"), TextField("sheet_cert"))
        self.parcel_cert = self.add(0, 1, tr("Số thửa (GCN):"), TextField("parcel_cert"))
        self.area = self.add(1, 0, tr("Diện tích (m²):"), TextField("area", tr("VD: 250,5")))
        self.address = self.add(1, 1, tr("Địa chỉ thửa đất:"), TextField("address"))
        self.grid.addWidget(self.remove_button, 0, 5, Qt.AlignmentFlag.AlignRight)

        uses_label = QLabel(tr("Loại đất (mã — tên) · diện tích · ghi trên GCN · nguồn gốc · hình thức · thời hạn"))
        uses_label.setStyleSheet("color: palette(dark); margin-top: 4px;")
        self.grid.addWidget(uses_label, 2, 0, 1, 6)
        self.uses_box = QWidget()
        self.uses_layout = QGridLayout(self.uses_box)
        self.uses_layout.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.uses_box, 3, 0, 1, 6)
        self.uses: list[LandUseRow] = []

        self.sheet_map = self.add(4, 0, tr("Tờ bản đồ (hiện nay):"), TextField("sheet_map"))
        self.parcel_map = self.add(4, 1, tr("Số thửa (hiện nay):"), TextField("parcel_map"))
        self.national_id = self.add(5, 0, tr("Mã định danh thửa:"), TextField("national_id", tr("12 ký tự, nếu có")))
        self.map_series = self.add(5, 1, tr("Bộ bản đồ:"), TextField("map_series"))
        self.old_commune = self.add(6, 0, tr("Xã cũ:"), TextField("old_commune"))
        self.classification = self.add(6, 1, tr("Phân loại thửa:"), TextField("classification"))

        self.has_housing = QCheckBox(tr("Có nhà ở / tài sản gắn liền với đất"))
        self.has_housing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid.addWidget(self.has_housing, 7, 0, 1, 6)
        self.housing_box = QWidget()
        hgrid = QGridLayout(self.housing_box)
        hgrid.setContentsMargins(0, 0, 0, 0)
        self.housing: dict[str, TextField] = {}
        for i, (key, label) in enumerate(HOUSING_FIELDS):
            w = TextField(f"housing.{key}")
            lab = QLabel(tr(label))
            lab.setBuddy(w)
            hgrid.addWidget(lab, i // 2, (i % 2) * 2)
            hgrid.addWidget(w, i // 2, (i % 2) * 2 + 1)
            w.textEdited.connect(lambda _t: self.changed.emit())
            self.housing[key] = w
            self.fields[w.path] = w
        self.grid.addWidget(self.housing_box, 8, 0, 1, 6)
        self.housing_box.setVisible(False)
        self.has_housing.toggled.connect(self._housing_toggled)

    def _housing_toggled(self, on: bool) -> None:
        self.housing_box.setVisible(on)
        self.changed.emit()

    def add_land_use(self, lu: LandUse | None = None) -> LandUseRow:
        row = LandUseRow(self.lang)
        if lu is not None:
            row.load(lu)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove_use)
        self.uses_layout.addWidget(row, len(self.uses), 0)
        self.uses.append(row)
        self._fix_tab_order()
        return row

    def _remove_use(self, row: LandUseRow) -> None:
        self.uses.remove(row)
        self.uses_layout.removeWidget(row)
        row.deleteLater()
        self._fix_tab_order()
        self.changed.emit()

    def _fix_tab_order(self) -> None:
        """Keyboard order: numbers, area, address, land uses (in order), then the rest."""
        chain = [self.sheet_cert, self.parcel_cert, self.area, self.address]
        for row in self.uses:
            chain += [row.code, row.area, row.raw_text, row.origin, row.use_form, row.term]
        chain += [self.sheet_map, self.parcel_map, self.national_id, self.map_series, self.old_commune,
                  self.classification] + list(self.housing.values())
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def load(self, p: Parcel) -> None:
        self.parcel_id = p.id
        self.extra = {"group": p.group}
        for key in ("sheet_cert", "parcel_cert", "sheet_map", "parcel_map", "map_series", "old_commune",
                    "national_id", "address", "classification"):
            self.fields[key].set_value(getattr(p, key))
        self.area.set_value(format_area(p.area, self.lang) if p.area is not None else "")
        if len(self.uses) == len(p.land_uses):  # reuse the rows: reloading after a save stays cheap
            for row, lu in zip(self.uses, p.land_uses, strict=True):
                row.load(lu)
        else:
            for row in list(self.uses):
                self.uses.remove(row)
                self.uses_layout.removeWidget(row)
                row.setParent(None)
                row.deleteLater()
            for lu in p.land_uses:
                self.add_land_use(lu)
        h = p.housing
        self.housing_id = h.id if h else ""
        self.has_housing.blockSignals(True)
        self.has_housing.setChecked(h is not None and not h.is_empty())
        self.has_housing.blockSignals(False)
        self.housing_box.setVisible(self.has_housing.isChecked())
        for key, w in self.housing.items():
            value = getattr(h, key) if h is not None else None
            if key in ("construction_area", "floor_area") and value is not None:
                value = format_area(value, self.lang)
            w.set_value(value)
        self._fix_tab_order()

    def collect(self) -> Parcel:
        p = Parcel(**{key: self.fields[key].value() for key in (
            "sheet_cert", "parcel_cert", "sheet_map", "parcel_map", "map_series", "old_commune", "national_id",
            "address", "classification")}, area=read_area(self.area.value())[0], **self.extra)
        if self.parcel_id:
            p.id = self.parcel_id
        p.land_uses = [row.collect() for row in self.uses]
        if self.has_housing.isChecked():
            values = {k: w.value() for k, w in self.housing.items()}
            for k in ("construction_area", "floor_area"):
                values[k] = read_area(values[k])[0]
            h = Housing(**values)
            if self.housing_id:
                h.id = self.housing_id
            p.housing = None if h.is_empty() else h
        return p

    def unreadable(self) -> list[tuple[str, str, str]]:
        out = []
        if not read_area(self.area.value())[1]:
            out.append(("area", "area", self.area.value()))
        for j, row in enumerate(self.uses):
            out += [(f"land_uses[{j}].{path}", kind, text) for path, kind, text in row.unreadable()]
        if self.has_housing.isChecked():
            for k in ("construction_area", "floor_area"):
                text = self.housing[k].value()
                if not read_area(text)[1]:
                    out.append((f"housing.{k}", "area", text))
        return out

    def field_at(self, path: str) -> QWidget | None:
        """The widget for a path inside this parcel ("area", "land_uses[1].code", "housing.grade")."""
        m = re.fullmatch(r"land_uses\[(\d+)\]\.(\w+)", path)
        if m:
            j = int(m.group(1))
            return self.uses[j].fields.get(m.group(2)) if j < len(self.uses) else None
        if path == "land_uses":
            return self.uses[0].code if self.uses else self.area
        return self.fields.get(path)
