"""English interface from resources/translations/landdesk_en.ts; every string has its translation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from landdesk.domain.resources import resources_dir

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))  # the developer tools (tools/i18n_build.py, tools/i18n_update.py)


def test_every_source_string_is_translated():
    from i18n_update import untranslated

    ts = resources_dir() / "translations" / "landdesk_en.ts"
    assert ET.parse(ts).getroot().get("sourcelanguage") == "vi"
    assert untranslated(ts) == []


def test_window_in_english(qtbot, ws, make_window):
    import i18n_build

    from landdesk.ui import app

    i18n_build.build()
    try:
        win = make_window(lang="en")
        titles = [a.text() for a in win.menuBar().actions() if a.isVisible()]
        assert "&File" in titles and "&Help" in titles
        assert win.page("records").search.placeholderText().startswith("Search by name")
        assert win.page("form").cert.title() == "Certificate"
    finally:
        app.install_language(app.ensure_app(), "vi")


def test_selftest_command():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-m", "landdesk", "selftest", "--json"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads(p.stdout)
    assert out["ok"] and {"records", "form", "dashboard"} <= set(out["views"])


def test_qt_own_buttons_in_vietnamese(qtbot):
    """Qt ships no Vietnamese: the standard buttons and text-field menus come from our qt_vi."""
    import i18n_build
    from PySide6.QtWidgets import QDialogButtonBox

    from landdesk.ui import app

    i18n_build.build()
    app.install_language(app.ensure_app(), "vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel,
                                           QDialogButtonBox.StandardButton.Yes, QDialogButtonBox.StandardButton.No)}
    assert texts == {"Đồng ý", "Hủy", "&Có", "&Không"}
    try:
        app.install_language(app.ensure_app(), "en")
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box2)
        assert box2.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        app.install_language(app.ensure_app(), "vi")
