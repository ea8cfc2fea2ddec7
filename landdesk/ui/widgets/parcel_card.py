"""The parcel card of the Form 01 editor: numbers, area, address, land-use rows, the map numbers
and housing (items 18–50 of Form 01). Same contract as the cards in dossier_cards.py."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from landdesk.domain import reference
from landdesk.domain.codes import UseForm
from landdesk.domain.fieldpath import FieldPath
from landdesk.domain.model import Housing, LandUse, Parcel
from landdesk.domain.values import format_area
from landdesk.ui.widgets.dossier_cards import Card, read_area, small_button
from landdesk.ui.widgets.fields import TextField, enum_picker, land_use_picker


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


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
        self._named = ""  # the code's name put into raw_text, while the officer has not changed it
        self.code.textEdited.connect(lambda _t: self._code_picked())
        self.remove_button = small_button("✕", tr("Xóa loại đất này"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        lay.addWidget(self.remove_button)

    def _code_picked(self) -> None:
        """The certificate's wording is typed by the officer; until they do, the field shows (in
        plain sight, to be corrected) the picked code's name, as the template writes land types."""
        raw = self.raw_text.value()
        if raw and raw != self._named:
            return
        unit = reference.land_use(self.code.value()) if self.code.value() else None
        self._named = unit.name_vi if unit else ""
        self.raw_text.set_value(self._named)
        self.raw_text.setToolTip(tr("Điền theo tên loại đất đã chọn: sửa lại nếu GCN ghi khác.") if self._named else "")

    def load(self, lu: LandUse) -> None:
        self._named = ""
        self.land_use_id = lu.id
        self.code.set_value(lu.code)
        self.area.set_value(format_area(lu.area, self.lang) if lu.area is not None else "")
        self.raw_text.set_value(lu.raw_text)
        self.origin.set_value(lu.origin)
        self.use_form.set_value(lu.use_form)
        self.term.set_value(lu.term)

    def collect(self) -> LandUse:
        lu = LandUse(code=self.code.value(), raw_text=self.raw_text.value(), area=read_area(self.area.value())[0], origin=self.origin.value(),
                     use_form=self.use_form.value(), term=self.term.value())
        if self.land_use_id:
            lu.id = self.land_use_id
        return lu

    def unreadable(self) -> list[tuple[str, str, str]]:
        text = self.area.value()
        return [] if read_area(text)[1] else [("area", "area", text)]

    def chain(self) -> list[QWidget]:
        return [self.code, self.area, self.raw_text, self.origin, self.use_form, self.term]


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

    def set_index(self, index: int) -> None:
        self.setTitle(tr("Thửa đất %1").replace("%1", str(index + 1)))

    def is_blank(self) -> bool:
        return self.collect().is_empty()

    def chain(self) -> list[QWidget]:
        """Keyboard order: numbers, area, address, land uses (in order), then the rest."""
        chain: list[QWidget] = [self.sheet_cert, self.parcel_cert, self.area, self.address]
        for row in self.uses:
            chain += row.chain()
        return chain + [self.sheet_map, self.parcel_map, self.national_id, self.map_series, self.old_commune,
                        self.classification] + list(self.housing.values())

    def _fix_tab_order(self) -> None:
        chain = self.chain()
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

    def field_at(self, path: FieldPath | str | None) -> QWidget | None:
        """The widget for a path inside this parcel ("area", "land_uses[1].code", "housing.grade")."""
        fp = FieldPath.parse(path) if isinstance(path, str) else path
        if fp is None:
            return None
        name, j = fp.head
        if name == "land_uses" and j is not None:
            rest = fp.tail()
            return self.uses[j].fields.get(str(rest)) if j < len(self.uses) and rest is not None else None
        if name == "land_uses":
            return self.uses[0].code if self.uses else self.area
        return self.fields.get(str(fp))
