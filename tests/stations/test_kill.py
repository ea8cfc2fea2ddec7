"""SIGKILL during a station's export, the primary's import and the network exchange: nothing is
half-applied (the primary holds all of a package or none of it, the databases pass integrity_check)
and the next exchange completes.

Every kill is aimed, never timed: the child process (kill_child.py --hold) stops at a chosen point of
the work (the Nth record written, inside the write transaction, between commit and rename, mid-merge,
mid-staging of a scan, before the answer, as the answer arrives, inside the station's apply) and says
HOLD; the test kills it there. On a loaded machine the kill cannot land before the work started or after
it finished."""

from __future__ import annotations

import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.services.stations import lan, primary, station
from landdesk.storage.commune import stations as store
from tests.media.pages import jpeg_page
from tests.stations.helpers import add_page, add_station, make_primary, snapshot

pytestmark = [pytest.mark.posix, pytest.mark.slow]
CHILD = Path(__file__).with_name("kill_child.py")
N = 300  # dossiers the station entered
PAGES = 3  # of them with a scanned page
WAIT = 600  # seconds a child may take to reach its point on a very loaded machine (it is then a failure)

# Points in the code where a child waits to be killed: module:function:nth call.
RECORD = "landdesk.services.stations.common:Records.add:150"  # half the package's records written
SCAN_OUT = "landdesk.services.packages.volumes:VolumeWriter.add_file:2"  # a scan being written
RECORDED = "landdesk.storage.commune.stations:record_package:1"  # inside the write transaction
PUBLISH = "landdesk.services.packages.volumes:VolumeWriter.publish:1"  # committed, not yet renamed
MERGING = "landdesk.services.stations.primary:Merger.dossier:150"  # half the dossiers merged
SCAN_IN = "landdesk.services.stations.incoming:ScanStage._stage:2"  # a scan being staged
AUDIT = "landdesk.services.stations.records:append_audit:1"  # the records in, the audit trail next
ANSWER = "landdesk.services.stations.primary:answer:1"  # the import committed, no answer yet
RECEIVE = "landdesk.services.stations.lan:_receive:1"  # the station about to read the answer


@pytest.fixture(scope="module")
def office_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill-office")
    p = make_primary(root / "primary")
    s = add_station(p, root, "Bàn 1")
    primary.import_files(p, station.send(s).paths)  # the station's keys pinned
    ids = s.transact(lambda ctx: demo.fill_demo(ctx, N, 7)).ids
    for i in range(PAGES):
        add_page(s, ids[i], jpeg_page(root / f"page{i}.jpg", i, dpi=60))
    p.close()
    s.close()
    return root


class Child:
    """A kill_child.py process whose output lines are read on a thread (a wait has a deadline)."""

    def __init__(self, *args, hold: str | None = None):
        cmd = [sys.executable, str(CHILD), *map(str, args)] + (["--hold", hold] if hold else [])
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.expect("START")

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("EOF")

    def expect(self, word: str) -> None:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                self.kill()
                pytest.fail(f"{word} not reached in {WAIT} s")
            if line == word:
                return
            if line in ("DONE", "EOF"):
                pytest.fail(f"the child ended before {word}: the point is never reached")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=120)

    def killed_at_hold(self) -> None:
        self.expect("HOLD")
        assert self.proc.poll() is None  # certainly still working
        self.kill()
        assert self.proc.returncode == -signal.SIGKILL


def _copy(office_dir, tmp_path) -> tuple[Path, Path]:
    import shutil

    for name in ("primary", "station-MT01"):
        shutil.copytree(office_dir / name, tmp_path / name)
    return tmp_path / "primary", tmp_path / "station-MT01"


def _intact(root: Path) -> None:
    with sqlite3.connect(root / "landdesk.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _held(root: Path) -> tuple[int, int]:
    """(dossiers, live pages) the workspace holds."""
    from landdesk.workspace import Workspace

    with Workspace.open(root) as ws:
        snap = snapshot(ws)
    return len(snap["dossiers"]), sum(len(p) for p in snap["pages"].values())


def _out_seq(root: Path) -> int:
    from landdesk.workspace import Workspace

    with Workspace.open(root) as ws:
        return ws.read(lambda ctx: station.primary_row(ctx).out_seq)


def _finish(p_root: Path, s_root: Path) -> None:
    """The next exchange completes: the primary ends with every dossier, page and audit entry of the station."""
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
        assert a["pages"] == b["pages"] and sum(len(v) for v in a["pages"].values()) == PAGES
        assert a["audit"] == b["audit"]


def test_killed_station_export(office_dir, tmp_path):
    p_root, s_root = _copy(office_dir, tmp_path)
    outbox = s_root / "stations" / "outbox"
    seq = _out_seq(s_root)
    published = set(outbox.glob("[!.]*"))  # the first package, sent when the office was set up
    for point in (RECORD, SCAN_OUT, RECORDED):  # before the package is recorded: nothing happened
        Child("send", s_root, hold=point).killed_at_hold()
        _intact(s_root)
        assert _out_seq(s_root) == seq
        assert set(outbox.glob("[!.]*")) == published  # nothing new under a final name (.part files only)
    Child("send", s_root, hold=PUBLISH).killed_at_hold()  # recorded, never delivered: the next covers it
    _intact(s_root)
    assert _out_seq(s_root) == seq + 1
    _finish(p_root, s_root)


def test_killed_primary_import(office_dir, tmp_path):
    from landdesk.workspace import Workspace

    p_root, s_root = _copy(office_dir, tmp_path)
    with Workspace.open(s_root) as s:
        pkg = station.send(s).paths[0]
    before = _held(p_root)
    for point in (MERGING, SCAN_IN, AUDIT, RECORDED):
        Child("import", p_root, pkg, hold=point).killed_at_hold()
        _intact(p_root)
        assert _held(p_root) == before  # none of the package
    staged = list((p_root / "stations" / "staging").glob("*.part"))  # a kill while a scan was staged
    assert not [f for f in (p_root / "media").rglob("*") if f.name.endswith(".part")]  # never in media
    with Workspace.open(p_root) as p:
        assert primary.import_files(p, [pkg]).status == "imported"  # the same package, whole, now
    assert _held(p_root) == (before[0] + N, before[1] + PAGES)
    assert not [f for f in p_root.rglob("*.part")], staged  # the next exchange removed what was left
    _finish(p_root, s_root)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(p_root: Path, hold: str | None = None) -> tuple[Child, int]:
    port = _port()
    server = Child("serve", p_root, port, hold=hold)
    server.expect("LISTENING")
    return server, port


def test_killed_network_exchange(office_dir, tmp_path):
    from landdesk.workspace import Workspace

    p_root, s_root = _copy(office_dir, tmp_path)
    for point in (MERGING, ANSWER):  # the primary killed mid-import, then between import and answer
        server, port = _serve(p_root, hold=point)
        client = Child("lan", s_root, f"127.0.0.1:{port}")
        server.killed_at_hold()
        client.proc.wait(timeout=WAIT)  # the station sees a dropped connection and stops
        assert client.proc.returncode != 0
        _intact(p_root)
        _intact(s_root)
        assert _held(p_root)[0] == (0 if point == MERGING else N)  # all of the station's package or none
    server, port = _serve(p_root)
    try:
        for point in (RECEIVE, AUDIT):  # the station killed as the answer arrives, then inside its apply
            Child("lan", s_root, f"127.0.0.1:{port}", hold=point).killed_at_hold()
            _intact(s_root)
            assert server.proc.poll() is None  # the primary outlives a station that vanished
        with Workspace.open(s_root) as s:  # the same listener completes the next exchange
            lan.sync_lan(s, f"127.0.0.1:{port}")
            lan.sync_lan(s, f"127.0.0.1:{port}")
    finally:
        server.kill()
    _finish(p_root, s_root)
