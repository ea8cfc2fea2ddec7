"""Shared fixtures: a workspace template built once per session, copied for each test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANDDESK_LANG", "vi")

COMMUNE = "07210"  # Phường Bắc Giang
ADMIN_PASSWORD = "admin-pass-1"


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


def pytest_sessionfinish(session, exitstatus):
    session.config._landdesk_exitstatus = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """After a process has run whole-app GUI tests (several main windows with scan panels), PySide6 can
    abort in the interpreter's final garbage collection ("bool_dealloc"), turning a green run red after
    every result was reported. Everything is written and reported by now: leave without that pass."""
    import sys

    if "PySide6.QtWidgets" in sys.modules and hasattr(config, "_landdesk_exitstatus"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config._landdesk_exitstatus)
