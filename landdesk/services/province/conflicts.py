"""Conflicts at the province: three-way merge of a dossier changed at both ends, the conflict queue,
and its resolution (the operator's or the administrator's; each written to the desk's audit trail).

Merge units are the dossier's top-level fields and each holder and parcel as a whole (by id): where
only one side changed a unit, that side wins; where both changed it differently, the province's value
stays and the commune's is queued for a person to decide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from landdesk.domain.auditchain import diff
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.model import BOOKKEEPING_FIELDS
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.province import conflicts as conflict_store
from landdesk.storage.province import dossiers as dossier_store
from landdesk.storage.uow import UnitOfWork

_MISSING = object()
_NOT_UNITS = set(BOOKKEEPING_FIELDS) | {"id", "holders", "parcels"}
LISTS = ("holders", "parcels")


def units(d: dict) -> dict[str, Any]:
    out = {k: v for k, v in d.items() if k not in _NOT_UNITS}
    for name in LISTS:
        for item in d.get(name) or []:
            out[f"{name}:{item.get('id')}"] = item
    return out


def _rebuild(template: dict, chosen: dict[str, Any], order_sources: list[dict]) -> dict:
    out = {k: v for k, v in template.items() if k in _NOT_UNITS}
    for k, v in chosen.items():
        if ":" not in k and v is not _MISSING:
            out[k] = v
    for name in LISTS:
        ids: list[str] = []
        for src in order_sources:
            for item in src.get(name) or []:
                if item.get("id") not in ids:
                    ids.append(item.get("id"))
        out[name] = [chosen[f"{name}:{i}"] for i in ids if chosen.get(f"{name}:{i}", _MISSING) is not _MISSING]
    return out


def merge(base: dict, ours: dict, theirs: dict) -> tuple[dict, list[tuple[str, Any, Any]]]:
    """(merged dossier, [(unit, province value, commune value)] left for a person)."""
    b, o, t = units(base), units(ours), units(theirs)
    chosen: dict[str, Any] = {}
    conflicts = []
    for k in list(dict.fromkeys([*t, *o, *b])):
        bv, ov, tv = b.get(k, _MISSING), o.get(k, _MISSING), t.get(k, _MISSING)
        if ov == tv:
            chosen[k] = ov
        elif ov == bv:
            chosen[k] = tv
        elif tv == bv:
            chosen[k] = ov
        else:
            chosen[k] = ov
            conflicts.append((k, None if ov is _MISSING else ov, None if tv is _MISSING else tv))
    return _rebuild(theirs, chosen, [theirs, ours]), conflicts


@dataclass(frozen=True)
class ConflictView:
    id: str
    kind: str
    commune_code: str
    dossier_id: str
    other_commune: str
    other_dossier_id: str
    field: str
    province_value: Any
    commune_value: Any
    status: str
    resolution: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


def conflict_view(c) -> ConflictView:
    return ConflictView(c.id, c.kind, c.commune_code, c.dossier_id, c.other_commune, c.other_dossier_id, c.field,
                        json.loads(c.province_value or "null"), json.loads(c.commune_value or "null"),
                        c.status, c.resolution)


def list_conflicts(ctx: UnitOfWork, *, status: str | None = "open", commune_code: str | None = None) -> list[ConflictView]:
    require(ctx, "read")
    return [conflict_view(c) for c in conflict_store.conflicts(ctx.session, status=status, commune_code=commune_code)]


CHOICES = {"edit": ("province", "commune"), "serial": ("keep_both", "reject"), "cccd": ("keep_both", "reject"),
           "parcel": ("keep_both", "reject")}


def resolve(ctx: UnitOfWork, conflict_id: str, choice: str) -> ConflictView:
    """Settle one queued conflict. edit: keep the province's value or take the commune's;
    duplicates: keep both (not the same certificate) or reject the dossier back to its commune."""
    require(ctx, "operate")
    s = ctx.session
    c = conflict_store.conflict(s, conflict_id)
    if c is None:
        raise NotFound(f"Không tìm thấy xung đột {conflict_id}.", f"Conflict {conflict_id} not found.")
    if c.status != "open":
        raise LandDeskError("Xung đột này đã được giải quyết.", "This conflict is already resolved.")
    if choice not in CHOICES.get(c.kind, ()):
        raise LandDeskError(f"Lựa chọn không hợp lệ: {choice} (được: {', '.join(CHOICES[c.kind])}).",
                            f"Invalid choice: {choice} (allowed: {', '.join(CHOICES[c.kind])}).")
    row = dossier_store.dossier(s, c.dossier_id, c.commune_code)
    c.status, c.resolution, c.resolved_at, c.resolved_by = "resolved", choice, utcnow(), ctx.actor.username
    s.flush()
    if row is not None:
        if c.kind == "edit" and choice == "commune":
            rec = json.loads(row.data)
            d = rec["dossier"]
            value = json.loads(c.commune_value or "null")
            name, _, item_id = c.field.partition(":")
            if item_id:
                items = [i for i in d.get(name, []) if i.get("id") != item_id]
                if value is not None:
                    old = [i.get("id") for i in d.get(name, [])]
                    pos = old.index(item_id) if item_id in old else len(items)
                    items.insert(pos, value)
                d[name] = items
            else:
                d[name] = value
            row.data = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
            row.province_revision += 1
            row.edited = bool(row.base) and row.data != row.base
        if choice == "reject":
            row.province_status = "rejected"
        elif conflict_store.open_conflict_count(s, row.id) == 0 and row.province_status in ("conflict", "duplicate"):
            row.province_status = "accepted" if row.errors == 0 else "rejected"
        row.notify = True  # the commune hears of it with its next receipt
        row.updated_at = utcnow()
        s.flush()
    audit.append(s, user=ctx.actor.username, action="resolve", entity="conflict", entity_id=c.id,
                 changes=[{"field": "dossier", "old": None, "new": c.dossier_id},
                          {"field": "kind", "old": None, "new": c.kind},
                          {"field": "resolution", "old": None, "new": choice}])
    ctx.touch(Change.CONFLICTS, Change.RECEIVED)
    return conflict_view(c)


def edit_dossier(ctx: UnitOfWork, dossier_id: str, changes: dict[str, Any]) -> int:
    """A province operator's correction of top-level fields; returns the new province revision."""
    require(ctx, "operate")
    row = dossier_store.dossier(ctx.session, dossier_id)
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ {dossier_id}.", f"Dossier {dossier_id} not found.")
    if not row.base:  # keep the commune's version as the merge base before the first edit
        row.base = row.data
    rec = json.loads(row.data)
    before = dict(rec["dossier"])
    for k, v in changes.items():
        if k in _NOT_UNITS:
            raise LandDeskError(f"Không sửa được trường '{k}' tại tỉnh.", f"Field '{k}' cannot be edited here.")
        rec["dossier"][k] = v
    row.data = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
    row.province_revision += 1
    row.edited = True
    row.updated_at = utcnow()
    ctx.session.flush()
    audit.append(ctx.session, user=ctx.actor.username, action="update", entity="dossier", entity_id=dossier_id,
                 changes=diff({k: before.get(k) for k in changes}, {k: rec["dossier"][k] for k in changes}))
    ctx.touch(Change.RECEIVED)
    return row.province_revision


def get_dossier(ctx: UnitOfWork, dossier_id: str) -> dict:
    require(ctx, "read")
    row = dossier_store.dossier(ctx.session, dossier_id)
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ {dossier_id}.", f"Dossier {dossier_id} not found.")
    return {"commune_code": row.commune_code, "province_status": row.province_status,
            "revision": row.revision, "province_revision": row.province_revision, "edited": row.edited,
            "dossier": json.loads(row.data)["dossier"]}
