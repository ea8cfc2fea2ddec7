"""Where the files shipped with LandDesk are: `resources/` (reference data, translations, fonts, icons,
column maps, the common-password list). One answer for the source tree, tests and the frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Resolved once: resolve() walks the file system and validation asks for reference data per dossier.
_SOURCE_TREE = Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    """LANDDESK_RESOURCES; else the frozen app's (PyInstaller's sys._MEIPASS, or beside the program);
    else <repository>/resources."""
    env = os.environ.get("LANDDESK_RESOURCES")
    if env:
        return Path(env)
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return _SOURCE_TREE
