"""One window per workspace (landdesk/ui/single_instance.py): a second start of the app on the same
workspace brings the first window forward and ends; a crashed holder does not block the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from landdesk.ui import single_instance

REPO = Path(__file__).resolve().parents[2]


def test_second_start_raises_the_first_window(qtbot, ws_path):
    raised = []
    first = single_instance.WindowLock(ws_path, on_raise=lambda: raised.append(1))
    assert first.acquire()
    try:
        # a real second start: the app's own start-up, on the same workspace, in another process
        code = "import sys; from landdesk.ui import app; sys.exit(app.run(sys.argv[1]))"
        proc = subprocess.Popen([sys.executable, "-c", code, str(ws_path)], cwd=REPO,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        qtbot.waitUntil(lambda: bool(raised), timeout=60_000)  # our event loop answers its message
        assert proc.wait(60) == 0  # it ended instead of opening a second window
    finally:
        first.release()
    assert raised == [1]


def test_a_different_workspace_is_not_the_same_window(ws_path, tmp_path):
    first = single_instance.WindowLock(ws_path)
    other = single_instance.WindowLock(tmp_path / "other")
    try:
        assert first.acquire() and other.acquire()
        assert not single_instance.WindowLock(ws_path).acquire()
    finally:
        first.release()
        other.release()
    again = single_instance.WindowLock(ws_path)
    assert again.acquire()
    again.release()


def test_key_ignores_case_and_trailing_separator_where_the_os_does():
    a = single_instance.instance_key(Path("/x/Ws"))
    assert a == single_instance.instance_key(Path("/x/Ws/"))
    assert (a == single_instance.instance_key(Path("/x/ws"))) == (os.name == "nt")


def test_a_crashed_window_does_not_block_the_next(ws_path):
    """The holder ends without releasing (a crash): its lock is stale and the next start takes it."""
    code = textwrap.dedent("""
        import os, sys
        from PySide6.QtCore import QCoreApplication
        from landdesk.ui.single_instance import WindowLock
        app = QCoreApplication([])
        lock = WindowLock(sys.argv[1])
        assert lock.acquire()
        print("HELD", flush=True)
        os._exit(3)
    """)
    r = subprocess.run([sys.executable, "-c", code, str(ws_path)], cwd=REPO, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 3 and "HELD" in r.stdout, r.stderr
    lock = single_instance.WindowLock(ws_path)
    assert lock.acquire()
    lock.release()


def test_hot_folder_watched_elsewhere_is_not_started_here(window, tmp_path):
    """The hot folder is one watcher's: when `scans watch` (or another window) has it, the scans view
    says so and does not start."""
    from landdesk.media.hotfolder import HotFolder

    hot = tmp_path / "hot"
    hot.mkdir()
    window.show_view("scans")
    tab = window.page("scans").hot
    tab.set_folder(hot)
    with HotFolder(hot).claimed():
        tab.toggle.setChecked(True)
        assert not tab.toggle.isChecked() and not tab.timer.isActive()
        assert "đang chạy" in tab.status.text()
    tab.toggle.setChecked(True)  # free again: it starts, and holds the folder until stopped
    assert tab.timer.isActive()
    import pytest

    from landdesk.domain.filelock import LockHeld

    with pytest.raises(LockHeld), HotFolder(hot).claimed():
        pass
    tab.toggle.setChecked(False)
    with HotFolder(hot).claimed():
        pass
