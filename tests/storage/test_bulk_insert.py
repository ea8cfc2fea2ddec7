"""The bulk write path: BulkInserter (staged batches copied by a helper thread) stores exactly what
bulk_insert_dossiers stores, and an error leaves nothing behind and no thread running."""

from __future__ import annotations

import copy
import shutil
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from landdesk.domain.codes import HolderKind
from landdesk.domain.model import Holder, Housing
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import Workspace
from tests.factories import couple_dossier

TABLES = ("dossiers", "parcels", "land_uses", "holders")
STAMPS = {"created_at", "updated_at"}


def _dossiers(n: int) -> list:
    out = []
    for i in range(n):
        d = couple_dossier(f"CS {300000 + i}", str(i % 7 + 1), str(100 + i))
        if i % 3 == 0:
            d.issue_date = None
            d.parcels[0].housing = Housing(asset_type="Nhà ở riêng lẻ", construction_area=80.5, floor_area=161.0)
            d.parcels[0].land_uses[0].area = 100.25
        if i % 4 == 1:
            d.holders.append(Holder(kind=HolderKind.ORGANISATION, name="Công ty TNHH Hoa Sen", org_id="0101234567"))
        out.append((d, i % 2, i % 5))
    return out


def _snapshot(w: Workspace) -> dict:
    def read(ctx):
        snap = {}
        for table in (*TABLES, "counters"):
            result = ctx.session.execute(text(f"SELECT * FROM {table} ORDER BY rowid"))
            keys = list(result.keys())
            snap[table] = [tuple((k, v, type(v).__name__) for k, v in zip(keys, row, strict=True) if k not in STAMPS)
                           for row in result]
        snap["fts"] = ctx.session.execute(text("SELECT rowid, body FROM dossier_fts ORDER BY rowid")).all()
        snap["temp"] = ctx.session.execute(text("SELECT name FROM sqlite_temp_master")).all()
        return snap
    return w.read(read)


def _bulk_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("landdesk-bulk-insert")]


def test_inserter_stores_what_bulk_insert_stores(ws_path, tmp_path):
    batch = _dossiers(11)
    other = tmp_path / "other"
    shutil.copytree(ws_path, other)
    a, b = Workspace.open(ws_path), Workspace.open(other)
    try:
        a.transact(lambda ctx: store.bulk_insert_dossiers(ctx.session, copy.deepcopy(batch), "admin"))

        def staged(ctx):
            items = copy.deepcopy(batch)
            with store.BulkInserter(ctx.session, "admin", 7) as ins:  # more than reserved: reserves again
                for part in range(0, len(items), 3):
                    ins.add(items[part:part + 3])
                ins.add([])
        b.transact(staged)
        got, want = _snapshot(b), _snapshot(a)
        assert got == want and want["temp"] == []
        assert len(want["dossiers"]) == 11 and len(want["fts"]) == 11
        assert _bulk_threads() == []
    finally:
        a.close()
        b.close()


def test_an_error_in_the_block_writes_nothing(ws):
    before = _snapshot(ws)

    def failing(ctx):
        with store.BulkInserter(ctx.session, "admin", 6) as ins:
            ins.add(_dossiers(3))
            ins.add(_dossiers(3))
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        ws.transact(failing)
    assert _snapshot(ws) == before
    assert _bulk_threads() == []


def test_a_failed_copy_is_raised_and_rolls_back(ws):
    first = _dossiers(2)
    ws.transact(lambda ctx: store.bulk_insert_dossiers(ctx.session, first, "admin"))
    before = _snapshot(ws)
    twin = copy.deepcopy(first[:1])  # the same dossier id again: the copy into dossiers fails

    def clash(ctx):
        with store.BulkInserter(ctx.session, "admin") as ins:
            ins.add(_dossiers(2))
            ins.add(twin)

    with pytest.raises(IntegrityError):
        ws.transact(clash)
    assert _snapshot(ws) == before
    assert _bulk_threads() == []
