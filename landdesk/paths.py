"""Where things live on this machine: default workspace, logs, resources (source tree or frozen app)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "LandDesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_workspace() -> Path:
    """LANDDESK_WORKSPACE, else a folder under the user's data directory."""
    env = os.environ.get("LANDDESK_WORKSPACE")
    return Path(env).expanduser() if env else data_dir() / "workspace"


def resources_dir() -> Path:
    env = os.environ.get("LANDDESK_RESOURCES")
    if env:
        return Path(env)
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
