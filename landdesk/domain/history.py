"""A dossier's audit trail as a person reads it: one line per changed field, the field named in the
user's language, values as the form shows them (dates dd/mm/yyyy, statuses and other code lists
translated, areas in m², a holder or parcel summarised in a few words), actions translated.

The audit entries keep the raw JSON values (`auditchain.diff` of `serialize.comparable`); this only
words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from landdesk.domain import codes, i18n
from landdesk.domain.fieldpath import FIELD_LABELS, FieldPath
from landdesk.domain.values import PartialDate, format_area, format_date, format_local_time

ACTIONS: dict[str, tuple[str, str]] = {
    "create": ("Tạo mới", "Created"),
    "update": ("Sửa", "Edited"),
    "delete": ("Xóa", "Deleted"),
    "import": ("Nhập từ tệp", "Imported"),
    "status": ("Đổi trạng thái", "Status changed"),
    "workflow": ("Đổi trạng thái", "Status changed"),
    "scan_add": ("Thêm bản quét", "Scan added"),
    "double_entry": ("Nhập lại để đối chiếu", "Re-keyed for checking"),
    "double_entry_keep": ("Giữ giá trị sau đối chiếu", "Value kept after re-keying"),
    "verify_keep": ("Giữ kết quả xác minh", "Verification kept"),
    "verify": ("Xác minh", "Verified"),
    "restore": ("Khôi phục", "Restored"),
}
_EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "pages": ("Bản quét", "Scans"),
    "fields": ("Số trường nhập lại", "Fields re-keyed"),
    "mismatches": ("Số trường khác nhau", "Fields that differ"),
}
_ENUMS = {
    "custody": codes.CustodyStatus, "status": codes.WorkflowStatus, "legal_form": codes.LegalForm,
    "role": codes.Role, "gender": codes.Gender, "kind": codes.HolderKind, "reason": codes.ChangeReason,
    "use_form": codes.UseForm, "verification": codes.VerificationStatus,
}
_AREAS = {"area", "construction_area", "floor_area"}
_SKIPPED = {"id"}  # internal identifiers: nothing a person reads
EMPTY = "—"


@dataclass(frozen=True)
class HistoryLine:
    when: str
    user: str
    action: str
    field: str
    change: str  # "old → new"
    reason: str


def action_label(action: str, lang: str = "vi") -> str:
    pair = ACTIONS.get(action)
    return i18n.pick(*pair, lang) if pair else action


def field_label(path: str, lang: str = "vi") -> str:
    fp = FieldPath.parse(path)
    if fp is None:
        return path
    if fp.head[0] == "pages" and len(fp.steps) == 2:  # scans added: pages.<document kind>
        kind = _enum_text(codes.DocKind, fp.name, lang)
        return f"{i18n.pick(*_EXTRA_LABELS['pages'], lang)} · {kind}"
    if len(fp.steps) == 1 and fp.name in _EXTRA_LABELS:
        return i18n.pick(*_EXTRA_LABELS[fp.name], lang)
    return fp.label(lang)


def _enum_text(enum_cls, value, lang: str) -> str:
    try:
        return enum_cls(value).label(lang)
    except ValueError:
        return str(value)


def _area(value, lang: str) -> str:
    try:
        return f"{format_area(float(value), lang)} m²"
    except (TypeError, ValueError):
        return str(value)


def _date(value, partial: bool) -> str:
    try:
        if partial:
            return PartialDate.from_iso(str(value)).display()
        return format_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _summary(kind: str, value: dict, lang: str) -> str:
    """A holder, parcel, land use, housing or current user in a few words."""
    if kind in ("holders", "current_user"):
        parts = [value.get("name") or EMPTY]
        if value.get("role"):
            parts.append(_enum_text(codes.Role, value["role"], lang))
        return ", ".join(parts)
    if kind == "parcels":
        where = i18n.pick("tờ {s}, thửa {p}", "sheet {s}, parcel {p}", lang).format(
            s=value.get("sheet_cert") or EMPTY, p=value.get("parcel_cert") or EMPTY)
        return f"{where}, {_area(value['area'], lang)}" if value.get("area") is not None else where
    if kind == "land_uses":
        text = value.get("code") or value.get("raw_text") or EMPTY
        return f"{text} {_area(value['area'], lang)}" if value.get("area") is not None else text
    if kind == "housing":
        return value.get("asset_type") or value.get("building") or i18n.pick("nhà ở", "housing", lang)
    return ", ".join(f"{i18n.pick(*FIELD_LABELS.get(k, (k, k)), lang)}: {v}" for k, v in value.items()
                     if v not in (None, "", [], {}) and k not in _SKIPPED)


def format_value(path: str, value, lang: str = "vi") -> str:
    """A raw audit value as the form shows it."""
    if value is None or value == "" or value == []:
        return EMPTY
    fp = FieldPath.parse(path)
    name = fp.name if fp is not None else path
    if isinstance(value, dict):
        return _summary(name, value, lang)
    if isinstance(value, list):
        return "; ".join(_summary(name, v, lang) if isinstance(v, dict) else str(v) for v in value)
    if name in _ENUMS:
        return _enum_text(_ENUMS[name], value, lang)
    if name in ("issue_date", "received_on"):
        return _date(value, partial=False)
    if name == "birth":
        return _date(value, partial=True)
    if name in _AREAS:
        return _area(value, lang)
    return str(value)


def history_lines(records: list, lang: str = "vi") -> list[HistoryLine]:
    """Newest first; one line per changed field (a record without changes is one line)."""
    out = []
    for rec in reversed(records):
        when = format_local_time(rec.at, seconds=True)
        action = action_label(rec.action, lang)
        lines = []
        for ch in rec.changes or []:
            path = str(ch.get("field", ""))
            fp = FieldPath.parse(path)
            if fp is not None and fp.name in _SKIPPED:
                continue
            old, new = format_value(path, ch.get("old"), lang), format_value(path, ch.get("new"), lang)
            if old == new:  # None → "" and the like: nothing a person would call a change
                continue
            lines.append(HistoryLine(when, rec.user, action, field_label(path, lang), f"{old} → {new}", rec.reason))
        out += lines or [HistoryLine(when, rec.user, action, "", "", rec.reason)]
    return out
