"""The dialogs of the officer's whole day (issue 13 §1–7), each built on the open workspace's real data for
pictures (docs/screenshots) without clicking through the window:

    landdesk --workspace DIR gui --screenshot OUT.png --view dialog:backup [--lang en]

or, from Python, `build(window, name)` → the dialog (not shown; `show()` then `grab()`). Names: GALLERY.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog


def _target(win) -> QDialog:
    from landdesk.services import reports
    from landdesk.ui.dialogs.target import TargetDialog

    return TargetDialog(win, win.wctx.ws.read(reports.campaign_figures).target)


def _users(win) -> QDialog:
    from landdesk.ui.dialogs.users import UsersDialog

    return UsersDialog(win, win.wctx)


def _user_add(win) -> QDialog:
    from landdesk.ui.dialogs.users import NewUserDialog

    return NewUserDialog(win, win.wctx.lang)


def _user_password(win) -> QDialog:
    from landdesk.ui.dialogs.users import NewPasswordDialog

    return NewPasswordDialog(win, win.wctx.ws.actor.username)


def _user_role(win) -> QDialog:
    from landdesk.domain.codes import UserRole
    from landdesk.ui.dialogs.users import RoleDialog

    return RoleDialog(win, win.wctx.ws.actor.username, UserRole.OFFICER, win.wctx.lang)


def _overview(win):
    from landdesk.services import backup_auto

    return win.wctx.ws.read(backup_auto.backup_overview)


def _backup(win) -> QDialog:
    from landdesk.ui.dialogs.backup import BackupDialog

    return BackupDialog(win, _overview(win), win.wctx.lang, workspace=win.wctx.ws.root, open_settings=lambda: None)


def _backup_auto(win) -> QDialog:
    from landdesk.ui.dialogs.backup import AutoBackupDialog

    return AutoBackupDialog(win, _overview(win), win.wctx.lang, workspace=win.wctx.ws.root)


def _restore(win) -> QDialog:
    from landdesk.ui.dialogs.restore import RestoreDialog
    from landdesk.ui.restore_swap import _places

    return RestoreDialog(win, win.wctx, _places(win))


def _send(win) -> QDialog:
    from landdesk.services.packages import export, profile
    from landdesk.ui.dialogs.send_province import SendDialog

    ws = win.wctx.ws
    pf = ws.read(export.preflight)
    blocking = ws.read(lambda ctx: export.blocking_details(ctx, pf.blocking))
    return SendDialog(win, pf, blocking, ws.read(profile.current_profile), win.wctx.lang, workspace=ws.root)


def _export_done(win) -> QDialog:
    """The last package sent, as the dialog after an export shows it (or the next one, when none was)."""
    from landdesk.services.packages import export, receipts
    from landdesk.ui.dialogs.send_province import ExportDoneDialog

    ws = win.wctx.ws
    sent = ws.read(receipts.sent_packages)
    outbox = export.default_out_dir(ws.root)
    if sent:
        p = sent[-1]
        paths = [outbox / name for name in p.files]
        res = export.ExportResult(paths, "", p.seq, p.kind, p.dossiers, 0, 0, p.scans, True,
                                  sum(q.stat().st_size for q in paths if q.is_file()))
    else:
        pf = ws.read(export.preflight)
        code = ws.info.commune_code
        res = export.ExportResult([outbox / f"{code}-{pf.seq:06d}-changes.ldpkg"], "", pf.seq, "changes", pf.dossiers,
                                  pf.tombstones, 0, pf.scans, pf.encrypted, pf.predicted_bytes)
    return ExportDoneDialog(win, res, win.wctx.lang)


GALLERY: dict[str, Callable] = {
    "target": _target, "users": _users, "user-add": _user_add, "user-password": _user_password,
    "user-role": _user_role, "backup": _backup, "backup-auto": _backup_auto, "restore": _restore,
    "send": _send, "export-done": _export_done,
}


def build(window, name: str) -> QDialog:
    return GALLERY[name](window)


def render(window, name: str, out: Path | str, settle: Callable[[], None] | None = None) -> None:
    """Show the dialog, let its lists load, save its picture, close it."""
    dlg = build(window, name)
    dlg.show()
    for _ in range(3):
        if settle is not None:
            settle()
    dlg.grab().save(str(out))
    dlg.close()
