"""The primary's station conflict queue: what two workstations (or a workstation and the primary)
changed differently, and duplicates flagged at a merge — shown on the same screen as the province's
queue, settled by a person."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from landdesk.domain import replica
from landdesk.domain.auditchain import diff
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.services.stations import common, records
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import station_replica as rstore
from landdesk.storage.commune import stations as store
from landdesk.storage.uow import UnitOfWork

# choice -> (vi, en): "primary" keeps what the primary holds, "station" takes the station's value
CHOICES = {"edit": ("primary", "station"), "delete": ("primary", "station"), "deleted": ("primary", "station"),
           "serial": ("keep_both", "delete"), "cccd": ("keep_both", "delete"), "parcel": ("keep_both", "delete")}


@dataclass(frozen=True)
class StationConflictView:
    id: str
    kind: str
    dossier_id: str
    dossier_num: int | None
    station: str  # code
    field: str
    primary_value: Any
    station_value: Any
    other_dossier_id: str
    other_dossier_num: int | None
    status: str
    resolution: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _view(ctx: UnitOfWork, c) -> StationConflictView:
    row = store.station(ctx.session, c.station_id)
    return StationConflictView(c.id, c.kind, c.dossier_id, rstore.dossier_num(ctx.session, c.dossier_id), row.code if row else "", c.field,
                               json.loads(c.primary_value or "null"), json.loads(c.station_value or "null"),
                               c.other_dossier_id,
                               rstore.dossier_num(ctx.session, c.other_dossier_id) if c.other_dossier_id else None,
                               c.status, c.resolution)


def list_conflicts(ctx: UnitOfWork, status: str | None = "open") -> list[StationConflictView]:
    require(ctx, "read")
    common.require_not_station(ctx)
    return [_view(ctx, c) for c in store.conflicts(ctx.session, status)]


def resolve(ctx: UnitOfWork, conflict_id: str, choice: str) -> StationConflictView:
    """Settle one conflict. edit/delete/deleted: keep the primary's ("primary") or take the station's
    ("station"); duplicates: keep both, or delete this (the later) dossier."""
    require(ctx, "supervise")
    common.require_not_station(ctx)
    c = store.conflict(ctx.session, conflict_id)
    if c is None:
        raise NotFound(f"Không tìm thấy xung đột {conflict_id}.", f"Conflict {conflict_id} not found.")
    if c.status != "open":
        raise LandDeskError("Xung đột này đã được giải quyết.", "This conflict is already resolved.")
    allowed = CHOICES.get(c.kind, ())
    if choice not in allowed:
        raise LandDeskError(f"Lựa chọn không hợp lệ: {choice} (được: {', '.join(allowed)}).",
                            f"Invalid choice: {choice} (allowed: {', '.join(allowed)}).")
    user = ctx.actor.username
    if choice == "station" and c.kind == "edit":
        _take_unit(ctx, c, user)
    elif (choice == "station" and c.kind == "delete") or choice == "delete":
        old = records.current_record(ctx, c.dossier_id)
        if old is not None:
            dossier_store.delete_dossier(ctx.session, c.dossier_id, user, "station conflict")
            store.drop_origins(ctx.session, c.dossier_id)
            audit.append(ctx.session, user=user, action="delete", entity="dossier", entity_id=c.dossier_id,
                         changes=diff(old["dossier"], {}), reason="xung đột máy trạm / station conflict")
    elif choice == "station" and c.kind == "deleted":
        rec = json.loads(c.station_value or "null")
        if rec:
            records.write_dossier(ctx, rec, user)
            audit.append(ctx.session, user=user, action="create", entity="dossier", entity_id=c.dossier_id,
                         changes=[], reason="khôi phục theo máy trạm / restored from a workstation")
    c.status, c.resolution, c.resolved_at, c.resolved_by = "resolved", choice, utcnow(), user
    ctx.touch("dossiers", "stations")
    return _view(ctx, c)


def _take_unit(ctx: UnitOfWork, c, user: str) -> None:
    cur = records.current_record(ctx, c.dossier_id)
    if cur is None:
        raise LandDeskError("Hồ sơ đã bị xóa; không áp dụng được giá trị của máy trạm.",
                            "The dossier was deleted; the workstation's value cannot be applied.")
    chosen = replica.units(cur)
    chosen[c.field] = json.loads(c.station_value or "null")
    rec = replica.rebuild(cur, chosen, [cur])
    if c.field.startswith(("holders:", "parcels:", "pages:")) and chosen[c.field] is not None:
        name = c.field.split(":")[0]
        items = rec["dossier"][name] if name != "pages" else rec["pages"]
        if chosen[c.field] not in items:
            items.append(chosen[c.field])
    rec["dossier"]["revision"] = int(cur["dossier"].get("revision") or 0) + 1
    rec["dossier"]["updated_by"] = user
    records.write_dossier(ctx, rec, user)
    store.set_origins(ctx.session, c.dossier_id, "", {c.field: replica.value_hash(chosen[c.field])})
    audit.append(ctx.session, user=user, action="update", entity="dossier", entity_id=c.dossier_id,
                 changes=[{"field": c.field, "old": json.loads(c.primary_value or "null"),
                           "new": chosen[c.field]}], reason="xung đột máy trạm / station conflict")
