"""The validation rules, one id each, with a severity and a Vietnamese and an English message, and
the Problem a failed rule gives (located by its path, "holders[0].cccd"). The checks themselves are in
rules.py; the severity policy is explained there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from landdesk.domain import i18n
from landdesk.domain.codes import Severity
from landdesk.domain.fieldpath import PLACES
from landdesk.domain.values import format_area

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    vi: str  # message templates; placeholders take only non-personal values
    en: str


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: Severity
    message_vi: str
    message_en: str
    path: str = ""  # where in the dossier: "serial", "holders[0].cccd", "parcels[1].land_uses[0].area"
    dossier_id: str = ""

    def message(self, lang: str = "vi") -> str:
        return i18n.pick(self.message_vi, self.message_en, lang)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR


_RULE_LIST = [
    # commune
    Rule("commune.missing", W, "Chưa có mã xã/phường.", "The commune code is missing."),
    Rule("commune.unknown", E, "Mã xã/phường không có trong danh mục đơn vị hành chính.",
         "The commune code is not in the list of administrative units."),
    # certificate
    Rule("serial.missing", W, "Chưa nhập số phát hành GCN.", "The certificate serial is missing."),
    Rule("serial.format", E, "Số phát hành GCN phải gồm chữ cái rồi đến chữ số (ví dụ AB 123456).",
         "The certificate serial must be letters followed by digits (e.g. AB 123456)."),
    Rule("serial.unusual", W,
         "Số phát hành GCN có dạng lạ: thường là 1 chữ + 6 số, 2 chữ + 6 số hoặc 2 chữ + 8 số.",
         "Unusual certificate serial: expected 1 letter + 6 digits, 2 letters + 6 or 2 letters + 8 digits."),
    Rule("date.issue_missing", W, "Chưa nhập ngày cấp GCN.", "The certificate issue date is missing."),
    Rule("registry.missing", W, "Chưa nhập số vào sổ cấp GCN.", "The registry entry number is missing."),
    Rule("date.invalid", E, "{field}: ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.",
         "{field}: not a valid date; type it as dd/mm/yyyy."),
    Rule("date.future", E, "{field} không được sau ngày hôm nay.", "{field} cannot be in the future."),
    Rule("date.before_1987", E, "Ngày cấp GCN trước năm 1987 (Luật Đất đai 1987): kiểm tra lại.",
         "The issue date is before 1987 (Land Law 1987): please check it."),
    Rule("custody.note_missing", W, "Không thu được GCN vì lý do khác: cần ghi rõ lý do.",
         "Certificate not collected for another reason: the note must say why."),
    # holders
    Rule("holder.missing", W, "Hồ sơ chưa có chủ sử dụng.", "The dossier has no holder."),
    Rule("holder.name_missing", W, "Chưa nhập họ tên.", "The name is missing."),
    Rule("holder.id_missing", W, "Chưa có số định danh cá nhân (CCCD) hoặc CMND.",
         "Neither a citizen ID (CCCD) nor an old ID card (CMND) number is given."),
    Rule("holder.birth_missing", W, "Chưa nhập ngày sinh.", "The date of birth is missing."),
    Rule("holder.gender_missing", W, "Chưa chọn giới tính.", "The gender is missing."),
    Rule("holder.duplicate_id", W, "Số CCCD trùng với một chủ sử dụng khác trong hồ sơ.",
         "The citizen ID is the same as another holder's in this dossier."),
    Rule("org.id_missing", W, "Chưa nhập số định danh (mã số) của tổ chức.",
         "The organisation's identifier is missing."),
    Rule("cccd.format", E, "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
         "The citizen ID (CCCD) must be exactly 12 digits."),
    Rule("cccd.province", E, "Ba chữ số đầu của số CCCD không phải là mã tỉnh.",
         "The first three digits of the citizen ID are not a province code."),
    Rule("cccd.century", E, "Chữ số thứ 4 của số CCCD (thế kỷ, giới tính) cho năm sinh không thể có.",
         "The 4th digit of the citizen ID (century, gender) gives an impossible birth year."),
    Rule("cccd.birth_year", E, "Số CCCD (chữ số 4–6) không khớp với năm sinh.",
         "The citizen ID (digits 4–6) does not match the year of birth."),
    Rule("cccd.gender", E, "Số CCCD (chữ số thứ 4) không khớp với giới tính.",
         "The citizen ID (4th digit) does not match the gender."),
    Rule("cmnd.format", E, "Số CMND phải gồm đúng 9 chữ số (số 12 chữ số hãy nhập vào ô CCCD).",
         "The old ID card number (CMND) must be 9 digits (put 12-digit numbers in the CCCD field)."),
    Rule("birth.future", E, "Ngày sinh không được sau ngày hôm nay.", "The date of birth cannot be in the future."),
    Rule("birth.too_old", W, "Năm sinh trước 1900: kiểm tra lại.", "Born before 1900: please check."),
    Rule("birth.after_issue", W, "Ngày sinh sau ngày cấp GCN: kiểm tra lại.",
         "Born after the certificate was issued: please check."),
    Rule("current_user.name_missing", W, "Chưa nhập họ tên người sử dụng hiện tại.",
         "The current land user's name is missing."),
    Rule("current_user.reason_missing", W, "Chưa chọn lý do thay đổi người sử dụng.",
         "The reason for the change of land user is missing."),
    # parcels and land uses
    Rule("parcel.missing", W, "Hồ sơ chưa có thửa đất.", "The dossier has no parcel."),
    Rule("parcel.number_missing", W, "Chưa nhập số tờ bản đồ và số thửa ghi trên GCN.",
         "The map sheet and parcel numbers printed on the certificate are missing."),
    Rule("parcel.area_missing", W, "Chưa nhập diện tích thửa đất.", "The parcel area is missing."),
    Rule("parcel.national_id", W, "Mã định danh thửa đất phải gồm 12 ký tự (GeoHash).",
         "The national parcel ID must be 12 characters (GeoHash)."),
    Rule("area.invalid", E, "{field}: phải là số dương (m²).", "{field}: must be a positive number (m²)."),
    Rule("area.sum_mismatch", W,
         "Tổng diện tích các loại đất ({sum} m²) khác diện tích thửa ({area} m²) quá {tolerance} m².",
         "The land-use areas add up to {sum} m², the parcel area is {area} m² (tolerance {tolerance} m²)."),
    Rule("landuse.missing", W, "Thửa đất chưa có loại đất.", "The parcel has no land use."),
    Rule("landuse.unmapped", W, "Chưa xác định được mã loại đất từ nội dung ghi trên GCN: hãy chọn mã.",
         "The land-use code could not be read from the certificate text: please choose one."),
    Rule("landuse.unknown", E, "Mã loại đất {code} không có trong danh mục.", "Land-use code {code} is not in the list."),
    Rule("landuse.legacy", W, "Mã loại đất {code} là mã cũ; mã hiện hành: {replacement}.",
         "Land-use code {code} is a legacy code; current code: {replacement}."),
]
RULES: dict[str, Rule] = {r.id: r for r in _RULE_LIST}

# Field names as shown to the officer, for the generic rules ({field}) and the location prefix.
FIELD_NAMES = {
    "issue_date": ("Ngày cấp GCN", "Issue date"),
    "received_on": ("Ngày nhận hồ sơ", "Date received"),
    "birth": ("Ngày sinh", "Date of birth"),
    "date": ("Ngày", "Date"),
    "area": ("Diện tích", "Area"),
    "construction_area": ("Diện tích xây dựng", "Construction area"),
    "floor_area": ("Diện tích sàn", "Floor area"),
}
_INDEXED = re.compile(r"(\w+)\[(\d+)\]")


def _where(path: str) -> tuple[str, str]:
    """("Chủ sử dụng 1", "Holder 1") for "holders[0].cccd"; empty for top-level fields."""
    vi, en = [], []
    for name, idx in _INDEXED.findall(path):
        if name in PLACES:
            vi.append(PLACES[name][0].format(n=int(idx) + 1))
            en.append(PLACES[name][1].format(n=int(idx) + 1))
    if path.startswith("current_user"):
        vi.insert(0, "Người sử dụng hiện tại")
        en.insert(0, "Current land user")
    return ", ".join(vi), ", ".join(en)


def make_problem(rule_id: str, path: str = "", dossier_id: str = "", **params: Any) -> Problem:
    """A Problem for a rule. A param may be a (vi, en) pair; none may carry personal data."""
    rule = RULES[rule_id]
    vi_params = {k: v[0] if isinstance(v, tuple) else v for k, v in params.items()}
    en_params = {k: v[1] if isinstance(v, tuple) else v for k, v in params.items()}
    vi, en = rule.vi.format(**vi_params), rule.en.format(**en_params)
    where_vi, where_en = _where(path)
    if where_vi:
        vi, en = f"{where_vi}: {vi}", f"{where_en}: {en}"
    return Problem(rule.id, rule.severity, vi, en, path, dossier_id)


def field_label(path: str) -> tuple[str, str]:
    last = path.rsplit(".", 1)[-1]
    last = _INDEXED.sub(r"\1", last)
    return FIELD_NAMES.get(last, FIELD_NAMES["date"] if "date" in last else FIELD_NAMES["area"])


def area_text(value: float) -> tuple[str, str]:
    return format_area(value, "vi"), format_area(value, "en")
