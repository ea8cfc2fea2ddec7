"""Killing intake (SIGKILL, many times, at random moments) never leaves a page row without its file;
files written before the kill but never committed are reported as orphans and cleaned."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import pytest

from landdesk.demo.scans import _with_comment
from landdesk.domain.model import Dossier
from landdesk.media import samples
from landdesk.services import dossiers, scans
from landdesk.workspace import DB_NAME, Workspace
from tests.media import pages
from tests.reliability.test_kill import Child

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # about 20 s; runs in `make test` (the workers are forked: POSIX)

ROUNDS, FILES_PER_ROUND = 16, 12


class ScanChild(Child):
    def __init__(self, root: Path, dossier_id: str):
        import queue
        import subprocess
        import threading

        child = Path(__file__).with_name("scan_kill_child.py")
        self.proc = subprocess.Popen([sys.executable, str(child), str(root), dossier_id], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.expect("READY", 60)


def test_killed_intake_leaves_no_row_without_file(ws_path, tmp_path):
    with Workspace.open(ws_path) as ws:
        did = ws.transact(lambda ctx: dossiers.save_dossier(
            ctx, Dossier(commune_code="07210", village="Thôn Đông", serial="CS 900001"), allow_errors=True)).dossier.id
    base = [samples.jpeg_bytes(pages.page_image(s, dpi=300), 300) for s in range(3)]
    rng = random.Random(4242)
    committed: list[str] = []
    child = ScanChild(ws_path, did)
    try:
        for r in range(ROUNDS):
            folder = tmp_path / f"in{r}"
            folder.mkdir()
            for i in range(FILES_PER_ROUND):  # distinct files (own hashes), real 300-dpi pages
                (folder / f"p{i:02d}.jpg").write_bytes(_with_comment(base[i % 3], f"kill {r} {i}"))
            lines = child.run_and_kill(f"scan {folder}", rng.uniform(0.3, 1.6))
            committed += [line.split()[1] for line in lines if line.startswith("OK ")]
    finally:
        child.close()
    assert len(committed) > 20

    conn = sqlite3.connect(ws_path / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Workspace.open(ws_path) as ws:
        rep = ws.read(lambda ctx: scans.check_store(ctx))
        assert rep.missing == [] and rep.wrong_hash == []  # no row without its (whole) file
        stored = {p.id for p in ws.read(lambda ctx: scans.list_pages(ctx, did))}
        assert set(committed) <= stored
        cleaned = ws.transact(lambda ctx: scans.check_store(ctx, clean=True, grace_seconds=0))
        assert cleaned.cleaned_files == len(rep.orphan_files) + len(rep.stray)
        assert ws.read(lambda ctx: scans.check_store(ctx)).ok
