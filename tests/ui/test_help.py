"""Issue 13 §17: F1 opens the offline manual at the page of the view in front; the shortcuts are listed from
the window's own actions; About says the version and where the data is stored."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from landdesk import __version__
from landdesk.domain.resources import resources_dir


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_manual_page_and_picture_is_there(lang):
    folder = resources_dir() / "help" / lang
    pages = {p.name for p in folder.glob("*.html")}
    assert {"index.html", "records.html", "form.html", "scans.html", "review.html", "dashboard.html",
            "province.html"} <= pages
    for page in pages:
        html = (folder / page).read_text(encoding="utf-8")
        for target in re.findall(r'href="([^"]+)"', html):
            assert target == "landdesk:shortcuts" or (folder / target).is_file(), (page, target)
        for picture in re.findall(r'src="([^"]+)"', html):
            assert (folder.parent / picture).is_file(), (page, picture)
    other = resources_dir() / "help" / ("en" if lang == "vi" else "vi")
    assert pages == {p.name for p in other.glob("*.html")}  # the same manual in both languages


def test_f1_opens_the_manual_at_the_page_of_the_view(qtbot, window):
    from landdesk.ui.dialogs.help import HelpWindow

    window.show_view("scans")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=30_000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    helpw = window.help_window
    assert isinstance(helpw, HelpWindow) and helpw.isVisible()
    assert helpw.page() == "scans.html" and "Toàn màn hình" in helpw.browser.toPlainText()
    helpw.show_page("index.html")
    assert "Mục lục" in helpw.browser.toPlainText()
    helpw.close()
    window.show_view("records")
    from landdesk.ui.dialogs.help import open_help

    open_help(window)
    assert window.help_window.page() == "records.html"
    window.help_window.close()


def test_shortcuts_are_read_from_the_window(qtbot, window):
    from landdesk.ui.dialogs.help import window_shortcuts

    rows = window_shortcuts(window)
    keys = {(keys, what) for _where, keys, what in rows}
    assert ("Ctrl+N", "Hồ sơ mới") in keys and ("F1", "Hướng dẫn sử dụng") in keys
    assert any(k == "F11" for k, _ in keys) and any(k.startswith("Ctrl+1") for k, _ in keys)


def test_about_shows_the_version_and_where_the_data_is(qtbot, window):
    from landdesk import applog
    from landdesk.ui.dialogs.help import AboutDialog

    dlg = AboutDialog(window)
    qtbot.addWidget(dlg)
    from PySide6.QtWidgets import QLabel

    text = " ".join(lbl.text() for lbl in dlg.findChildren(QLabel))
    assert __version__ in text and str(window.wctx.ws.root) in text and str(applog.log_dir()) in text
    assert set(dlg.places) >= {"workspace", "log"}
