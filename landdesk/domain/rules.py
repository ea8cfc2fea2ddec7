"""Validation rules for a dossier: one id per rule, a severity, and a Vietnamese and an English message.

Severity policy
- ERROR (blocks saving, keeps a dossier from "checked"): the value as typed cannot be right —
  a malformed or impossible value (CCCD not 12 digits or with an unknown province prefix, a
  date in the future or before the 1987 Land Law, a negative area, a code not in the lists), or
  two fields that contradict each other by construction (CCCD digits vs birth year / gender:
  one of them is mistyped).
- WARNING (never blocks): something missing that the officer can fill in later, a value of an
  unusual but possible shape, or a figure that may really be printed that way on an old
  certificate (land-use areas not adding up to the parcel area, legacy land-use codes).
Relaxations: organisation holders skip the person rules (ID, birth, gender); a certificate that
was not collected (at a bank, lost, holder absent) is not expected to show serial, issue date or
registry number; "other" custody needs a note saying why.

Messages never contain ID numbers, birth dates or addresses (personal data, Decree 13/2023):
they name the field that is wrong, and `Problem.path` ("holders[0].cccd") locates it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from landdesk.domain import cccd as cccd_mod
from landdesk.domain import i18n, reference
from landdesk.domain import serial as serial_mod
from landdesk.domain.codes import (
    CertificateGeneration,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
    Severity,
)
from landdesk.domain.model import Dossier, Holder, Parcel
from landdesk.domain.values import PartialDate, format_area, parse_area, parse_partial_date

AREA_TOLERANCE = 0.5  # m²; land-use areas may differ from the parcel area by rounding
MIN_ISSUE_DATE = date(1987, 1, 1)  # no certificate predates the 1987 Land Law
MIN_BIRTH_YEAR = 1900

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
_FIELD_LABELS = {
    "issue_date": ("Ngày cấp GCN", "Issue date"),
    "received_on": ("Ngày nhận hồ sơ", "Date received"),
    "birth": ("Ngày sinh", "Date of birth"),
    "date": ("Ngày", "Date"),
    "area": ("Diện tích", "Area"),
    "construction_area": ("Diện tích xây dựng", "Construction area"),
    "floor_area": ("Diện tích sàn", "Floor area"),
}
_PLACES = {
    "holders": ("Chủ sử dụng {n}", "Holder {n}"),
    "parcels": ("Thửa {n}", "Parcel {n}"),
    "land_uses": ("loại đất {n}", "land use {n}"),
}
_INDEXED = re.compile(r"(\w+)\[(\d+)\]")


def _where(path: str) -> tuple[str, str]:
    """("Chủ sử dụng 1", "Holder 1") for "holders[0].cccd"; empty for top-level fields."""
    vi, en = [], []
    for name, idx in _INDEXED.findall(path):
        if name in _PLACES:
            vi.append(_PLACES[name][0].format(n=int(idx) + 1))
            en.append(_PLACES[name][1].format(n=int(idx) + 1))
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


def _field_label(path: str) -> tuple[str, str]:
    last = path.rsplit(".", 1)[-1]
    last = _INDEXED.sub(r"\1", last)
    return _FIELD_LABELS.get(last, _FIELD_LABELS["date"] if "date" in last else _FIELD_LABELS["area"])


def _area_text(value: float) -> tuple[str, str]:
    return format_area(value, "vi"), format_area(value, "en")


# --- Field checks (shared by validate_dossier and validate_field) ------------------------------


class _Out:
    """Collects problems for one dossier (or one field)."""

    def __init__(self, dossier_id: str = ""):
        self.items: list[Problem] = []
        self.dossier_id = dossier_id

    def add(self, rule_id: str, path: str, **params: Any) -> None:
        self.items.append(make_problem(rule_id, path, self.dossier_id, **params))


class _Count(_Out):
    """Counts problems by severity without writing their messages (bulk imports store counts only)."""

    def __init__(self):
        super().__init__()
        self.errors = self.warnings = 0

    def add(self, rule_id: str, path: str, **params: Any) -> None:
        if RULES[rule_id].severity == E:
            self.errors += 1
        else:
            self.warnings += 1


def _is_future(p: PartialDate, today: date) -> bool:
    if p.day is not None:
        return p.as_date() > today
    if p.month is not None:
        return (p.year, p.month) > (today.year, today.month)
    return p.year > today.year


def _check_cccd(out: _Out, path: str, number: str, birth: PartialDate | None, gender: Gender | None,
                today: date) -> None:
    info = cccd_mod.parse_cccd(number)
    if info is None:
        out.add("cccd.format", path)
        return
    if not info.province_known:
        out.add("cccd.province", path)
    if info.birth_year > today.year:
        out.add("cccd.century", path)
    elif birth is not None and birth.year != info.birth_year:
        out.add("cccd.birth_year", path)
    if gender is not None and gender != info.gender:
        out.add("cccd.gender", path)


def _check_birth(out: _Out, path: str, birth: PartialDate, today: date, issue_date: date | None = None) -> None:
    if _is_future(birth, today):
        out.add("birth.future", path)
    elif birth.year < MIN_BIRTH_YEAR:
        out.add("birth.too_old", path)
    elif issue_date is not None and _is_future(birth, issue_date):
        out.add("birth.after_issue", path)


def _check_issue_date(out: _Out, path: str, d: date, today: date) -> None:
    if d > today:
        out.add("date.future", path, field=_FIELD_LABELS["issue_date"])
    elif d < MIN_ISSUE_DATE:
        out.add("date.before_1987", path)


def _check_serial(out: _Out, path: str, serial: str) -> None:
    if serial_mod.serial_generation(serial) != CertificateGeneration.UNKNOWN:
        return  # a known generation is also the right shape: one parse for the usual serial
    if not serial_mod.is_serial_shape(serial):
        out.add("serial.format", path)
    else:
        out.add("serial.unusual", path)


def _check_area(out: _Out, path: str, value: float | None) -> bool:
    """True when the area is usable (present and positive)."""
    if value is None:
        return False
    if not value > 0 or value == float("inf"):
        out.add("area.invalid", path, field=_field_label(path))
        return False
    return True


def _check_land_use_code(out: _Out, path: str, code: str) -> None:
    unit = reference.land_use(code)
    if unit is None:
        out.add("landuse.unknown", path, code=code)
    elif unit.status == "legacy":
        out.add("landuse.legacy", path, code=unit.code,
                replacement=reference.land_use_replacement(unit.code) or "?")


_GEOHASH = re.compile(r"[0-9bcdefghjkmnpqrstuvwxyz]{12}")


# --- Whole dossier ---------------------------------------------------------------------------


def _check_holder(out: _Out, i: int, h: Holder, today: date, issue_date: date | None) -> None:
    base = f"holders[{i}]"
    if not h.name.strip():
        out.add("holder.name_missing", f"{base}.name")
    if h.kind == HolderKind.ORGANISATION:
        # A community (cộng đồng dân cư) has no organisation ID to give.
        if not h.org_id.strip() and h.legal_form != LegalForm.COMMUNITY:
            out.add("org.id_missing", f"{base}.org_id")
        # Its representative's ID, in the holder columns, is a person's: the same CCCD rules.
        if h.cccd.strip():
            _check_cccd(out, f"{base}.cccd", h.cccd, h.birth, h.gender, today)
        if h.cmnd.strip() and not cccd_mod.is_valid_cmnd(h.cmnd):
            out.add("cmnd.format", f"{base}.cmnd")
        return
    if h.cccd.strip():
        _check_cccd(out, f"{base}.cccd", h.cccd, h.birth, h.gender, today)
    if h.cmnd.strip() and not cccd_mod.is_valid_cmnd(h.cmnd):
        out.add("cmnd.format", f"{base}.cmnd")
    if not h.cccd.strip() and not h.cmnd.strip():
        out.add("holder.id_missing", f"{base}.cccd")
    if h.birth is None:
        out.add("holder.birth_missing", f"{base}.birth")
    else:
        _check_birth(out, f"{base}.birth", h.birth, today, issue_date)
    if h.gender is None:
        out.add("holder.gender_missing", f"{base}.gender")


def _check_parcel(out: _Out, i: int, p: Parcel, tolerance: float) -> None:
    base = f"parcels[{i}]"
    if not (p.sheet_cert.strip() and p.parcel_cert.strip()):
        out.add("parcel.number_missing", f"{base}.parcel_cert")
    if p.national_id.strip() and not _GEOHASH.fullmatch(p.national_id.strip().lower()):
        out.add("parcel.national_id", f"{base}.national_id")
    parcel_ok = _check_area(out, f"{base}.area", p.area)
    if p.area is None:
        out.add("parcel.area_missing", f"{base}.area")
    if not p.land_uses:
        out.add("landuse.missing", f"{base}.land_uses")
    areas_ok = bool(p.land_uses)
    for j, lu in enumerate(p.land_uses):
        lbase = f"{base}.land_uses[{j}]"
        if lu.code:
            _check_land_use_code(out, f"{lbase}.code", lu.code)
        elif lu.raw_text.strip():
            out.add("landuse.unmapped", f"{lbase}.code")
        else:
            out.add("landuse.missing", f"{lbase}.code")
        areas_ok = _check_area(out, f"{lbase}.area", lu.area) and areas_ok
    if p.housing is not None:
        _check_area(out, f"{base}.housing.construction_area", p.housing.construction_area)
        _check_area(out, f"{base}.housing.floor_area", p.housing.floor_area)
    # Compare only when every figure is there: a half-entered parcel is not a mismatch yet.
    if parcel_ok and areas_ok:
        total = round(sum(lu.area for lu in p.land_uses), 1)
        if abs(total - p.area) > tolerance + 1e-9:
            out.add("area.sum_mismatch", f"{base}.area", sum=_area_text(total), area=_area_text(p.area),
                    tolerance=_area_text(tolerance))


def validate_dossier(dossier: Dossier, *, today: date | None = None,
                     area_tolerance: float | None = None) -> list[Problem]:
    """Every problem in the dossier, in form order. `area_tolerance` overrides AREA_TOLERANCE
    (a workspace setting)."""
    out = _Out(dossier.id)
    _check_dossier(out, dossier, today or date.today(),
                   AREA_TOLERANCE if area_tolerance is None else area_tolerance)
    return out.items


def problem_counts(dossier: Dossier, *, today: date | None = None,
                   area_tolerance: float | None = None) -> tuple[int, int]:
    """(errors, warnings) of validate_dossier, by the same checks, without building the messages."""
    out = _Count()
    _check_dossier(out, dossier, today or date.today(),
                   AREA_TOLERANCE if area_tolerance is None else area_tolerance)
    return out.errors, out.warnings


def _check_dossier(out: _Out, d: Dossier, today: date, tolerance: float) -> None:
    collected = d.custody == CustodyStatus.COLLECTED

    if not d.commune_code.strip():
        out.add("commune.missing", "commune_code")
    elif reference.commune(d.commune_code) is None:
        out.add("commune.unknown", "commune_code")

    if d.serial.strip():
        _check_serial(out, "serial", d.serial)
    elif collected:
        out.add("serial.missing", "serial")
    if d.issue_date is not None:
        _check_issue_date(out, "issue_date", d.issue_date, today)
    elif collected:
        out.add("date.issue_missing", "issue_date")
    if collected and not d.registry_no.strip():
        out.add("registry.missing", "registry_no")
    if d.received_on is not None and d.received_on > today:
        out.add("date.future", "received_on", field=_FIELD_LABELS["received_on"])
    if d.custody == CustodyStatus.OTHER and not d.custody_note.strip():
        out.add("custody.note_missing", "custody_note")

    if not d.holders:
        out.add("holder.missing", "holders")
    seen: dict[str, int] = {}
    for i, h in enumerate(d.holders):
        _check_holder(out, i, h, today, d.issue_date)
        number = cccd_mod.clean_number(h.cccd)
        if h.kind == HolderKind.PERSON and number:
            if number in seen:
                out.add("holder.duplicate_id", f"holders[{i}].cccd")
            seen.setdefault(number, i)

    cu = d.current_user
    if cu is not None and not cu.is_empty():
        if not cu.name.strip():
            out.add("current_user.name_missing", "current_user.name")
        if cu.cccd.strip():
            _check_cccd(out, "current_user.cccd", cu.cccd, None, None, today)
        if cu.reason is None:
            out.add("current_user.reason_missing", "current_user.reason")

    if not d.parcels:
        out.add("parcel.missing", "parcels")
    for i, p in enumerate(d.parcels):
        _check_parcel(out, i, p, tolerance)


# --- One field, while typing -----------------------------------------------------------------

FIELD_KINDS = ("cccd", "cmnd", "serial", "date", "birth", "area", "land_use_code", "commune_code")


def _as_partial(value: Any) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    return parse_partial_date(value)


def validate_field(kind: str, value: Any, context: Mapping[str, Any] | None = None) -> list[Problem]:
    """Problems with one value as the officer types it. An empty value gives [] (missing values
    are reported by validate_dossier).

    context (all optional): path (default: kind), dossier_id, today; for "cccd" the holder's
    birth (PartialDate/date/text) and gender (Gender or label) to cross-check; for "birth" the
    certificate's issue_date; for "date" which date it is via the last part of path
    ("issue_date" — the default — also checks the 1987 limit).
    """
    if kind not in FIELD_KINDS:
        raise ValueError(f"unknown field kind: {kind}")
    ctx = dict(context or {})
    path = ctx.get("path") or ("issue_date" if kind == "date" else kind)
    today = ctx.get("today") or date.today()
    out = _Out(ctx.get("dossier_id", ""))
    if value is None or (isinstance(value, str) and not value.strip()):
        return []

    if kind == "cccd":
        try:
            birth = _as_partial(ctx.get("birth"))
        except ValueError:
            birth = None  # the birth field reports its own problem
        gender = ctx.get("gender")
        gender = gender if isinstance(gender, Gender) or gender is None else Gender.from_label(str(gender))
        _check_cccd(out, path, str(value), birth, gender, today)
    elif kind == "cmnd":
        if not cccd_mod.is_valid_cmnd(str(value)):
            out.add("cmnd.format", path)
    elif kind == "serial":
        _check_serial(out, path, str(value))
    elif kind in ("date", "birth"):
        try:
            p = _as_partial(value)
        except ValueError:
            p = None
        is_issue = kind == "date" and path.rsplit(".", 1)[-1] == "issue_date"
        if p is None or (is_issue and p.day is None):
            out.add("date.invalid", path, field=_field_label(path if kind == "date" else "birth"))
        elif kind == "birth":
            _check_birth(out, path, p, today, ctx.get("issue_date"))
        elif is_issue:
            _check_issue_date(out, path, p.as_date(), today)
        elif _is_future(p, today):
            out.add("date.future", path, field=_field_label(path))
    elif kind == "area":
        try:
            area = parse_area(value)
        except ValueError:
            area = -1.0
        _check_area(out, path, area)
    elif kind == "land_use_code":
        _check_land_use_code(out, path, str(value).strip().upper())
    elif kind == "commune_code":
        if reference.commune(str(value)) is None:
            out.add("commune.unknown", path)
    return out.items


def problems_by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Group problems by field path, for showing them inline next to each field."""
    grouped: dict[str, list[Problem]] = {}
    for p in problems:
        grouped.setdefault(p.path, []).append(p)
    return grouped
