"""Where a value sits in a dossier: `holders[0].cccd`, `parcels[1].land_uses[0].area`,
`parcels[0].housing.grade`, `current_user.name`, `serial`.

One type for the paths the rules report (`Problem.path`), the audit trail records (`diff`), the
editor's cards bind to, and the review queue fixes in place. Labels name a path in the user's
language ("Chủ sử dụng 2 · Số CCCD") for the history tab and lists of problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from landdesk.domain import i18n

_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")

# Field names as the officer reads them (Form 01 wording), (vi, en).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    # certificate
    "commune_code": ("Mã xã/phường", "Commune code"),
    "village": ("Thôn/tổ dân phố", "Village"),
    "serial": ("Số phát hành GCN", "Certificate serial"),
    "issue_date": ("Ngày cấp GCN", "Issue date"),
    "registry_no": ("Số vào sổ cấp GCN", "Registry entry number"),
    "issuer": ("Cơ quan cấp", "Issued by"),
    "custody": ("Tình trạng GCN", "Certificate custody"),
    "custody_note": ("Ghi chú tình trạng", "Custody note"),
    "status": ("Trạng thái hồ sơ", "Dossier status"),
    "received_on": ("Ngày nhận hồ sơ", "Date received"),
    "notes": ("Ghi chú", "Notes"),
    "holders": ("Chủ sử dụng", "Holders"),
    "parcels": ("Thửa đất", "Parcels"),
    "current_user": ("Người sử dụng hiện tại", "Current land user"),
    # holder / current user
    "kind": ("Loại chủ", "Holder type"),
    "name": ("Họ và tên", "Name"),
    "cccd": ("Số CCCD", "Citizen ID"),
    "cmnd": ("Số CMND", "Old ID card"),
    "org_id": ("Mã số tổ chức", "Organisation ID"),
    "birth": ("Ngày sinh", "Date of birth"),
    "gender": ("Giới tính", "Gender"),
    "address": ("Địa chỉ", "Address"),
    "legal_form": ("Pháp nhân", "Legal form"),
    "role": ("Vai trò", "Role"),
    "representative": ("Người đại diện", "Representative"),
    "verification": ("Kết quả xác minh", "Verification"),
    "verification_reason": ("Lý do xác minh", "Verification reason"),
    "verification_fields": ("Trường khác biệt", "Differing fields"),
    "reason": ("Lý do thay đổi", "Reason for change"),
    # parcel
    "sheet_cert": ("Tờ bản đồ (GCN)", "Map sheet (certificate)"),
    "parcel_cert": ("Số thửa (GCN)", "Parcel no. (certificate)"),
    "sheet_map": ("Tờ bản đồ (hiện nay)", "Map sheet (current)"),
    "parcel_map": ("Số thửa (hiện nay)", "Parcel no. (current)"),
    "map_series": ("Bộ bản đồ", "Map series"),
    "old_commune": ("Xã cũ", "Former commune"),
    "national_id": ("Mã định danh thửa", "National parcel ID"),
    "area": ("Diện tích", "Area"),
    "classification": ("Phân loại thửa", "Parcel classification"),
    "group": ("Nhóm thửa", "Parcel group"),
    "land_uses": ("Loại đất", "Land uses"),
    "housing": ("Nhà ở, tài sản", "Housing"),
    # land use
    "code": ("Mã loại đất", "Land-use code"),
    "raw_text": ("Loại đất ghi trên GCN", "Land use as printed"),
    "origin": ("Nguồn gốc sử dụng", "Origin"),
    "use_form": ("Hình thức sử dụng", "Form of use"),
    "term": ("Thời hạn sử dụng", "Term"),
    # housing
    "asset_type": ("Loại tài sản", "Asset type"),
    "complex_name": ("Tên công trình/dự án", "Complex"),
    "building": ("Tòa nhà", "Building"),
    "apartment_no": ("Số căn hộ", "Apartment no."),
    "construction_area": ("Diện tích xây dựng", "Construction area"),
    "floor_area": ("Diện tích sàn", "Floor area"),
    "ownership_form": ("Hình thức sở hữu", "Form of ownership"),
    "ownership_term": ("Thời hạn sở hữu", "Term of ownership"),
    "grade": ("Cấp hạng", "Grade"),
}
# A numbered part of a dossier, (vi, en) with {n} counted from 1.
PLACES: dict[str, tuple[str, str]] = {
    "holders": ("Chủ sử dụng {n}", "Holder {n}"),
    "parcels": ("Thửa {n}", "Parcel {n}"),
    "land_uses": ("loại đất {n}", "land use {n}"),
}


@dataclass(frozen=True)
class FieldPath:
    """A parsed path: steps of (attribute, list index or None)."""

    steps: tuple[tuple[str, int | None], ...]

    @classmethod
    def parse(cls, text: str) -> FieldPath | None:
        """None for text that is not a path (empty, `a..b`, `x[1`)."""
        steps = []
        for part in (text or "").split("."):
            m = _STEP.fullmatch(part)
            if not m:
                return None
            steps.append((m.group(1), int(m.group(2)) if m.group(2) is not None else None))
        return cls(tuple(steps))

    @classmethod
    def of(cls, *parts: str | tuple[str, int | None]) -> FieldPath:
        """FieldPath.of(("holders", 0), "cccd")."""
        return cls(tuple((p, None) if isinstance(p, str) else p for p in parts))

    def __str__(self) -> str:
        return ".".join(name if idx is None else f"{name}[{idx}]" for name, idx in self.steps)

    @property
    def name(self) -> str:
        """The last attribute: "cccd" for holders[0].cccd."""
        return self.steps[-1][0]

    @property
    def head(self) -> tuple[str, int | None]:
        return self.steps[0]

    def tail(self, skip: int = 1) -> FieldPath | None:
        """The path below the first `skip` steps (inside a card), None when nothing is left."""
        rest = self.steps[skip:]
        return FieldPath(rest) if rest else None

    def child(self, name: str, index: int | None = None) -> FieldPath:
        return FieldPath((*self.steps, (name, index)))

    def locate(self, root) -> tuple[object, str] | None:
        """(object, attribute) this path names inside `root`, or None when it names no single
        attribute there (an index out of range, a list itself, an attribute that does not exist)."""
        obj = root
        for name, idx in self.steps[:-1]:
            obj = getattr(obj, name, None)
            if idx is not None:
                if not isinstance(obj, list) or idx >= len(obj):
                    return None
                obj = obj[idx]
            if obj is None:
                return None
        name, idx = self.steps[-1]
        if idx is not None or not hasattr(obj, name):
            return None
        return obj, name

    def label(self, lang: str = "vi") -> str:
        """"Chủ sử dụng 2 · Số CCCD", "Thửa 1, loại đất 2 · Diện tích", "Ngày cấp GCN"."""
        places = []
        for name, idx in self.steps[:-1]:
            if idx is not None and name in PLACES:
                places.append(i18n.pick(*PLACES[name], lang).format(n=idx + 1))
            elif name in FIELD_LABELS:
                places.append(i18n.pick(*FIELD_LABELS[name], lang))
        name, idx = self.steps[-1]
        if idx is not None and name in PLACES:
            places.append(i18n.pick(*PLACES[name], lang).format(n=idx + 1))
            last = ""
        else:
            last = i18n.pick(*FIELD_LABELS.get(name, (name, name)), lang)
        where = ", ".join(places)
        where = where[:1].upper() + where[1:]
        return f"{where} · {last}" if where and last else (where or last)
