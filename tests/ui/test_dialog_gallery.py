"""Every dialog of the day's work renders on a workspace's real data (docs/screenshots), and the command
line offers each by name."""

from __future__ import annotations

from landdesk.cli.cmd_gui import DIALOGS
from landdesk.cli.main import main
from landdesk.ui import dialog_gallery


def test_the_command_line_names_every_dialog():
    assert DIALOGS == list(dialog_gallery.GALLERY)


def test_each_dialog_renders(qtbot, window, tmp_path):
    window.wctx.runner.wait_idle(10)
    for name in dialog_gallery.GALLERY:
        out = tmp_path / f"{name}.png"
        dialog_gallery.render(window, name, out, lambda: window.wctx.runner.wait_idle(10))
        assert out.stat().st_size > 2000, name


def test_gui_screenshot_of_a_dialog(ws_path, tmp_path):
    out = tmp_path / "send.png"
    assert main(["--workspace", str(ws_path), "gui", "--screenshot", str(out), "--view", "dialog:send",
                 "--lang", "en"]) == 0
    from PySide6.QtGui import QImage

    img = QImage(str(out))
    assert img.width() >= 700 and img.height() > 200
