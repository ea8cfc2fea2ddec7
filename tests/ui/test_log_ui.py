"""The window's side of the log: Qt's own warnings reach the log file (once each), and Help has
"Mở thư mục nhật ký", which opens the user's log folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from landdesk import applog

REPO = Path(__file__).resolve().parents[2]


def test_qt_warnings_go_to_the_log(tmp_path):
    code = textwrap.dedent("""
        from PySide6.QtCore import qWarning
        from landdesk.ui import app, applog_qt
        app.ensure_app()
        applog_qt.install()
        for _ in range(3):
            qWarning("QPainter::begin: thử cảnh báo của Qt 12345678")
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANDDESK_LOG_DIR=str(tmp_path))
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    text = (tmp_path / applog.LOG_NAME).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if "QPainter::begin" in ln]
    assert len(lines) == 1 and "WARNING landdesk.qt" in lines[0]
    assert "12345678" not in lines[0] and "<number>" in lines[0]  # redacted like every other line
    assert "(window)" in text


def test_help_menu_opens_the_log_folder(window, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    acts = [a for a in window.menu("help").actions() if a.objectName() == "openLogFolder"]
    assert len(acts) == 1 and acts[0].text() == "Mở thư mục nhật ký"
    acts[0].trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [applog.log_dir()]
    assert applog.log_dir().is_dir()
