"""Backups in the window (no view of their own): File → Sao lưu ngay…, Khôi phục…, Sao lưu tự động…;
the status bar's backup button calls `backup_now`. The automatic backups run from ui/backup_schedule.py.

Every call goes to the same services as `landdesk backup` / `landdesk restore` through the window's Op.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from landdesk.domain.changes import Change
from landdesk.domain.codes import UserRole
from landdesk.services import backup, backup_auto
from landdesk.ui import settings as user_settings
from landdesk.ui.dialogs.backup import AutoBackupDialog, BackupDialog
from landdesk.ui.tasks import Op

LAST_FOLDER = "backup/last_folder"  # per-user: the folder (USB stick) this officer backed up to last
# Every kind of data a restore replaces: each view reloads what it shows.
ALL_CHANGES = frozenset(Change)


def tr(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


class Notice:
    """Information boxes behind one seam (tests patch `show`)."""

    @classmethod
    def show(cls, parent, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


def _settings(wctx):
    return wctx.settings


def backup_now(window) -> None:
    """Choose the folder or USB stick, then back up with progress and Cancel; the result in the status bar."""
    wctx = window.wctx

    def chosen(overview: backup_auto.BackupOverview) -> None:
        s = _settings(wctx)
        last = user_settings.value(s, LAST_FOLDER)
        admin = wctx.ws.actor.role == UserRole.ADMIN
        target = BackupDialog.ask(window, overview, wctx.lang, workspace=wctx.ws.root, last_folder=last,
                                  open_settings=(lambda: auto_settings(window)) if admin else None)
        if not target:
            return
        if Path(target) != overview.default_target:
            user_settings.set_value(s, LAST_FOLDER, target)
        Op(wctx, lambda ctx, job: backup.create_backup(ctx, Path(target), progress=job.progress, cancel=job.cancel),
           parent=window, kind="read", lane="bulk").with_progress(tr("Đang sao lưu…")) \
            .success(lambda r: record(window, r)).run()

    Op(wctx, backup_auto.backup_overview, parent=window, kind="read").success(chosen).run()


def record(window, result: backup.BackupResult, *, quiet: bool = False) -> None:
    """Remember the backup (the status bar and the reminder read it); show a new backup key once."""
    wctx = window.wctx
    c = result.counts

    def recorded(_none) -> None:
        text = tr("Đã sao lưu và kiểm tra: %1 hồ sơ; bản quét: %2 tệp mới, %3 tệp đã có. %4") \
            .replace("%1", str(c.get("dossiers", 0))).replace("%2", str(result.media_copied)) \
            .replace("%3", str(result.media_skipped)).replace("%4", str(result.folder))
        wctx.hub.status_message.emit(text)
        if result.new_key:
            from landdesk.ui.dialogs.setup import BackupKeyDialog

            BackupKeyDialog.ask(window, result.new_key)  # an older workspace's first backup: its key, once
        elif not quiet:
            Notice.show(window, tr("Sao lưu"), text)

    Op(wctx, lambda ctx: backup.record_backup(ctx, result), parent=window).success(recorded).run()


def auto_settings(window) -> None:
    wctx = window.wctx

    def chosen(overview: backup_auto.BackupOverview) -> None:
        new = AutoBackupDialog.ask(window, overview, wctx.lang, workspace=wctx.ws.root)
        if new is not None:
            Op(wctx, lambda ctx: backup_auto.set_backup_settings(ctx, new), parent=window).success(
                lambda _s: wctx.hub.status_message.emit(tr("Đã lưu cài đặt sao lưu tự động."))).run()

    Op(wctx, backup_auto.backup_overview, parent=window, kind="read").success(chosen).run()


def restore_now(window) -> None:
    from landdesk.ui.restore_swap import restore_workspace

    restore_workspace(window)


def actions(window) -> list[tuple[str, QAction]]:
    out = []
    now = QAction(tr("Sao lưu ngay…"), window)
    now.setObjectName("actionBackup")
    now.setStatusTip(tr("Sao lưu toàn bộ không gian làm việc ra USB hoặc một thư mục"))
    now.triggered.connect(lambda: backup_now(window))
    out.append(("file", now))
    if window.wctx.ws.actor.role == UserRole.ADMIN:  # the services check the right again
        rest = QAction(tr("Khôi phục từ bản sao lưu…"), window)
        rest.setObjectName("actionRestore")
        rest.triggered.connect(lambda: restore_now(window))
        auto = QAction(tr("Sao lưu tự động…"), window)
        auto.setObjectName("actionAutoBackup")
        auto.triggered.connect(lambda: auto_settings(window))
        out += [("file", rest), ("file", auto)]
    return out
