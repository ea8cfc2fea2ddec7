"""`landdesk import form01` with the workspace's drive full, and its --report on a full drive: one
clear message, exit 2, nothing stored and nothing left behind (issue 15 item 11)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import fill_disk

CORPUS = Path(__file__).parent.parent / "fixtures" / "form01"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landdesk", *args], capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm")))


def test_import_into_a_workspace_on_a_full_drive(workspace_template, demo_template, small_fs, tmp_path):
    book = tmp_path / "mau01.xlsx"
    assert _run("--workspace", str(demo_template), "export", "form01", str(book), "--variant", "vbdlis").returncode == 0
    drive = small_fs(8 * 1024)
    ws = drive / "ws"
    shutil.copytree(workspace_template, ws)
    fill_disk(drive, leave=64 * 1024)
    before = _listing(ws)
    done = _run("--workspace", str(ws), "import", "form01", str(book))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Ổ đĩa đã đầy" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    (drive / "filler.bin").unlink()
    assert _listing(ws) == before  # no journal, no temporary table file left
    listed = _run("--workspace", str(ws), "search", "", "--json")
    assert listed.returncode in (0, 1) and '"num"' not in listed.stdout  # nothing was stored


def test_problem_report_on_a_full_drive(ws_path, small_fs):
    drive = small_fs(256)
    fill_disk(drive, leave=2 * 1024)
    done = _run("--workspace", str(ws_path), "import", "form01", str(CORPUS / "csv_utf8.csv"), "--dry-run",
                "--report", str(drive / "loi.xlsx"))
    assert done.returncode == 2 and "Ổ đĩa đã đầy" in done.stderr and "Traceback" not in done.stderr
    assert sorted(os.listdir(drive)) == ["filler.bin"]
