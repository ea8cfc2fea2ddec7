"""The province import on Windows, where there is no fork: a package big enough for the records worker
is parsed in the importing process instead (records._can_fork() is False there), and the store ends the
same as with the worker; a refused package writes nothing and no process is left behind."""

from __future__ import annotations

import multiprocessing

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.services.packages import keys
from landdesk.services.province import importer, records, roster
from landdesk.storage.province import bulk as prov_bulk
from landdesk.storage.province import models as prov_models
from tests.sync import helpers


def _stored(desk) -> dict:
    def run(ctx):
        s = ctx.session
        cols = [c for c in prov_bulk.DOSSIER_ROW if c != "updated_at"]
        return {d.id: tuple(getattr(d, c) for c in cols) for d in s.query(prov_models.ProvDossier)}

    return desk.read(run)


def _import(tmp, name, ws, paths):
    desk = helpers.make_desk(tmp / name)
    desk.transact(lambda ctx: roster.add_key(ctx, ws.info.commune_code, ws.read(keys.public_key_b64)))
    return desk, importer.import_package(desk, paths)


_CAN_FORK = records._can_fork  # this machine's answer (True on Linux)


def test_without_fork_the_importer_parses_itself_and_stores_the_same(linked, monkeypatch):
    _, communes, tmp = linked
    ws = communes["07210"]
    paths = helpers.export_(ws, tmp / "out", encrypt=False).paths
    monkeypatch.setattr(records, "WORKER_MIN", 1)  # big enough for the worker everywhere
    monkeypatch.setattr(records, "FIRST_BATCH", 7)
    monkeypatch.setattr(records, "BATCH", 7)
    contexts: list = []
    real_context = multiprocessing.get_context
    monkeypatch.setattr(records.multiprocessing, "get_context", lambda m=None: contexts.append(m) or real_context(m))
    stored = {}
    for windows in (True, False):
        monkeypatch.setattr(records, "_can_fork", (lambda: False) if windows else _CAN_FORK)
        contexts.clear()
        desk, res = _import(tmp, f"desk-{windows}", ws, paths)
        assert res.status == "imported" and res.counts["accepted"] + res.counts["rejected"] == 40
        stored[windows] = _stored(desk)
        desk.close()
        assert (contexts == []) == (windows or not _CAN_FORK())  # Windows: no process was started
    assert stored[True] == stored[False] and len(stored[True]) > 0
    assert not [p for p in multiprocessing.active_children() if p.name == "landdesk-records"]


def test_without_fork_a_refused_package_writes_nothing(linked, monkeypatch):
    _, communes, tmp = linked
    ws = communes["07210"]
    paths = helpers.export_(ws, tmp / "out", encrypt=False).paths
    monkeypatch.setattr(records, "WORKER_MIN", 1)
    monkeypatch.setattr(records, "_can_fork", lambda: False)
    desk = helpers.make_desk(tmp / "desk-unknown")  # the commune's key is not on the roster
    with pytest.raises(LandDeskError):
        importer.import_package(desk, paths)
    assert _stored(desk) == {}
    desk.close()
