"""The one operation helper (Anki's CollectionOp/QueryOp): every UI action that touches the workspace
runs through `Op`, so threading, progress, cancel, error dialogs and the change broadcast live here.

    Op(wctx, lambda ctx: dossiers.save_dossier(ctx, d), parent=self) \
        .success(self._saved).failure(self._refused).run()

- `kind="write"` (default) runs `ws.transact_changes(fn)` on the single database worker thread and,
  on success, broadcasts `OpOutput.changes` once through `hub.changes_applied(changes, initiator)`;
  `kind="read"` runs `ws.read(fn)`; `kind="run"` runs `fn(ws)` — a use case that commits several
  units of work itself (an import that verifies before it writes, an export) — through `ws.run`, and
  broadcasts the changes of all of them; `kind="plain"` runs `fn(job)` with no workspace (creating one).
- `ws=`: the workspace the op works on, when it is not the window's (the province desk's view).
- `.with_progress(label)`: `fn` then receives a second argument `job` with `job.progress(done, total,
  label)` and `job.cancel` (a domain CancelToken); a QProgressDialog with Cancel is polled by a QTimer.
- Failures: `LandDeskError` is shown in the user's language in one dialog (or handed to the
  `.failure` callback); `Cancelled` is silent; anything else shows a generic message (details go to
  the log, never personal data to the screen).
- `lane="bulk"` (reads only): long reads that a newer request may make stale run on a second
  reader thread, so quick reads and writes never wait behind them.
- Only plain data crosses threads: the service returns dataclasses, never ORM objects.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from landdesk.domain.errors import Cancelled, LandDeskError, WorkspaceBusy
from landdesk.domain.progress import CancelToken

log = logging.getLogger("landdesk.ui")


@dataclass
class Job:
    """What a long service call reports through; read by the GUI thread's timer."""

    cancel: CancelToken = field(default_factory=CancelToken)
    done: int = 0
    total: int = 0
    label: str = ""
    waiting: bool = False  # another LandDesk holds the workspace's write lock: the op waits and retries

    def progress(self, done: int, total: int, label: str = "") -> None:
        self.done, self.total, self.label = done, total, label or self.label


class _Bridge(QObject):
    """Carries a finished future from the worker thread to the GUI thread (queued signal)."""

    finished = Signal(object, object)  # (Op, Future)


class TaskRunner(QObject):
    """One database worker thread for the whole window; ops queue behind each other."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landdesk-db")
        # Long reads that a newer request makes stale (the browser's full id list) run on their own
        # reader so typing never queues behind them; SQLite in WAL mode lets readers run alongside.
        self._bulk = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landdesk-db-bulk")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, op: Op, call: Callable[[], Any], lane: str = "db") -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        fut = (self._bulk if lane == "bulk" else self._pool).submit(call)
        fut.add_done_callback(lambda f: self._bridge.finished.emit(op, f))

    def _deliver(self, op: Op, fut: Future) -> None:
        self._pending -= 1
        try:
            op._finish(fut)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Process events until queued work is done and delivered (tests, shutdown)."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThread

        timer = QElapsedTimer()
        timer.start()
        while self._pending and timer.elapsed() < timeout * 1000:
            QCoreApplication.processEvents()
            QThread.msleep(2)
        return self._pending == 0

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
        self._bulk.shutdown(wait=True)


BUSY_WAIT_SECONDS = 300


def busy_note(lang: str) -> str:
    if lang == "vi":
        return "Một LandDesk khác đang ghi vào không gian làm việc này; đang chờ…"
    return "Another LandDesk is writing to this workspace; waiting…"


def error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, LandDeskError):
        return exc.message(lang)
    if lang == "vi":
        return "Đã xảy ra lỗi không mong muốn. Chi tiết đã được ghi vào nhật ký."
    return "An unexpected error occurred. Details were written to the log."


def show_error(parent: QWidget | None, exc: BaseException, lang: str) -> None:
    title = "LandDesk — lỗi" if lang == "vi" else "LandDesk — error"
    QMessageBox.warning(parent, title, error_text(exc, lang))


class Op:
    """A service call run on the database thread with success/failure callbacks."""

    def __init__(self, wctx, fn: Callable, *, parent: QWidget | None = None, kind: str = "write",
                 lane: str = "db", ws=None):
        if kind not in ("write", "read", "run", "plain") or lane not in ("db", "bulk") \
                or (lane == "bulk" and kind in ("write", "run")):
            raise ValueError((kind, lane))
        self.lane = lane
        self.wctx = wctx
        self.ws = ws
        self.fn = fn
        self.parent = parent
        self.kind = kind
        self.job = Job()
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self._initiator: object = None

    def success(self, cb: Callable[[Any], None]) -> Op:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op:
        self._on_failure = cb
        return self

    def with_progress(self, label: str) -> Op:
        self._progress_label = label
        return self

    def _call(self) -> Any:
        wants_job = _arity(self.fn) >= (1 if self.kind == "plain" else 2)
        if self.kind == "plain":
            return self.fn(self.job) if wants_job else self.fn()
        fn = (lambda ctx: self.fn(ctx, self.job)) if wants_job else self.fn
        ws = self.ws if self.ws is not None else self.wctx.ws
        if self.kind == "read":
            return ws.read(fn)
        if self.kind == "run":
            return ws.run(lambda: fn(ws))
        # Another LandDesk (the command line, a second window) is writing: each try waits for its lock
        # (the busy timeout), then the progress note says so and the op tries again until cancelled.
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        while True:
            try:
                return ws.transact_changes(fn)
            except WorkspaceBusy:
                if time.monotonic() > deadline:
                    raise
                self.job.waiting = True
                self.job.cancel.check()
                time.sleep(0.2)

    def run(self, initiator: object = None) -> Op:
        self._initiator = initiator if initiator is not None else self.parent
        if self._progress_label is not None:
            self._start_progress()
        elif self.kind == "write":  # a progress note only if the workspace turns out to be busy
            self._timer = QTimer()
            self._timer.setInterval(200)
            self._timer.timeout.connect(self._poll_busy)
            self._timer.start()
        self.wctx.runner.submit(self, self._call, self.lane)
        return self

    def _poll_busy(self) -> None:
        if self.job.waiting and self._dialog is None:
            self._timer.stop()
            self._progress_label = busy_note(self.wctx.lang)
            self._start_progress()
            self._dialog.setMinimumDuration(0)

    # ---- progress (GUI thread) ----------------------------------------------------------------

    def _start_progress(self) -> None:
        lang = self.wctx.lang
        dlg = QProgressDialog(self._progress_label, "Hủy" if lang == "vi" else "Cancel", 0, 0, self.parent)
        dlg.setWindowTitle("LandDesk")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(400)  # short work never flashes a dialog
        dlg.canceled.connect(self.job.cancel.cancel)
        self._dialog = dlg
        self._timer = QTimer(dlg)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        dlg, job = self._dialog, self.job
        if dlg is None:
            return
        if job.waiting:
            dlg.setLabelText(busy_note(self.wctx.lang))
            return
        if job.total > 0:
            dlg.setMaximum(job.total)
            dlg.setValue(min(job.done, job.total - 1) if job.done < job.total else job.total - 1)
        if job.label:
            dlg.setLabelText(job.label)

    def _stop_progress(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.job.cancel.cancel)
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

    # ---- delivery (GUI thread) ----------------------------------------------------------------

    def _finish(self, fut: Future) -> None:
        self._stop_progress()
        exc = fut.exception()
        writes = self.kind in ("write", "run")
        # The widget that asked may have been closed while the work ran (a dossier left, a dialog shut):
        # its callbacks would touch a deleted Qt object. A write's outcome is still told and broadcast.
        gone = self.parent is not None and not shiboken6.isValid(self.parent)
        if exc is not None:
            if isinstance(exc, Cancelled):
                return
            if not isinstance(exc, LandDeskError):
                log.error("operation failed", exc_info=exc)
            if gone:
                if writes:
                    show_error(None, exc, self.wctx.lang)
                return
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                show_error(self.parent, exc, self.wctx.lang)
            return
        result = fut.result()
        output = result.output if writes else result
        # The caller hears first (its save is done); then every view decides whether to refresh.
        if self._on_success is not None and not gone:
            self._on_success(output)
        if writes and result.changes:
            self.wctx.hub.changes_applied.emit(result.changes, self._initiator)


def _arity(fn: Callable) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty)
