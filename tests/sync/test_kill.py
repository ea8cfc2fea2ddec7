"""SIGKILL during export and during import, repeatedly: never a half package taken for a whole one,
never a half import; re-running completes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from landdesk.services.packages import verify
from tests.sync import helpers

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # SIGKILL


def _cli(*args):
    env = dict(os.environ, LANDDESK_LANG="en")
    return subprocess.Popen([sys.executable, "-m", "landdesk", *map(str, args)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after(proc, delay: float) -> bool:
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True
    return False


def test_kill_export_and_import(tmp_path):
    rng = random.Random(7)
    ws = helpers.make_commune(tmp_path / "c", "07264", 3000, seed=3)
    desk = helpers.make_desk(tmp_path / "p")
    helpers.link(desk, ws, tmp_path)
    ws.close()
    desk.close()
    out = tmp_path / "out"
    killed = 0
    for _ in range(4):
        proc = _cli("--workspace", tmp_path / "c", "package", "export", "--out", out)
        killed += _kill_after(proc, rng.uniform(0.3, 1.3))
        for f in out.glob("*.ldpkg"):  # whatever carries a final name is a whole, valid package
            verify.verify_package([f])
    assert killed >= 1
    done = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", tmp_path / "c", "package", "export",
                           "--out", out], capture_output=True, text=True, check=True)
    final = done.stdout.strip().splitlines()[-1]
    pkg = verify.verify_package([final])
    assert pkg.header["counts"]["dossiers"] == 3000
    assert not list(out.glob(".*.part"))

    from landdesk.workspace.province import ProvinceDesk

    killed = 0
    for _ in range(4):
        proc = _cli("--workspace", tmp_path / "p", "province", "import", final, "--receipts", tmp_path / "rc")
        killed += _kill_after(proc, rng.uniform(0.5, 2.5))
        with ProvinceDesk.open(tmp_path / "p") as d:
            snap = helpers.snapshot(d)
        assert (snap["dossiers"], snap["packages"]) in ((0, 0), (3000, 1))
    done = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", tmp_path / "p", "province", "import",
                           final, "--receipts", tmp_path / "rc"], capture_output=True, text=True, check=True)
    seq = pkg.header["seq"]
    assert done.stdout.strip().splitlines()[-1].endswith(f"07264-{seq:06d}-receipt.ldpkg")
    with ProvinceDesk.open(tmp_path / "p") as d:
        assert helpers.snapshot(d)["dossiers"] == 3000
