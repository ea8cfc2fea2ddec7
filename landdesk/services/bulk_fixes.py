"""Safe bulk fixes for the review queue: each is previewed (every value old → new) before it is
applied, and applying saves each dossier through the normal save, so every change is audited.

- names: holders' names to NFC upper case (organisations keep their casing, NFC only);
- land_use: legacy land-use codes (LNQ, BHK, …) and recognisable raw text ("thổ cư") to the
  current code; the raw text as written on the certificate is kept;
- address: a parcel address missing the commune gets the 2-level address (commune, province).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from landdesk.domain import i18n, reference
from landdesk.domain.codes import HolderKind
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fieldpath import FieldPath
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.text import fold, nfc, upper_name
from landdesk.domain.values import format_area, format_date, parse_area, parse_date, parse_partial_date
from landdesk.services import dossiers as dossier_service
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import cleaning_queries as q
from landdesk.storage.uow import UnitOfWork

FIXES: dict[str, tuple[str, str]] = {
    "names": ("Chuẩn hóa họ tên (Unicode dựng sẵn, chữ in hoa)", "Normalise names (NFC, upper case)"),
    "land_use": ("Chuyển mã loại đất cũ sang mã hiện hành", "Convert legacy land-use codes"),
    "address": ("Bổ sung địa chỉ 2 cấp (xã/phường, tỉnh) cho thửa đất", "Fill the 2-level address of parcels"),
}


@dataclass(frozen=True)
class FixItem:
    fix: str
    dossier_id: str
    dossier_num: int
    target_id: str  # holder, land use or parcel id
    field: str  # "name", "code", "address"
    old: str
    new: str


def fix_label(fix: str, lang: str = "vi") -> str:
    vi, en = FIXES[fix]
    return i18n.pick(vi, en, lang)


def _unit(ctx: UnitOfWork):
    return reference.commune(settings_store.get(ctx.session, "commune_code"))


def preview_fix(ctx: UnitOfWork, fix: str) -> list[FixItem]:
    """Every change the fix would make; nothing is written."""
    require(ctx, "read")
    if fix not in FIXES:
        raise LandDeskError(f"Không có cách sửa hàng loạt '{fix}'.", f"No bulk fix named '{fix}'.")
    out: list[FixItem] = []
    if fix == "names":
        for hid, did, num, kind, name in q.holder_names(ctx.session):
            new = upper_name(name) if kind == HolderKind.PERSON.value else nfc(name)
            if new != name:
                out.append(FixItem(fix, did, num, hid, "name", name, new))
    elif fix == "land_use":
        unit = _unit(ctx)
        urban = bool(unit and unit.is_urban)
        for lid, did, num, code, raw in q.land_use_codes(ctx.session):
            new = None
            if code:
                new = reference.land_use_replacement(code)
            elif raw:
                found = reference.parse_land_use_text(raw, urban=urban)
                new = found[0] if len(found) == 1 else None
            if new and new != code:
                out.append(FixItem(fix, did, num, lid, "code", code or "", new))
    else:
        unit = _unit(ctx)
        if unit is None:
            return []
        suffix = f"{unit.name}, {unit.province_name}"
        commune_key = fold(unit.name.split(" ", 1)[-1])  # "Phường Bắc Giang" → "bac giang"
        for pid, did, num, address, village in q.parcel_addresses(ctx.session):
            if address and commune_key in fold(address):
                continue
            base = address or village
            if not base:
                continue
            out.append(FixItem(fix, did, num, pid, "address", address, f"{base}, {suffix}"))
    return out


def apply_fix(ctx: UnitOfWork, items: Sequence[FixItem], progress: Progress = no_progress,
              cancel: CancelToken = NEVER_CANCEL) -> int:
    """Apply previewed items, one audited save per dossier. An item whose value changed since the
    preview is skipped (the officer previews again). Returns the number of values changed."""
    require(ctx, "supervise")
    by_dossier: dict[str, list[FixItem]] = defaultdict(list)
    for it in items:
        by_dossier[it.dossier_id].append(it)
    changed = 0
    for i, (did, its) in enumerate(by_dossier.items()):
        cancel.check()
        d = dossier_service.get_dossier(ctx, did)
        targets = {h.id: h for h in d.holders}
        targets |= {p.id: p for p in d.parcels}
        targets |= {lu.id: lu for p in d.parcels for lu in p.land_uses}
        applied = 0
        for it in its:
            obj = targets.get(it.target_id)
            if obj is None or (getattr(obj, it.field) or "") != it.old:
                continue
            setattr(obj, it.field, it.new)
            applied += 1
        if applied:
            dossier_service.save_dossier(ctx, d, reason=f"Sửa hàng loạt: {fix_label(its[0].fix, 'vi')}",
                                         allow_errors=True)
            changed += applied
        progress(i + 1, len(by_dossier), "")
    return changed


# --- Fix in place: one field of one dossier, from the review queue --------------------------------

_EDITABLE = {"serial", "registry_no", "issue_date", "issuer", "custody_note", "village", "name", "cccd", "cmnd",
             "birth", "address", "sheet_cert", "parcel_cert", "sheet_map", "parcel_map", "map_series",
             "national_id", "area", "code", "raw_text", "origin", "term"}


def _locate(d, path: str):
    """(object, attribute) that a rule's path ("holders[0].cccd", "parcels[1].land_uses[0].area")
    names, or None when the path does not name one editable value."""
    fp = FieldPath.parse(path)
    found = fp.locate(d) if fp is not None else None
    return found if found is not None and found[1] in _EDITABLE else None


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "birth":
        return value.display()
    if name == "issue_date":
        return format_date(value)
    if name == "area":
        return format_area(value, "vi")
    return str(value)


def field_text(ctx: UnitOfWork, dossier_id: str, path: str) -> str | None:
    """The current value at `path` as the officer types it, or None when it cannot be edited in place."""
    require(ctx, "read")
    found = _locate(dossier_service.get_dossier(ctx, dossier_id), path)
    return None if found is None else _display(found[1], getattr(*found))


def _parse(name: str, text: str):
    text = nfc(text)
    try:
        if name == "birth":
            return parse_partial_date(text)
        if name == "issue_date":
            return parse_date(text)
        if name == "area":
            return parse_area(text)
    except ValueError as exc:
        raise LandDeskError("Giá trị không đọc được: ngày theo dạng dd/mm/yyyy, diện tích là số (m²).",
                            "Unreadable value: dates as dd/mm/yyyy, areas as a number (m²).") from exc
    if name == "code":
        return text.upper() or None
    return text


def fix_field(ctx: UnitOfWork, dossier_id: str, path: str, text: str) -> list:
    """Set one value from the review queue and save (audited old → new). Returns the dossier's
    remaining problems."""
    require(ctx, "edit")
    d = dossier_service.get_dossier(ctx, dossier_id)
    found = _locate(d, path)
    if found is None:
        raise LandDeskError("Trường này không sửa trực tiếp được: hãy mở hồ sơ.",
                            "This field cannot be edited here: open the dossier.")
    obj, name = found
    setattr(obj, name, _parse(name, text))
    return dossier_service.save_dossier(ctx, d, reason="Sửa từ hàng đợi kiểm tra", allow_errors=True).problems
