"""Python's cyclic garbage collector runs on the GUI thread only (the long-day crash, issue 13 §18).

CPython collects cycles in whichever thread happens to allocate past the threshold. In the app that is
often a worker of `ui/tasks.py` (a Form 01 export allocates hundreds of thousands of cells), and a cycle
it frees may hold the last reference to a Qt wrapper — a dialog, an `Op` and its widgets. Qt objects
must be destroyed on their own thread: freed from the worker, the process died with a segmentation
fault ("Garbage-collecting" under openpyxl's `Cell.__init__` in the crash log), about one day in 70.

So the automatic collector is switched off and a timer on the GUI thread does the same work by the
same thresholds, a generation at a time (the approach calibre has used for years). Reference counting
still frees everything that is not in a cycle at once; cycles wait at most one tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.collections = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (0, 1, 2):
            if counts[generation] <= self.threshold[generation]:
                break
            gc.collect(generation)
            self.collections += 1


def install(app: QObject) -> GuiThreadCollector:
    """Once per process, for the app's lifetime (the collector is the application's child)."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
