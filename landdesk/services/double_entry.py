"""Double entry on the high-risk fields (ID, serial, registry number, area, sheet/parcel).

A supervisor picks dossiers (all, or a random sample); a second officer — never the one who entered
the dossier — re-keys those fields blind (the form shows which fields, never their values); every
field that differs goes to the supervisor, who keeps the first value or takes the second (applied
through the normal audited save). Error rates per officer come from the supervisor's decisions.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from landdesk.domain import i18n
from landdesk.domain.cccd import clean_number
from landdesk.domain.changes import Change
from landdesk.domain.codes import HolderKind
from landdesk.domain.errors import LandDeskError, NotFound, PermissionDenied
from landdesk.domain.ids import new_id
from landdesk.domain.model import Dossier
from landdesk.domain.serial import normalise_registry, normalise_serial
from landdesk.domain.text import nfc
from landdesk.domain.values import format_area, parse_area
from landdesk.services import dossiers as dossier_service
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.commune import double_entry as store
from landdesk.storage.commune.verification import dossier_nums
from landdesk.storage.uow import UnitOfWork

_LABELS = {
    "serial": ("Số phát hành GCN", "Certificate serial"),
    "registry_no": ("Số vào sổ cấp GCN", "Registry entry number"),
    "cccd": ("Số định danh cá nhân", "Personal ID number"),
    "sheet_cert": ("Số tờ bản đồ", "Map sheet"),
    "parcel_cert": ("Số thửa", "Parcel number"),
    "area": ("Diện tích (m²)", "Area (m²)"),
}


@dataclass(frozen=True)
class BlindField:
    key: str  # "serial", "registry_no", "holder:<id>:cccd", "parcel:<id>:area", ...
    label_vi: str
    label_en: str

    def label(self, lang: str = "vi") -> str:
        return i18n.pick(self.label_vi, self.label_en, lang)


@dataclass(frozen=True)
class Mismatch:
    id: str
    dossier_id: str
    field: str
    label_vi: str
    label_en: str
    first_value: str
    first_by: str
    second_value: str
    second_by: str
    dossier_num: int = 0


def _fields(d: Dossier) -> list[tuple[BlindField, str]]:
    """(field, stored value as text) for the dossier's high-risk fields, in form order."""
    out = []
    for key in ("serial", "registry_no"):
        vi, en = _LABELS[key]
        out.append((BlindField(key, vi, en), getattr(d, key)))
    people = [h for h in d.holders if h.kind == HolderKind.PERSON]
    for i, h in enumerate(people, start=1):
        vi, en = _LABELS["cccd"]
        out.append((BlindField(f"holder:{h.id}:cccd", f"Chủ sử dụng {i}: {vi}", f"Holder {i}: {en}"), h.cccd))
    for i, p in enumerate(d.parcels, start=1):
        for key in ("sheet_cert", "parcel_cert", "area"):
            vi, en = _LABELS[key]
            value = format_area(p.area, "vi") if key == "area" else getattr(p, key)
            out.append((BlindField(f"parcel:{p.id}:{key}", f"Thửa {i}: {vi}", f"Parcel {i}: {en}"), value or ""))
    return out


def _same(key: str, a: str, b: str) -> bool:
    """Equal as the field means it: serials and registry numbers on their normal forms, IDs by digits,
    areas by value."""
    name = key.rsplit(":", 1)[-1]
    if name == "serial":
        return normalise_serial(a) == normalise_serial(b)
    if name == "registry_no":
        return normalise_registry(a) == normalise_registry(b)
    if name == "cccd":
        return clean_number(a) == clean_number(b)
    if name == "area":
        try:
            return parse_area(a) == parse_area(b)
        except ValueError:
            return False
    return nfc(a).upper() == nfc(b).upper()


# --- Supervisor: choosing what to re-key ------------------------------------------------------

def request_double_entry(ctx: UnitOfWork, *, fraction: float = 1.0, seed: int | None = None) -> int:
    """Queue all dossiers not yet queued (fraction 1.0) or a random sample of them. Returns how many."""
    require(ctx, "supervise")
    if not 0 < fraction <= 1:
        raise LandDeskError("Tỷ lệ chọn mẫu phải lớn hơn 0 và không quá 100%.",
                            "The sample fraction must be above 0 and at most 100%.")
    ids = store.candidate_dossiers(ctx.session)
    if fraction < 1:
        rng = random.Random(seed)
        ids = sorted(rng.sample(ids, round(len(ids) * fraction)))
    store.add_tasks(ctx.session, ids, ctx.actor.username)
    audit.append(ctx.session, user=ctx.actor.username, action="double_entry_request", entity="double_entry",
                 changes=[{"field": "dossiers", "old": None, "new": len(ids)}], reason=f"{fraction:.0%}")
    ctx.touch(Change.DOUBLE_ENTRY)
    return len(ids)


# --- Second officer: blind re-keying -----------------------------------------------------------

def next_dossier(ctx: UnitOfWork) -> str | None:
    """The next queued dossier this user may re-key (not one they entered), or None."""
    require(ctx, "edit")
    found = store.open_tasks(ctx.session, exclude_editor=ctx.actor.username)
    return found[0] if found else None


def blind_form(ctx: UnitOfWork, dossier_id: str) -> list[BlindField]:
    """The fields to re-key, without their values."""
    require(ctx, "edit")
    d = dossier_service.get_dossier(ctx, dossier_id)
    return [f for f, _ in _fields(d)]


def submit_keying(ctx: UnitOfWork, dossier_id: str, values: dict[str, str]) -> list[Mismatch]:
    """Compare the second keying with the stored values; store every field; return the mismatches."""
    require(ctx, "edit")
    task = store.task(ctx.session, dossier_id)
    if task is None:
        raise NotFound("Hồ sơ này không có trong danh sách nhập lần hai.", "This dossier is not queued for double entry.")
    if task.keyed_at is not None:
        raise LandDeskError("Hồ sơ này đã được nhập lần hai.", "This dossier was already keyed a second time.")
    d = dossier_service.get_dossier(ctx, dossier_id)
    first_by = d.created_by
    if first_by == ctx.actor.username:
        raise PermissionDenied("Người nhập lần hai phải khác người đã nhập hồ sơ.",
                               "The second keying must be done by another officer than the one who entered the dossier.")
    fields = _fields(d)
    missing = [f for f, _ in fields if f.key not in values]
    if missing:
        raise LandDeskError(f"Chưa nhập: {', '.join(f.label_vi for f in missing)}.",
                            f"Not keyed: {', '.join(f.label_en for f in missing)}.")
    now = utcnow()
    rows, out = [], []
    for f, stored in fields:
        typed = nfc(str(values[f.key]))
        match = _same(f.key, stored, typed)
        row = {"id": new_id(), "dossier_id": d.id, "field": f.key, "first_value": stored, "first_by": first_by,
               "second_value": typed, "second_by": ctx.actor.username, "keyed_at": now, "match": match,
               "resolution": "", "resolved_by": "", "resolved_at": None}
        rows.append(row)
        if not match:
            out.append(Mismatch(row["id"], d.id, f.key, f.label_vi, f.label_en, stored, first_by, typed,
                                ctx.actor.username))
    store.add_keyings(ctx.session, rows)
    store.mark_keyed(ctx.session, d.id, ctx.actor.username)
    audit.append(ctx.session, user=ctx.actor.username, action="double_entry", entity="dossier", entity_id=d.id,
                 changes=[{"field": "fields", "old": None, "new": len(rows)},
                          {"field": "mismatches", "old": None, "new": len(out)}])
    ctx.touch(Change.DOUBLE_ENTRY)
    return out


# --- Supervisor: mismatches ------------------------------------------------------------------

def open_mismatches(ctx: UnitOfWork, limit: int | None = None) -> list[Mismatch]:
    require(ctx, "supervise")
    rows = store.open_mismatches(ctx.session, limit)
    nums = dossier_nums(ctx.session, [k.dossier_id for k in rows])
    out = []
    for k in rows:
        name = k.field.rsplit(":", 1)[-1]
        vi, en = _LABELS.get(name, (name, name))
        out.append(Mismatch(k.id, k.dossier_id, k.field, vi, en, k.first_value, k.first_by, k.second_value, k.second_by,
                            nums.get(k.dossier_id, 0)))
    return out


def resolve_mismatch(ctx: UnitOfWork, keying_id: str, choice: str) -> None:
    """choice "first": the stored value was right; "second": the re-keyed value is right and replaces it."""
    require(ctx, "supervise")
    if choice not in ("first", "second"):
        raise LandDeskError("Hãy chọn giá trị lần một hoặc lần hai.", "Choose the first or the second value.")
    k = store.keying(ctx.session, keying_id)
    if k is None or k.match:
        raise NotFound("Không tìm thấy chênh lệch nhập liệu này.", "No such double-entry mismatch.")
    if k.resolution:
        raise LandDeskError("Chênh lệch này đã được xử lý.", "This mismatch was already resolved.")
    if choice == "second":
        d = dossier_service.get_dossier(ctx, k.dossier_id)
        _set_field(d, k.field, k.second_value)
        dossier_service.save_dossier(ctx, d, reason="Nhập liệu hai lần: lấy giá trị nhập lần hai", allow_errors=True)
    else:
        audit.append(ctx.session, user=ctx.actor.username, action="double_entry_keep", entity="dossier",
                     entity_id=k.dossier_id, changes=[{"field": k.field, "old": None, "new": "first"}])
    store.resolve(ctx.session, keying_id, choice, ctx.actor.username)
    ctx.touch(Change.DOUBLE_ENTRY)


def _set_field(d: Dossier, key: str, value: str) -> None:
    if key in ("serial", "registry_no"):
        setattr(d, key, value)
        return
    kind, target_id, name = key.split(":")
    items = d.holders if kind == "holder" else d.parcels
    obj = next((x for x in items if x.id == target_id), None)
    if obj is None:
        raise NotFound("Trường này không còn trong hồ sơ.", "The field is no longer in the dossier.")
    if name == "area":
        try:
            setattr(obj, name, parse_area(value))
        except ValueError as exc:
            raise LandDeskError("Diện tích nhập lần hai không phải là số.", "The re-keyed area is not a number.") from exc
    else:
        setattr(obj, name, value)


# --- Figures ---------------------------------------------------------------------------------

def error_rates(ctx: UnitOfWork) -> dict:
    """Per officer: fields they entered that were re-keyed, errors found in them (the supervisor took
    the second value), and as second keyer: fields re-keyed and their own slips (the first value was
    kept). Rates are errors per field. Mismatches not yet resolved are counted as pending."""
    require(ctx, "read")
    per: dict[str, dict] = defaultdict(lambda: {"fields_entered": 0, "errors": 0, "pending": 0,
                                               "fields_rekeyed": 0, "rekey_errors": 0})
    total = mismatches = 0
    for first_by, second_by, match, resolution, n in store.keying_counts(ctx.session):
        total += n
        per[first_by]["fields_entered"] += n
        per[second_by]["fields_rekeyed"] += n
        if not match:
            mismatches += n
            if resolution == "second":
                per[first_by]["errors"] += n
            elif resolution == "first":
                per[second_by]["rekey_errors"] += n
            else:
                per[first_by]["pending"] += n
    for v in per.values():
        v["error_rate"] = v["errors"] / v["fields_entered"] if v["fields_entered"] else 0.0
        v["rekey_error_rate"] = v["rekey_errors"] / v["fields_rekeyed"] if v["fields_rekeyed"] else 0.0
    tasks, keyed = store.task_counts(ctx.session)
    return {"dossiers_queued": tasks, "dossiers_keyed": keyed, "fields": total, "mismatches": mismatches,
            "mismatch_rate": mismatches / total if total else 0.0, "officers": dict(sorted(per.items()))}
