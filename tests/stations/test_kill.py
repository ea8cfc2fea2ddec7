"""SIGKILL during a station's export, the primary's import and the network exchange: nothing is
half-applied (the primary holds all of a package or none of it, the databases pass integrity_check)
and the next exchange completes."""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.services.stations import lan, primary, station
from landdesk.storage.commune import stations as store
from tests.stations.helpers import add_station, make_primary, snapshot

pytestmark = [pytest.mark.posix, pytest.mark.slow]
CHILD = Path(__file__).with_name("kill_child.py")
N = 300


@pytest.fixture(scope="module")
def office_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill-office")
    p = make_primary(root / "primary")
    s = add_station(p, root, "Bàn 1")
    primary.import_files(p, station.send(s).paths)  # the station's keys pinned
    s.transact(lambda ctx: demo.fill_demo(ctx, N, 7))
    p.close()
    s.close()
    return root


def _copy(office_dir, tmp_path) -> tuple[Path, Path]:
    import shutil

    for name in ("primary", "station-MT01"):
        shutil.copytree(office_dir / name, tmp_path / name)
    return tmp_path / "primary", tmp_path / "station-MT01"


def _child(*args) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(CHILD), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout.readline().strip() == "START"
    return proc


def _kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL after `seconds`; True when it had finished first."""
    time.sleep(seconds)
    done = proc.poll() is not None
    if not done:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return done


def _intact(root: Path) -> None:
    with sqlite3.connect(root / "landdesk.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _count(ws) -> int:
    return len(snapshot(ws)["dossiers"])


def _finish(p_root: Path, s_root: Path) -> None:
    """The next exchange completes: the primary ends with every dossier of the station."""
    from landdesk.workspace import Workspace

    with Workspace.open(p_root) as p, Workspace.open(s_root) as s:
        for _ in range(2):
            sent = station.send(s)
            primary.import_files(p, sent.paths)
            sid = s.read(lambda ctx: store.role(ctx.session)[1])
            for path in primary.answer(p, sid, force=True):
                station.apply_answer(s, [path])
        a, b = snapshot(p), snapshot(s)
        assert a["dossiers"] == b["dossiers"] and len(a["dossiers"]) == N
        assert a["audit"] == b["audit"]


def test_killed_station_export(office_dir, tmp_path):
    rng = random.Random(17)
    p_root, s_root = _copy(office_dir, tmp_path)
    for _ in range(3):
        _kill_after(_child("send", s_root), rng.uniform(0.05, 1.5))
        _intact(s_root)
    _finish(p_root, s_root)


def test_killed_primary_import(office_dir, tmp_path):
    from landdesk.workspace import Workspace

    rng = random.Random(18)
    p_root, s_root = _copy(office_dir, tmp_path)
    with Workspace.open(s_root) as s:
        pkg = station.send(s).paths[0]
    with Workspace.open(p_root) as p:
        before = _count(p)
    finished = False
    for _ in range(3):
        finished = _kill_after(_child("import", p_root, pkg), rng.uniform(0.1, 2.5))
        _intact(p_root)
        with Workspace.open(p_root) as p:
            assert _count(p) in (before, before + N)  # all of the package or none of it
            assert not list((p_root / "media").rglob("*.part"))
        if finished:
            break
    _finish(p_root, s_root)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_killed_network_exchange(office_dir, tmp_path):
    from landdesk.workspace import Workspace

    rng = random.Random(19)
    p_root, s_root = _copy(office_dir, tmp_path)
    for i in range(2):
        port = _port()
        server = _child("serve", p_root, port)
        assert server.stdout.readline().strip() == "LISTENING"
        client = _child("lan", s_root, f"127.0.0.1:{port}")
        victim = server if i % 2 else client  # the primary killed mid-import, or the station mid-exchange
        _kill_after(victim, rng.uniform(0.2, 2.0))
        for proc in (server, client):
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=60)
        _intact(p_root)
        _intact(s_root)
        with Workspace.open(p_root) as p:
            assert _count(p) in (0, N)  # all of the station's package or none of it
    port = _port()
    server = _child("serve", p_root, port)
    assert server.stdout.readline().strip() == "LISTENING"
    try:
        with Workspace.open(s_root) as s:
            lan.sync_lan(s, f"127.0.0.1:{port}")
            lan.sync_lan(s, f"127.0.0.1:{port}")
    finally:
        server.kill()
        server.wait(timeout=60)
    _finish(p_root, s_root)
