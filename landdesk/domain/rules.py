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
from datetime import date
from typing import Any

from landdesk.domain import cccd as cccd_mod
from landdesk.domain import reference
from landdesk.domain import serial as serial_mod
from landdesk.domain.codes import (
    CertificateGeneration,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
)
from landdesk.domain.model import Dossier, Holder, Parcel
from landdesk.domain.rule_list import (  # noqa: F401  (Rule, RULES: read through this module too)
    FIELD_NAMES,
    RULES,
    E,
    Problem,
    Rule,
    area_text,
    field_label,
    make_problem,
)
from landdesk.domain.values import PartialDate, parse_area, parse_partial_date

AREA_TOLERANCE = 0.5  # m²; land-use areas may differ from the parcel area by rounding
MIN_ISSUE_DATE = date(1987, 1, 1)  # no certificate predates the 1987 Land Law
MIN_BIRTH_YEAR = 1900

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
        out.add("date.future", path, field=FIELD_NAMES["issue_date"])
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
        out.add("area.invalid", path, field=field_label(path))
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
            out.add("area.sum_mismatch", f"{base}.area", sum=area_text(total), area=area_text(p.area),
                    tolerance=area_text(tolerance))


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
        out.add("date.future", "received_on", field=FIELD_NAMES["received_on"])
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
            out.add("date.invalid", path, field=field_label(path if kind == "date" else "birth"))
        elif kind == "birth":
            _check_birth(out, path, p, today, ctx.get("issue_date"))
        elif is_issue:
            _check_issue_date(out, path, p.as_date(), today)
        elif _is_future(p, today):
            out.add("date.future", path, field=field_label(path))
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
