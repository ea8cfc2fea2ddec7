"""Automatic backups while the window is open (services.backup_auto): once a day in the background, and
when LandDesk is closed after a session that changed something (with progress and Cancel). Installed by
the interactive start (ui/app.py run()); a failure is a status-bar line, never a box that stops work."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from landdesk.services import backup_auto
from landdesk.ui import tasks
from landdesk.ui.tasks import Op
from landdesk.ui.views.backups import record

log = logging.getLogger("landdesk.ui")
CHECK_MS = 30 * 60_000  # how often the window asks whether the day's backup is due
FIRST_MS = 3 * 60_000  # the first ask, once the start's own work is done


def tr(text: str) -> str:
    return QCoreApplication.translate("AutoBackup", text)


class AutoBackup(QObject):
    def __init__(self, window, *, first_ms: int = FIRST_MS, every_ms: int = CHECK_MS):
        super().__init__(window)
        self.window = window
        self.wctx = window.wctx
        self.changed = False  # this session wrote something a backup would hold
        self.running = False
        self.wctx.hub.changes_applied.connect(self._changes)
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.first = QTimer(self)  # (a timer of its own: stopped with the rest when LandDesk closes)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.tick)
        self.first.start(first_ms)
        self.stopped = False

    def _changes(self, changes, _initiator) -> None:
        if set(changes) - {"settings"}:  # recording a backup touches only the settings
            self.changed = True

    def _busy(self) -> bool:
        return self.stopped or self.running or bool(self.wctx.extras.get("restoring"))

    def tick(self) -> None:
        """The daily backup, in the background (the bulk reader: saves never wait behind it)."""
        if self._busy():
            return

        def due(yes: bool) -> None:
            if yes and not self._busy():
                self._run(quiet=True)

        Op(self.wctx, backup_auto.auto_backup_due, parent=self.window, kind="read", lane="bulk") \
            .success(due).failure(lambda exc: log.warning("automatic backup check: %s", exc)).run()

    def _run(self, *, quiet: bool, progress: bool = False) -> Op:
        self.running = True
        self.changed = False
        self.wctx.hub.status_message.emit(tr("Đang sao lưu tự động…"))

        def done(out: backup_auto.AutoBackupResult) -> None:
            self.running = False
            record(self.window, out.result, quiet=quiet)

        def failed(exc) -> None:
            self.running = False
            self.changed = True  # try again on exit
            self.wctx.hub.status_message.emit(tr("Sao lưu tự động không thành công: %1")
                                              .replace("%1", tasks.error_text(exc, self.wctx.lang)))

        op = Op(self.wctx, lambda ctx, job: backup_auto.run_auto_backup(ctx, progress=job.progress, cancel=job.cancel),
                parent=self.window, kind="read", lane="bulk").success(done).failure(failed)
        if progress:
            op.with_progress(tr("Đang sao lưu tự động trước khi thoát…"))
        return op.run()

    def on_exit(self) -> None:
        """After the main loop: back up what this session changed, if automatic backups are on."""
        self.stopped = True
        self.timer.stop()
        self.first.stop()
        if self.running:
            self.wctx.runner.wait_idle(3600)  # the day's backup, still running, holds the session's work
            return
        if not self.changed or self.wctx.extras.get("restoring"):
            return
        try:
            wanted = self.wctx.ws.read(backup_auto.backup_settings).auto
        except Exception:
            log.exception("automatic backup settings")
            return
        if wanted:
            self._run(quiet=True, progress=True)
            self.wctx.runner.wait_idle(3600)
