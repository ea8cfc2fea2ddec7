"""`landdesk station …` as scripts use it: --json, exit codes, a station and its primary converging
through a folder and over the loopback network."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stations.helpers import COMMUNE, PASSWORD, snapshot

ENV = dict(os.environ, LANDDESK_PASSWORD=PASSWORD)


def ld(*args, ws: Path | None = None, ok=(0,)) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "landdesk", *(["--workspace", str(ws)] if ws else []), *args]
    r = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert r.returncode in ok, (r.returncode, r.stdout, r.stderr)
    return r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def office(tmp_path):
    primary = tmp_path / "primary"
    ld("init", "--commune", COMMUNE, "--password", PASSWORD, ws=primary)
    out = tmp_path / "MT01-enrol.ldpkg"
    r = ld("station", "enrol", "Bàn 1", "--out", str(out), ws=primary)
    assert r.stdout.strip().splitlines()[-1] == str(out)  # the file's path last
    station = tmp_path / "station"
    got = json.loads(ld("station", "join", str(out), "--password", PASSWORD, "--json", ws=station).stdout)
    assert got["station_code"] == "MT01" and got["role"] == "station"
    return primary, station


def test_folder_and_lan_exchange(office, tmp_path):
    primary, station = office
    usb = tmp_path / "usb"
    r = ld("station", "sync", "--dir", str(usb), "--json", ws=station)
    assert json.loads(r.stdout)["sent"][0]["kind"] in ("station-hello", "station-changes")
    r = json.loads(ld("station", "sync", "--dir", str(usb), "--json", ws=primary).stdout)
    assert r["taken"][0]["status"] in ("hello", "imported") and r["sent"][0]["station"] == "MT01"
    ld("station", "sync", "--dir", str(usb), ws=station)
    listed = json.loads(ld("station", "list", "--json", ws=primary).stdout)
    assert listed[0]["status"] == "active" and listed[0]["last_exchange_at"]

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(primary), "station", "serve",
                               "--host", "127.0.0.1", "--port", str(port), "--minutes", "3"],
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "127.0.0.1" in server.stdout.readline()
        ld("demo", "--records", "3", "--seed", "5", ws=station)
        got = json.loads(ld("station", "sync", "--lan", f"127.0.0.1:{port}", "--json", ws=station).stdout)
        assert got["sent"]["kind"] == "station-changes" and got["answer"]["status"] == "applied"
        # each command's login is an audit entry of the station: it travels too
        again = json.loads(ld("station", "sync", "--lan", f"127.0.0.1:{port}", "--json", ws=station).stdout)
        assert again["sent"]["counts"].get("dossiers", 0) == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    from landdesk.workspace import Workspace

    with Workspace.open(primary) as p, Workspace.open(station) as s:
        a, b = snapshot(p)["dossiers"], snapshot(s)["dossiers"]
    assert a == b and len(a) == 3
    st = json.loads(ld("station", "status", "--json", ws=station).stdout)
    assert st["last_exchange_at"] and st["pending"] is False


def test_bad_input_is_one_line_and_exit_2(office, tmp_path):
    primary, station = office
    r = ld("station", "sync", "--lan", "nohost", ws=station, ok=(2,))
    assert r.stderr.count("\n") == 1 and "MÁY:CỔNG" in r.stderr
    bad = tmp_path / "bad.ldpkg"
    bad.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    r = ld("station", "join", str(bad), "--password", PASSWORD, ws=tmp_path / "other", ok=(2,))
    assert r.stderr.count("\n") == 1 and not (tmp_path / "other").exists()
    r = ld("station", "enrol", "x", "--out", str(tmp_path / "e.ldpkg"), ws=station, ok=(2,))
    assert "máy chính" in r.stderr
    r = ld("station", "revoke", "MT09", ws=primary, ok=(2,))
    assert r.stderr.count("\n") == 1


def test_wrong_password_opens_no_enrolment(tmp_path):
    primary = tmp_path / "primary"
    ld("init", "--commune", COMMUNE, "--password", PASSWORD, ws=primary)
    out = tmp_path / "e.ldpkg"
    ld("station", "enrol", "Bàn 2", "--out", str(out), ws=primary)
    r = ld("station", "join", str(out), "--password", "not-the-password-1", ws=tmp_path / "s", ok=(2,))
    assert "mật khẩu" in r.stderr and not (tmp_path / "s").exists()
