"""A process that types Vietnamese names into the Form 01 editor, CHARS characters in all, then closes
the window and ends normally (tests/ui/test_exit.py): python typing_child.py WORKSPACE CHARS."""

import sys

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from landdesk.ui.app import build_window
from landdesk.workspace import Workspace

ws = Workspace.open(sys.argv[1])
win = build_window(ws, settings=None)
win.show()
win.wctx.hub.open_dossier.emit("", None)
field = win.page("form").holders[0].name
app = QApplication.instance()
typed, total = 0, int(sys.argv[2])
while typed < total:
    for ch in "Nguyễn Thị Hằng ":
        QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        typed += 1
    field.clear()
    if typed % 800 == 0:
        app.processEvents()
print("typed", typed, flush=True)
win.wctx.runner.wait_idle()
win.close()
win.wctx.runner.shutdown()
ws.close()
