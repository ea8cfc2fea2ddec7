"""A commune workspace and a province desk made by the released code (tests/fixtures/released, made at
79016dc, before the desk stood on the workspace base) open, upgrade and go on working: the desk gets
its first administrator once, keeps its identity, its received dossiers and its conflict queue."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from landdesk.cli.main import main
from landdesk.storage.commune import schema as commune_schema
from landdesk.storage.province import schema as prov_schema
from landdesk.workspace import Workspace
from landdesk.workspace.province import ProvinceDesk
from tests.sync import helpers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "released" / "released.zip"


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def released(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    shutil.unpack_archive(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def test_the_released_commune_opens_and_verifies(released, capsys):
    con = sqlite3.connect(released / "commune" / "landdesk.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0007_login_throttle"
    con.close()
    ws = Workspace.open_for_login(released / "commune")
    # upgraded to this build's head on opening (every commune migration added since the release runs here)
    assert commune_schema.current_revision(ws.engine) == commune_schema.head_revision()
    ws.login("admin", helpers.PASSWORD, via="cli")
    assert ws.info.commune_code == "07210" and ws.read(lambda ctx: len(helpers.sync_ids(ctx, 100))) == 12
    ws.close()
    code, out, _ = _run(capsys, "--workspace", released / "commune", "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"]


def test_the_released_desk_upgrades_and_gets_its_administrator_once(released, capsys, monkeypatch):
    root = released / "province"
    marker = json.loads((root / "landdesk-province.json").read_text(encoding="utf-8"))
    con = sqlite3.connect(root / "province.db")
    assert con.execute("SELECT version_num FROM province_alembic_version").fetchone()[0] == "p0004"
    con.close()
    code, _, err = _run(capsys, "--workspace", root, "province", "report")
    assert code == 2 and "made before logins" in err and "province init" in err
    code, out, _ = _run(capsys, "--workspace", root, "province", "init", "--province", "24")
    assert code == 0 and "Set the administrator 'admin'" in out
    code, _, err = _run(capsys, "--workspace", root, "province", "init", "--province", "24")
    assert code == 2 and "already" in err  # once
    code, out, _ = _run(capsys, "--workspace", root, "province", "conflicts", "--json")
    (conflict,) = json.loads(out)
    assert conflict["kind"] == "edit" and conflict["field"] == "notes" and conflict["commune_value"] == "xã ghi"
    with ProvinceDesk.open(root) as desk:
        assert prov_schema.current_revision(desk.engine) == prov_schema.head_revision()
        assert desk.info.workspace_id == marker["desk_id"] and desk.province_name == "Tỉnh Bắc Ninh"
        assert helpers.snapshot(desk) == {"dossiers": 12, "packages": 2, "conflicts": 1}
    # the released commune's next package is imported into the upgraded desk
    ws = Workspace.open(released / "commune")
    did = ws.read(lambda ctx: helpers.sync_ids(ctx, 1))[0]
    helpers.edit(ws, did, notes="xã ghi lần 2")
    package = helpers.export_(ws, released / "out").paths
    ws.close()
    code, out, _ = _run(capsys, "--workspace", root, "province", "import", *package, "--json")
    (res,) = json.loads(out)
    assert code == 0 and res["status"] == "imported" and res["seq"] == 3
    code, out, _ = _run(capsys, "--workspace", root, "audit", "verify", "--json")
    res = json.loads(out)
    assert code == 0 and res["ok"] and res["entries"] >= 5  # admin set, logins, the import
