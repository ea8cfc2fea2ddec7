"""A primary desk and its stations for the station tests: real workspaces, real packages."""

from __future__ import annotations

import json
from pathlib import Path

from landdesk.domain.serialize import dossier_to_dict
from landdesk.services import dossiers, scans
from landdesk.services.stations import enrol, exchange, join
from landdesk.storage import audit as audit_store
from landdesk.storage.commune import station_replica as replica
from landdesk.storage.commune import sync as sync_store
from landdesk.workspace import Workspace
from tests.factories import couple_dossier

PASSWORD = "admin-pass-1"
COMMUNE = "07210"


def make_primary(root: Path) -> Workspace:
    return Workspace.create(root, COMMUNE, admin="admin", password=PASSWORD)


def creator(root: Path):
    def create(code: str, user: str, password: str) -> Workspace:
        return Workspace.create(root, code, admin=user, password=password)

    return create


def add_station(primary: Workspace, tmp: Path, name: str, *, users=None) -> Workspace:
    out = tmp / f"{name}-enrol.ldpkg"
    got = enrol.enrol_station(primary, name, out, users=users)
    root = tmp / f"station-{got.station.code}"
    return join.join(creator(root), got.paths, "admin", PASSWORD)


def sync(ws: Workspace, folder: Path) -> exchange.SyncResult:
    return exchange.sync_dir(ws, folder)


def new_dossier(ws: Workspace, **kw):
    return ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(**kw), allow_errors=True)).dossier


def edit(ws: Workspace, dossier_id: str, **fields):
    def run(ctx):
        d = dossiers.get_dossier(ctx, dossier_id)
        for k, v in fields.items():
            setattr(d, k, v)
        return dossiers.save_dossier(ctx, d, allow_errors=True).dossier

    return ws.transact(run)


def snapshot(ws: Workspace) -> dict:
    """What must be the same on every replica: dossiers (content and bookkeeping that travels), their
    live pages, and the audit entries (by id, content)."""
    def run(ctx):
        s = ctx.session
        ids = sync_store.changed_dossier_ids(s, -1, 2 ** 62)
        ds = {d["id"]: d for d in sync_store.dossier_dicts(s, ids)}
        for d in ds.values():
            d.pop("created_at", None)
            d.pop("updated_at", None)
        pages = replica.page_dicts(s, list(ds))
        entries = {}
        for r in audit_store.since(s, 0):
            rec = r[2]
            entries[rec.id] = (rec.at.isoformat(), rec.user, rec.action, rec.entity, rec.entity_id,
                               json.dumps(rec.changes, sort_keys=True, default=str), rec.reason)
        return {"dossiers": ds, "pages": pages, "audit": entries}

    return ws.read(run)


def add_page(ws: Workspace, dossier_id: str, image: Path):
    return ws.transact(lambda ctx: scans.add_files(ctx, [image], dossier_id=dossier_id))


__all__ = ["add_page", "add_station", "dossier_to_dict", "edit", "make_primary", "new_dossier", "snapshot", "sync"]
