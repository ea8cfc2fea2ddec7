"""Shared fixtures: a workspace template built once per session, copied for each test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANDDESK_LANG", "vi")

COMMUNE = "07210"  # Phường Bắc Giang
ADMIN_PASSWORD = "admin-pass-1"
# Commands that open a workspace authenticate; scripts and tests give the password this way.
os.environ.setdefault("LANDDESK_PASSWORD", ADMIN_PASSWORD)
# The app's log (landdesk/applog.py) goes to a folder of the test run, not the user's log folder.
os.environ.setdefault("LANDDESK_LOG_DIR", tempfile.mkdtemp(prefix="landdesk-test-log-"))


def pytest_collection_modifyitems(config, items):
    """Tests marked `posix` (fork, SIGKILL) are skipped on Windows, so the suite runs there too."""
    if os.name != "nt":
        return
    skip = pytest.mark.skip(reason="needs fork or SIGKILL, which Windows has not")
    for item in items:
        if "posix" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def workspace_template(tmp_path_factory) -> Path:
    from landdesk.workspace import Workspace

    root = tmp_path_factory.mktemp("template") / "ws"
    Workspace.create(root, COMMUNE, admin="admin", password=ADMIN_PASSWORD, full_name="Quản Trị Viên").close()
    return root


@pytest.fixture
def ws_path(workspace_template, tmp_path) -> Path:
    """A fresh copy of an empty commune workspace (WAL already checkpointed by close)."""
    dest = tmp_path / "ws"
    shutil.copytree(workspace_template, dest)
    return dest


@pytest.fixture
def ws(ws_path):
    from landdesk.workspace import Workspace

    w = Workspace.open(ws_path)
    yield w
    w.close()


@pytest.fixture
def small_fs(tmp_path):
    """A folder on a tiny filesystem of its own (tmpfs), for 'the drive is full' tests.

    `small_fs(size_kb)` mounts and returns the folder; it is unmounted after the test. Mounting needs
    root (CI runs as root); elsewhere the test is skipped with that reason."""
    import subprocess
    import sys

    mounted: list[Path] = []

    def make(size_kb: int = 512) -> Path:
        if not sys.platform.startswith("linux"):
            pytest.skip("a small filesystem is made with tmpfs, which only Linux has")
        where = tmp_path / f"smallfs{len(mounted)}"
        where.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here ({r.stderr.strip() or 'mount refused'})")
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Fill the filesystem holding `folder` until fewer than `leave` bytes are free."""
    filler = folder / "filler.bin"
    with open(filler, "ab") as f:
        block = b"\0" * 65536
        try:
            while True:
                st = os.statvfs(folder)
                free = st.f_bavail * st.f_frsize
                if free <= leave:
                    break
                f.write(block[: max(1, min(len(block), free - leave))])
                f.flush()
        except OSError:
            pass


@pytest.fixture(autouse=True)
def unsaved_prompts(monkeypatch):
    """The editor asks Save / Discard / Cancel before leaving unsaved work, a window closed at the
    end of any test included: a modal prompt would block an offscreen run, so the answer is
    "discard" unless a test puts answers in `answers`; every prompt is recorded in `asked`."""
    record: dict[str, list] = {"asked": [], "answers": []}
    try:
        from landdesk.ui.dialogs.unsaved import UnsavedDialog
    except ImportError:  # no Qt here: no window, no prompt
        return record

    def ask(cls, parent, what):
        record["asked"].append(what)
        return record["answers"].pop(0) if record["answers"] else "discard"

    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(ask))
    return record


@pytest.fixture(autouse=True)
def message_language(monkeypatch):
    """A command run in-process, or a window, chooses the language of messages (domain/i18n.py):
    each test starts from, and goes back to, the default."""
    from landdesk.domain import i18n

    monkeypatch.setattr(i18n, "_language", "vi")
    return i18n
