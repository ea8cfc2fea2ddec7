"""A file another program holds (a workbook open in Excel): replacing it fails on Windows with a sharing
violation. LandDesk retries briefly, then says which file to close — one line, exit 2 — and the file the
officer has open is untouched, with no temporary file left beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from landdesk.services import demo
from landdesk.workspace import Workspace

CHILD = Path(__file__).with_name("locked_child.py")


@pytest.fixture
def demo_ws(ws_path):
    ws = Workspace.open(ws_path)
    ws.transact(lambda ctx: demo.fill_demo(ctx, 20, seed=5))
    ws.close()
    return ws_path


@pytest.mark.parametrize("command", [["export", "form01"], ["report"]])
def test_a_workbook_open_in_excel(demo_ws, tmp_path, command):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "mau 01.xlsx"
    out.write_bytes(b"the officer's open workbook")
    r = subprocess.run([sys.executable, str(CHILD), out.name, "--workspace", str(demo_ws), *command, str(out)],
                       capture_output=True, timeout=180, env=dict(os.environ, LANDDESK_LANG="vi"))
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "Hãy đóng tệp mau 01.xlsx" in err
    assert out.read_bytes() == b"the officer's open workbook"
    assert sorted(p.name for p in folder.iterdir()) == ["mau 01.xlsx"]


def test_released_in_time_the_write_goes_through(tmp_path, monkeypatch):
    """Excel closes the file while LandDesk retries: the write completes."""
    from landdesk.domain import fileio

    target = tmp_path / "bao-cao.xlsx"
    target.write_bytes(b"old")
    real, calls = os.replace, []

    def held_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            exc = PermissionError(13, "sharing violation", str(dst))
            exc.winerror = 32
            raise exc
        real(src, dst)

    monkeypatch.setattr(os, "replace", held_twice)
    fileio.atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.xlsx"]
