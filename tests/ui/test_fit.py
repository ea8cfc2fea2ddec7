"""Issue 13 §9: the first window fits the available screen (taskbar excluded) at 1366×768 and 1920×1080, at
100 % and 125 % scaling; the editor's fields never scroll sideways; maximised on small screens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TASKBAR = 40  # Windows 10/11 at 100 %


def _run(ws_path: Path, tmp_path: Path, width: int, height: int, scale: float) -> dict:
    cfg = tmp_path / f"screen-{width}x{height}.json"
    cfg.write_text(json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": width, "height": height - TASKBAR,
                                            "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}", QT_SCALE_FACTOR=str(scale),
               PYTHONPATH=str(REPO))
    p = subprocess.run([sys.executable, str(REPO / "tests" / "ui" / "fit_child.py"), str(ws_path)],
                       capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height", "scale"), [(1366, 768, 1.0), (1366, 768, 1.25), (1920, 1080, 1.0),
                                                         (1920, 1080, 1.25)])
def test_the_first_window_fits_the_screen(ws_path, tmp_path, width, height, scale):
    got = _run(ws_path, tmp_path, width, height, scale)
    assert got["inside"], got
    assert got["maximized"] == (width < 1600 or (height - TASKBAR) / scale < 940), got
    assert got["sidebar"] == (width / scale >= 1280), got  # narrow: the toolbar and View menu hold the views
    assert not got["form_scrolls_sideways"], got
    assert got["panel_width"] >= 280 and got["toolbar_cut"] == [], got
    assert got["records_first_column"], got
