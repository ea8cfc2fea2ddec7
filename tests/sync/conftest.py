"""Sync fixtures: three small demo communes linked to a province desk, built once and copied."""

from __future__ import annotations

import shutil

import pytest

from tests.sync import helpers


@pytest.fixture(scope="session")
def linked_template(tmp_path_factory):
    """Province desk + three demo communes (profile imported, keys on the roster), 40 dossiers each."""
    root = tmp_path_factory.mktemp("sync-template")
    desk = helpers.make_desk(root / "prov", targets={"07210": 40, "07228": 45, "07246": 100})
    for i, code in enumerate(helpers.COMMUNES):
        ws = helpers.make_commune(root / code, code, 40, seed=10 + i)
        helpers.link(desk, ws, root)
        ws.close()
    desk.close()
    return root


@pytest.fixture
def linked(linked_template, tmp_path):
    """(desk, {code: workspace}, tmp) — fresh copies for each test."""
    from landdesk.workspace import Workspace
    from landdesk.workspace.province import ProvinceDesk

    dest = tmp_path / "site"
    shutil.copytree(linked_template, dest)
    desk = ProvinceDesk.open(dest / "prov")
    communes = {c: Workspace.open(dest / c) for c in helpers.COMMUNES}
    yield desk, communes, tmp_path
    for ws in communes.values():
        ws.close()
    desk.close()


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server per test session (the Debian package; .ci/run installs it)."""
    from tests.sync.pgserver import PgServer

    server = PgServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def desk_and_communes(request, linked, pg_server):
    """(an empty desk on each engine, with communes 07210 and 07228 on its roster, {code: workspace}, tmp)"""
    from landdesk.services.packages import keys
    from landdesk.services.province import roster

    _, communes, tmp = linked
    url = pg_server.new_database() if request.param == "postgresql" else None
    desk = helpers.make_desk(tmp / "keys-desk", db_url=url)
    for code in ("07210", "07228"):
        key = communes[code].read(keys.public_key_b64)
        desk.transact(lambda ctx, code=code, key=key: roster.add_key(ctx, code, key))
    yield desk, communes, tmp
    desk.close()
