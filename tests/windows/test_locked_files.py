"""A file another program holds (a workbook open in Excel): replacing it fails on Windows with a sharing
violation. LandDesk retries briefly, then says which file to close — one line, exit 2 — and the file the
officer has open is untouched, with no temporary file left beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
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


def _held(monkeypatch, names: set[str]):
    """os.replace onto or from a file named in `names` fails as Windows does while a program holds it."""
    real = os.replace

    def replace(src, dst, *a, **k):
        if Path(src).name in names or Path(dst).name in names:
            exc = PermissionError(13, "sharing violation", str(src))
            exc.winerror = 32
            raise exc
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)


def test_hot_folder_skips_a_held_file_and_moves_it_later(ws_path, tmp_path, monkeypatch):
    """The scanner driver still holds a page it wrote: the page is taken once, the watch goes on,
    and the file goes to done/ at a later look, when it is free — never taken twice."""
    from landdesk.cli.cmd_scans import process_hot_files
    from landdesk.media.hotfolder import HotFolder
    from tests.media import pages

    hot = tmp_path / "hot"
    hot.mkdir()
    pages.page_image(1).save(hot / "scan-001.jpg", quality=85)
    pages.page_image(2).save(hot / "scan-002.jpg", quality=85)
    clock = [0.0]
    folder = HotFolder(hot, settle=1.0, clock=lambda: clock[0])
    folder.poll()
    clock[0] += 2
    ready = folder.poll()
    assert [p.name for p in ready] == ["scan-001.jpg", "scan-002.jpg"]
    _held(monkeypatch, {"scan-001.jpg"})
    ws = Workspace.open(ws_path)
    try:
        results = process_hot_files(ws, folder, ready)
        assert [(r["file"], r["ok"], r["moved_to"] is None) for r in results] == [
            ("scan-001.jpg", True, True), ("scan-002.jpg", True, False)]
        clock[0] += 2
        assert folder.poll() == [] and folder.held == [hot / "scan-001.jpg"]  # not taken again
        monkeypatch.undo()  # the scanner lets go
        clock[0] += 2
        assert folder.poll() == [] and folder.held == []
        assert sorted(p.name for p in (hot / "done").iterdir()) == ["scan-001.jpg", "scan-002.jpg"]
        assert ws.read(lambda ctx: ctx.session.execute(__import__("sqlalchemy").text(
            "SELECT count(*) FROM scan_pages")).scalar()) == 2
    finally:
        ws.close()


def test_one_watcher_per_hot_folder(ws_path, tmp_path):
    """`scans watch` while another watcher (a window) has the folder: one line, exit 2, nothing taken."""
    from landdesk.media.hotfolder import HotFolder
    from tests.media import pages

    hot = tmp_path / "hot"
    hot.mkdir()
    pages.page_image(1).save(hot / "scan-001.jpg", quality=85)
    with HotFolder(hot).claimed():
        r = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "scans", "watch",
                            str(hot), "--once", "--settle", "0.1"], capture_output=True, timeout=120,
                           env=dict(os.environ, LANDDESK_LANG="en"))
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2 and err.count("\n") == 1 and "already running" in err, err
    assert [p.name for p in hot.iterdir() if not p.name.startswith(".")] == ["scan-001.jpg"]


@pytest.mark.parametrize("held_step", ["aside", "into_place"])
def test_restore_over_a_workspace_another_program_holds(demo_ws, tmp_path, monkeypatch, held_step):
    """Restoring over a workspace a second window or Explorer holds: the move aside (or the move of the
    restored folder into place) is retried, then the workspace is named; it stays as it was, whole, and
    nothing half-done is left beside it."""
    from landdesk.domain.fileio import FileLockedError
    from landdesk.services import backup
    from landdesk.services.packages import keys
    from landdesk.storage import browse
    from tests.conftest import ADMIN_PASSWORD

    with Workspace.open(demo_ws) as ws:
        made = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    other = tmp_path / "other"
    Workspace.create(other, "07210", password=ADMIN_PASSWORD).close()
    before = sorted(p.name for p in other.parent.iterdir())
    real = os.replace

    def replace(src, dst, *a, **k):
        held = Path(src) == other if held_step == "aside" else Path(dst) == other and Path(src).name != other.name
        if held and not str(Path(src).name).startswith("other.before-restore"):
            exc = PermissionError(13, "sharing violation", str(src))
            exc.winerror = 32
            raise exc
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(FileLockedError) as caught:
        backup.restore_backup(made.folder, other, force=True, password=ADMIN_PASSWORD,
                              key=keys.backup_key(Path(demo_ws) / "keys"))
    assert caught.value.path == other
    assert sorted(p.name for p in other.parent.iterdir()) == before
    monkeypatch.undo()
    with Workspace.open(other) as w:  # still the workspace that was there (empty), not the backup's 20 dossiers
        assert w.read(lambda ctx: browse.total(ctx.session)) == 0
