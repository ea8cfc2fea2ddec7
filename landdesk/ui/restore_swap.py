"""Restoring over the workspace the window has open: the window lets go of it, services.restore rebuilds it
from the backup (verified first, the old folder kept aside), and the window opens it again — the
restored one, or the old one untouched when the restore was refused — and every view reloads.

Windows renames no folder with an open file in it, so the workspace is closed (and the window's views,
which read it while they paint, hidden) for the whole restore.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from landdesk.domain.errors import Cancelled, LandDeskError
from landdesk.services import restore as restore_service
from landdesk.ui import settings as user_settings
from landdesk.ui import tasks
from landdesk.ui.dialogs.common import Confirm
from landdesk.ui.dialogs.restore import RestoreChoice, RestoreDialog, _when
from landdesk.ui.tasks import Op
from landdesk.ui.views.backups import ALL_CHANGES, LAST_FOLDER, Notice

log = logging.getLogger("landdesk.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Restore", text)


def _places(window) -> list[tuple[str, str]]:
    ws = window.wctx.ws
    s = window.wctx.settings
    from landdesk.services import backup_auto

    overview = ws.read(backup_auto.backup_overview)
    places = [(tr("Thư mục sao lưu của không gian làm việc"), str(overview.default_target))]
    if overview.auto_target != overview.default_target:
        places.append((tr("Thư mục sao lưu tự động"), str(overview.auto_target)))
    last = user_settings.value(s, LAST_FOLDER)
    if last:
        places.append((tr("Lần sao lưu trước"), last))
    return places


def restore_workspace(window) -> None:
    """File → Khôi phục từ bản sao lưu… (administrators; the service checks the password and the right)."""
    wctx = window.wctx
    choice = RestoreDialog.ask(window, wctx, _places(window))
    if choice is None:
        return
    b = choice.summary
    if not Confirm.ask(window, tr("Khôi phục"), tr(
            "Thay toàn bộ dữ liệu của không gian làm việc này bằng bản sao lưu ngày %1 (%2 hồ sơ)? Dữ liệu hiện tại "
            "được giữ lại trong một thư mục bên cạnh.").replace("%1", _when(b.created_at)).replace("%2", str(b.dossiers))):
        return
    pages = [window.stack.widget(i) for i in range(window.stack.count())]
    if any(hasattr(p, "can_close") and not p.can_close() for p in pages):
        return  # unsaved work the officer chose to keep
    run_restore(window, choice)


def run_restore(window, choice: RestoreChoice) -> None:
    wctx = window.wctx
    wctx.runner.wait_idle(60)
    old = wctx.ws
    root, user = Path(old.root), old.actor.username
    central = window.centralWidget()
    central.setVisible(False)  # nothing paints rows from the database while it is away
    wctx.extras["restoring"] = True
    old.close()

    def work(job):
        from landdesk.workspace import Workspace

        result, error = None, None
        try:
            result = restore_service.restore_backup(choice.folder, root, user=user, password=choice.password,
                                                    key=choice.key, force=True, progress=job.progress,
                                                    cancel=job.cancel)
        except BaseException as exc:  # refused, cancelled or failed: the old workspace is still in place
            error = exc
        return result, error, Workspace.open(root, user=user)

    def done(out) -> None:
        result, error, ws = out
        wctx.ws = ws
        wctx.extras.pop("restoring", None)
        central.setVisible(True)
        info = ws.info
        window.setWindowTitle(f"LandDesk — {info.commune_name or info.commune_code}")
        editor = window.page("form") if "form" in window.view_ids() else None
        if editor is not None and hasattr(editor, "open_dossier"):
            editor.open_dossier(None, None)  # what it showed may not exist in the restored data
        wctx.hub.changes_applied.emit(ALL_CHANGES, None)
        if error is not None:
            if not isinstance(error, LandDeskError | Cancelled):
                log.error("restore failed", exc_info=error)
            if not isinstance(error, Cancelled):
                tasks.show_error(window, error, wctx.lang)
            return
        _report(window, result)

    def failed(exc) -> None:  # the workspace could not even be opened again
        wctx.extras.pop("restoring", None)
        central.setVisible(True)
        tasks.show_error(window, exc, wctx.lang)

    Op(wctx, work, parent=window, kind="plain").with_progress(tr("Đang kiểm tra và khôi phục…")) \
        .success(done).failure(failed).run()


def _report(window, result: restore_service.RestoreResult) -> None:
    c = result.counts
    text = tr("Đã kiểm tra và khôi phục bản sao lưu ngày %1: %2 hồ sơ, %3 người dùng, %4 tệp bản quét.") \
        .replace("%1", result.created_at).replace("%2", str(c.get("dossiers", 0))) \
        .replace("%3", str(c.get("users", 0))).replace("%4", str(result.media))
    if not result.audit_ok:
        text += "\n" + tr("CẢNH BÁO: chuỗi nhật ký thay đổi của bản sao lưu bị đứt.")
    if result.moved_aside:
        text += "\n" + tr("Dữ liệu trước khi khôi phục được giữ tại: %1").replace("%1", str(result.moved_aside))
    Notice.show(window, tr("Khôi phục"), text)
    if result.new_backup_key:
        from landdesk.ui.dialogs.setup import BackupKeyDialog

        BackupKeyDialog.ask(window, result.new_backup_key)
