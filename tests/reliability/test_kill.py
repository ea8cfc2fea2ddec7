"""Never lost: kill the writer at random moments (SIGKILL, ≥ 50 times) — every dossier reported as
committed is still there, the database passes integrity_check, the audit chain verifies, and a
bulk import killed mid-way left all or nothing."""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.domain.errors import LandDeskError
from landdesk.services import backup
from landdesk.services.audit import verify_audit
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import DB_NAME, Workspace

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # about 30 s; runs in `make test` (the workers are forked: POSIX)

CHILD = Path(__file__).with_name("kill_child.py")
SAVE_ROUNDS, BULK_ROUNDS, BULK_SIZE, BACKUP_ROUNDS = 44, 8, 2500, 6


class Child:
    """The fork server (kill_child.py) and a thread reading its lines."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen([sys.executable, str(CHILD), str(root)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.expect("READY", 60)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, prefix: str, timeout: float = 30) -> str:
        """The next line starting with prefix; other lines go to self.seen."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    seen: list[str] = []

    def run_and_kill(self, command: str, after: float) -> list[str]:
        """Start a worker, SIGKILL it after `after` seconds; the lines it wrote."""
        self.seen = []
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        pid = int(self.expect("PID").split()[1])
        time.sleep(after)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had already finished
        self.expect(f"EXIT {pid}")
        return list(self.seen)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def test_killed_writers_lose_nothing_committed(ws_path, tmp_path):
    rng = random.Random(2025)
    committed: list[str] = []
    bulk_done: dict[int, bool] = {}
    child = Child(ws_path)
    kills = 0
    try:
        rounds = ["save"] * SAVE_ROUNDS + ["bulk"] * BULK_ROUNDS
        rng.shuffle(rounds)
        for i, kind in enumerate(rounds):
            if kind == "save":
                lines = child.run_and_kill(f"save {i}", rng.uniform(0.0, 0.5))
                committed += [line.split()[1] for line in lines if line.startswith("OK ")]
            else:
                seed = 10_000 + i
                lines = child.run_and_kill(f"bulk {seed} {BULK_SIZE}", rng.uniform(0.05, 1.2))
                bulk_done[seed] = f"BULK {seed}" in lines
            kills += 1
        backups_done = []
        for _ in range(BACKUP_ROUNDS):  # a killed backup is never taken for a whole one
            lines = child.run_and_kill(f"backup {tmp_path / 'usb'}", rng.uniform(0.0, 0.35))
            backups_done += [line.split(" ", 1)[1] for line in lines if line.startswith("BACKUP ")]
            kills += 1
    finally:
        child.close()
    assert kills >= 50
    assert len(committed) > 10  # the kills landed between commits (how many commit first depends on load)
    assert not all(bulk_done.values())  # some bulk imports were killed inside their transaction

    conn = sqlite3.connect(ws_path / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Workspace.open(ws_path) as ws:
        present = ws.read(lambda ctx: {d.id for d in store.load_dossiers(ctx.session, committed)})
        assert present == set(committed)
        assert ws.read(verify_audit).ok
        from landdesk.services.packages import keys

        key = keys.backup_key(ws_path / "keys")
        (tmp_path / "usb").mkdir(exist_ok=True)  # (every backup may have been killed before making it)
        for folder in (tmp_path / "usb").iterdir():
            if folder.name in ("media", "media-encrypted"):
                continue
            if folder.name.endswith(".partial"):  # interrupted: refused as incomplete
                with pytest.raises(LandDeskError, match="No complete backup|Không tìm thấy"):
                    backup.read_manifest(folder)
            else:
                backup.verify_backup(folder, key=key)  # everything under a final name is whole
        assert set(backups_done) <= {str(p) for p in (tmp_path / "usb").iterdir()}
        for seed, done in bulk_done.items():  # one transaction: all or nothing
            ids = [d.id for d in demo.generate(BULK_SIZE, seed, ws.info.commune_code)[0][:: BULK_SIZE // 5]]
            found = ws.read(lambda ctx, ids=ids: len(store.load_dossiers(ctx.session, ids)))
            assert found in (0, len(ids)) and (found == len(ids) or not done)
