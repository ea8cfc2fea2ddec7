"""GUI fixtures: offscreen Qt, isolated QSettings, a main window on a fresh workspace."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory):
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def make_window(qtbot, ws):
    """Build main windows on the `ws` workspace; all are closed and their worker stopped at the end."""
    from landdesk.ui.app import build_window, make_settings

    made = []

    def build(lang: str = "vi", settings: bool = True):
        win = build_window(ws, lang=lang, settings=make_settings() if settings else None)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        made.append(win)
        return win

    yield build
    for win in made:
        win.wctx.runner.wait_idle(10)
        win.wctx.runner.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture(autouse=True)
def _no_modal_error_dialogs(monkeypatch):
    """An error dialog would block an offscreen test forever: record it and fail the test instead."""
    from landdesk.ui import tasks

    shown = []

    def record(parent, exc, lang):
        shown.append(exc)

    monkeypatch.setattr(tasks, "show_error", record)
    yield shown
    assert not shown, f"error dialogs were shown: {shown!r}"

