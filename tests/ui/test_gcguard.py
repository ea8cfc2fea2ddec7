"""The app's cyclic garbage is collected on the GUI thread only (landdesk/ui/gcguard.py): a worker that
allocates a great deal (as a Form 01 export does) no longer triggers collections that free Qt objects
from the wrong thread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import gc, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from landdesk.ui import app

qapp = app.ensure_app()  # as the app starts: the collector comes with the application
threads = []
gc.callbacks.append(lambda phase, info: threads.append(threading.current_thread().name) if phase == "start" else None)


class Node:
    pass


def churn():  # cycles and plenty of allocations, as an export in a worker makes
    for i in range(300_000):
        n = Node()
        n.me = n
        n.cells = [str(i)] * 3


def cycle_with_widget():  # a Python cycle that holds the last reference to a Qt widget
    holder = Node()
    holder.me = holder
    holder.label = QLabel("x")


workers = [threading.Thread(target=churn, name="worker") for _ in range(2)]
for w in workers:
    w.start()
cycle_with_widget()


def quit_after_workers():  # then a few more ticks of the collector, and quit
    if not any(w.is_alive() for w in workers):
        waiter.stop()
        QTimer.singleShot(2500, qapp.quit)


waiter = QTimer()
waiter.timeout.connect(quit_after_workers)
waiter.start(50)
qapp.exec()
print("enabled", gc.isenabled(), "collections", len(threads), "off-gui", sum(t != "MainThread" for t in threads))
# Without the collector (a bare QApplication) this child counts some 800 collections, every one off-gui.
"""


def test_cycles_are_collected_on_the_gui_thread_only():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    words = done.stdout.split()
    figures = dict(zip(words[::2], words[1::2], strict=True))
    assert figures["enabled"] == "False"  # the automatic collector is off ...
    assert int(figures["collections"]) >= 1  # ... the timer collects instead ...
    assert figures["off-gui"] == "0"  # ... and never from a worker
