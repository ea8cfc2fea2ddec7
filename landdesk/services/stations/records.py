"""The records a station exchange carries, read from and written to a workspace's tables.

A dossier record is {"dossier": <dossier dict>, "pages": [<page dict>], "change_no": n} plus, from a
station, "base": the primary's version it started from (or null for a dossier it created).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from landdesk.domain import rules
from landdesk.domain.auditchain import AuditRecord
from landdesk.domain.codes import Severity
from landdesk.domain.serialize import dossier_from_dict
from landdesk.storage import audit as audit_store
from landdesk.storage import users as user_store
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import station_replica as replica
from landdesk.storage.commune import stations as store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.desk_models import User
from landdesk.storage.uow import UnitOfWork

BATCH = 500


def dossier_records(ctx: UnitOfWork, ids: list[str], *, with_base: bool = False) -> Iterator[dict]:
    """Whole dossiers with their live pages, in batches (memory bounded)."""
    s = ctx.session
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        pages = replica.page_dicts(s, chunk)
        changes = replica.change_numbers(s, chunk)
        bases = store.bases(s, chunk) if with_base else {}
        for d in sync_store.dossier_dicts(s, chunk):
            rec = {"dossier": d, "pages": pages.get(d["id"], []), "change_no": changes.get(d["id"], 0)}
            if with_base:
                rec["base"] = bases.get(d["id"])
            yield rec


def current_record(ctx: UnitOfWork, dossier_id: str) -> dict | None:
    got = list(dossier_records(ctx, [dossier_id]))
    return {"dossier": got[0]["dossier"], "pages": got[0]["pages"]} if got else None


def write_dossier(ctx: UnitOfWork, rec: dict, user: str) -> list[str]:
    """Write a dossier version taken from the other side (numbers and stamps kept); its rule counts
    are computed here. Returns the shas of pages skipped as exact duplicates."""
    d = dossier_from_dict(rec["dossier"])
    problems = rules.validate_dossier(d)
    errors = sum(1 for p in problems if p.severity == Severity.ERROR)
    dossier_store.save_dossier(ctx.session, d, user, errors=errors, warnings=len(problems) - errors,
                               keep_stamps=True, keep_num=True)
    return replica.put_pages(ctx.session, d.id, rec.get("pages") or [], user)


def write_new_dossiers(ctx: UnitOfWork, recs: list[dict], user: str) -> list[str]:
    """Dossiers this replica does not hold yet, in bulk (numbers and stamps kept). Returns the shas
    of pages skipped as exact duplicates."""
    items = []
    for rec in recs:
        d = dossier_from_dict(rec["dossier"])
        problems = rules.validate_dossier(d)
        errors = sum(1 for p in problems if p.severity == Severity.ERROR)
        items.append((d, errors, len(problems) - errors))
    replica.insert_replica_dossiers(ctx.session, items, user)
    return replica.insert_pages(ctx.session, [(r["dossier"]["id"], p) for r in recs for p in r.get("pages") or []], user)


def tombstone_records(ctx: UnitOfWork, after: int, upto: int, *, with_base: bool = False) -> list[dict]:
    out = sync_store.tombstones(ctx.session, after, upto)
    if with_base:
        bases = store.bases(ctx.session, [t["entity_id"] for t in out])
        for t in out:
            t["base"] = bases.get(t["entity_id"])
    return out


def audit_records(rows: list[dict]) -> list[AuditRecord]:
    """Package audit lines as records (their chain was checked by the caller)."""
    out = []
    for a in rows:
        r = a["record"]
        out.append(AuditRecord(id=r["id"], at=datetime.fromisoformat(r["at"]), user=r["user"], action=r["action"],
                               entity=r["entity"], entity_id=r["entity_id"], changes=r["changes"],
                               reason=r.get("reason", "")))
    return out


def append_audit(ctx: UnitOfWork, rows: list[dict]) -> int:
    return audit_store.append_records(ctx.session, audit_records(rows))


def user_records(ctx: UnitOfWork, names: list[str]) -> list[dict]:
    out = []
    for u in user_store.list_users(ctx.session):
        if u.username in names:
            out.append({"username": u.username, "full_name": u.full_name, "role": u.role,
                        "password_hash": u.password_hash, "active": u.active})
    return out


def put_users(ctx: UnitOfWork, rows: list[dict]) -> None:
    """Accounts are managed at the primary: a station takes them as they are there."""
    from landdesk.domain.ids import new_id

    for r in rows:
        u = user_store.by_username(ctx.session, r["username"])
        if u is None:
            user_store.add(ctx.session, User(id=new_id(), username=r["username"], full_name=r.get("full_name", ""),
                                             role=r["role"], password_hash=r["password_hash"],
                                             active=bool(r.get("active", True)), created_by="primary",
                                             updated_by="primary"))
        else:
            u.full_name, u.role = r.get("full_name", ""), r["role"]
            u.password_hash, u.active = r["password_hash"], bool(r.get("active", True))
    ctx.session.flush()
