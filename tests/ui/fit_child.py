"""The window as app.run() shows it, on an offscreen screen given by the environment (tests/ui/test_fit.py):
prints one JSON line of what fits and what does not. python fit_child.py WORKSPACE"""

import json
import sys

from PySide6.QtWidgets import QApplication

from landdesk.ui import screen_fit
from landdesk.ui.app import _settle, build_window, ensure_app
from landdesk.workspace import Workspace

ws = Workspace.open(sys.argv[1])
app = ensure_app()
win = build_window(ws, settings=None)
win.show_first()
_settle(app, win)
area, frame = screen_fit.available(win), win.frameGeometry()
out = {"maximized": win.isMaximized(), "inside": area.contains(frame) or frame.size().width() <= area.width() + 2
       and frame.size().height() <= area.height() + 2, "sidebar": win.sidebar.isVisible()}
records = win.show_view("records")
_settle(app, win)
out["records_first_column"] = records.table.columnViewportPosition(0) >= 0
editor = win.show_view("form")
editor.new_dossier()
_settle(app, win)
form = editor.form
out["form_scrolls_sideways"] = form.horizontalScrollBar().maximum() > 0
panel = editor.panel
out["panel_width"] = panel.width() if panel is not None else 0
out["toolbar_cut"] = [b.objectName() for b in panel.findChildren(type(panel.buttons["add"]))
                      if b.isVisible() and not panel.rect().contains(b.geometry())] if panel is not None else []
print(json.dumps(out), flush=True)
win.wctx.runner.shutdown()
ws.close()
QApplication.processEvents()
