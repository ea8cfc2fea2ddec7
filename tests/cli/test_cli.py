"""The command-line contract: exit codes, --json, one-line errors, nothing written on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from landdesk.cli.main import main
from tests.factories import couple_dossier


def run(*argv, env_extra=None):
    """Run the CLI in a subprocess (the real entry point), returning (code, stdout, stderr)."""
    env = {**os.environ, "LANDDESK_LANG": "vi", **(env_extra or {})}
    p = subprocess.run([sys.executable, "-m", "landdesk", *argv], capture_output=True, text=True, env=env,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_init_search_show_json(tmp_path, capsys):
    ws = tmp_path / "ws"
    assert main(["--workspace", str(ws), "init", "--commune", "07210", "--password", "admin-pass-1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["commune_code"] == "07210" and out["commune_name"] == "Phường Bắc Giang"
    from landdesk.services import dossiers
    from landdesk.workspace import Workspace

    with Workspace.open(ws) as w:
        d = couple_dossier()
        w.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    assert main(["--workspace", str(ws), "search", "nguyen van thanh", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found[0]["id"] == d.id and found[0]["serial"] == "CS 123456"
    assert found[0]["holders"] == ["NGUYỄN VĂN THÀNH", "TRẦN THỊ HOÀ"]
    assert main(["--workspace", str(ws), "show", d.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["parcels"][0]["land_uses"][1]["code"] == "CLN"
    assert main(["--workspace", str(ws), "show", "1"]) == 0
    assert "NGUYỄN VĂN THÀNH" in capsys.readouterr().out


def test_unknown_commune_is_refused(tmp_path):
    code, out, err = run("--workspace", str(tmp_path / "ws"), "init", "--commune", "99999", "--password", "admin-pass-1")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "99999" in err
    assert not (tmp_path / "ws").exists()


def test_not_a_workspace(tmp_path):
    (tmp_path / "random").mkdir()
    (tmp_path / "random" / "file.txt").write_text("x")
    before = snapshot(tmp_path / "random")
    code, _, err = run("--workspace", str(tmp_path / "random"), "search", "a")
    assert code == 2 and "không phải" in err and len(err.strip().splitlines()) == 1
    assert snapshot(tmp_path / "random") == before
    code, _, err = run("--workspace", str(tmp_path / "missing"), "check")
    assert code == 2 and not (tmp_path / "missing").exists()


def test_newer_workspace_refused(ws_path):
    import sqlite3

    con = sqlite3.connect(ws_path / "landdesk.db")
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = (ws_path / "landdesk.db").read_bytes()
    code, _, err = run("--workspace", str(ws_path), "search", "a")
    assert code == 2 and "mới hơn" in err
    assert (ws_path / "landdesk.db").read_bytes() == before
    code, _, err = run("--lang", "en", "--workspace", str(ws_path), "search", "a")
    assert code == 2 and "newer LandDesk" in err


def test_bad_arguments_exit_2(ws_path):
    code, out, err = run("--workspace", str(ws_path), "search", "a", "--limit", "abc")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, _, err = run("--workspace", str(ws_path), "search", "a", "--limit", "0")
    assert code == 2
    code, _, err = run("--workspace", str(ws_path), "nosuchcommand")
    assert code == 2
    code, _, err = run("--workspace", str(ws_path), "show", "no-such-id")
    assert code == 2 and "no-such-id" in err


def test_check_exit_codes(ws_path, capsys):
    assert main(["--workspace", str(ws_path), "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    from landdesk.services import dossiers
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        d = couple_dossier()
        d.parcels[0].land_uses[0].area = 10.0  # land-use areas no longer add up to the parcel area
        w.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    assert main(["--workspace", str(ws_path), "check", "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings and {"rule", "severity", "dossier_id", "message"} <= set(findings[0])
    assert findings[0]["dossier_id"] == d.id


def test_users_and_audit(ws_path, capsys, monkeypatch):
    assert main(["--workspace", str(ws_path), "users", "add", "canbo1", "--role", "officer",
                 "--password", "canbo-pass-1", "--full-name", "Lê Văn Cán"]) == 0
    capsys.readouterr()
    assert main(["--workspace", str(ws_path), "users", "list", "--json"]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed["canbo1"]["role"] == "officer" and listed["canbo1"]["full_name"] == "Lê Văn Cán"
    # an officer (logged in with the officer's own password) may not add users: refused in the service, exit 2
    monkeypatch.setenv("LANDDESK_PASSWORD", "canbo-pass-1")
    assert main(["--workspace", str(ws_path), "--user", "canbo1", "users", "add", "x", "--password", "x-pass-word-1"]) == 2
    assert "không có quyền" in capsys.readouterr().err
    monkeypatch.setenv("LANDDESK_PASSWORD", "admin-pass-1")
    assert main(["--workspace", str(ws_path), "audit", "verify", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["entries"] >= 2


@pytest.mark.parametrize("lang,word", [("vi", "Tổng cộng"), ("en", "in total")])
def test_messages_follow_language(ws_path, lang, word):
    code, out, _ = run("--lang", lang, "--workspace", str(ws_path), "check")
    assert code == 0 and word in out


def test_check_full_refreshes_stored_counts(ws_path, capsys):
    """A dossier whose stored counts say 'clean' (older rules) is only caught by --full, which fixes them."""
    import sqlite3

    from landdesk.services import dossiers
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        d = couple_dossier()
        d.parcels[0].land_uses[0].area = 10.0
        w.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    con = sqlite3.connect(ws_path / "landdesk.db")
    con.execute("UPDATE dossiers SET errors=0, warnings=0")
    con.commit()
    assert main(["--workspace", str(ws_path), "check", "--json"]) == 0
    capsys.readouterr()
    assert main(["--workspace", str(ws_path), "check", "--full", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)
    assert con.execute("SELECT warnings FROM dossiers").fetchone()[0] > 0
    assert main(["--workspace", str(ws_path), "check", "--json"]) == 1


def test_bare_landdesk_opens_the_app_without_loading_commands():
    import subprocess
    import sys

    from landdesk.cli.main import _app_only

    args = _app_only(["--workspace", "/tmp/x", "--lang", "en"])
    assert args.command is None and str(args.workspace) == "/tmp/x" and args.lang == "en"
    assert _app_only(["search", "x"]) is None and _app_only(["--help"]) is None and _app_only(["-h"]) is None
    code = ("import sys; from landdesk.cli.main import _app_only; _app_only([]);"
            "print(any(m.startswith('landdesk.cli.cmd_') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
