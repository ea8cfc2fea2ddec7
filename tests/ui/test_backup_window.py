"""Backups from the window: the status bar's button, "Sao lưu ngay…" to a chosen folder, the automatic
backups (daily and on exit), and "Khôi phục…" with its preview — all through the services the command
line uses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from landdesk.demo import commune as demo
from landdesk.domain.codes import UserRole
from landdesk.services import backup, backup_auto, dossiers, users
from landdesk.services.backup_auto import BackupSettings
from landdesk.storage.commune import browse
from landdesk.ui.dialogs.backup import AutoBackupDialog, BackupDialog
from landdesk.ui.dialogs.common import Confirm
from landdesk.ui.dialogs.restore import RestoreDialog
from landdesk.ui.views.backups import Notice
from landdesk.ui.widgets.filepick import FilePick
from tests.conftest import ADMIN_PASSWORD
from tests.factories import couple_dossier


def _idle(win):
    assert win.wctx.runner.wait_idle(60)


def _count(ws) -> int:
    return ws.read(lambda ctx: browse.total(ctx.session))


def _key(root) -> str:
    from landdesk.services.packages import keys

    return keys.backup_key(root / "keys")


@pytest.fixture
def notices(monkeypatch):
    shown = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    return shown


def test_status_bar_button_backs_up_to_a_chosen_folder(qtbot, ws, window, tmp_path, monkeypatch, notices):
    _idle(window)
    button = window.lbl_backup
    assert button.text() == "Chưa sao lưu" and "b71c1c" in button.styleSheet()  # never backed up: red
    usb = tmp_path / "usb"
    seen = {}

    def ask(cls, parent, overview, lang="vi", **kw):
        seen["overview"] = overview
        return str(usb)

    monkeypatch.setattr(BackupDialog, "ask", classmethod(ask))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _idle(window)
    _idle(window)
    assert seen["overview"].last_at is None and seen["overview"].overdue
    made = [p for p in usb.iterdir() if p.name.startswith("landdesk-backup-")]
    assert len(made) == 1 and (made[0] / "manifest.json").is_file()
    backup.verify_backup(made[0], key=_key(ws.root))
    assert ws.read(lambda ctx: backup_auto.backup_overview(ctx)).last_path == str(made[0])
    assert button.text().startswith("Sao lưu gần nhất:") and button.styleSheet() == ""
    assert notices and str(made[0]) in notices[-1]
    assert window.wctx.settings.value("backup/last_folder") == str(usb)


def test_backup_dialog_offers_the_usual_places_and_a_chosen_folder(qtbot, ws, tmp_path, monkeypatch):
    overview = ws.read(backup_auto.backup_overview)
    dlg = BackupDialog(None, overview, "vi", workspace=ws.root, last_folder=str(tmp_path / "last"))
    qtbot.addWidget(dlg)
    assert dlg.picker.path() == str(tmp_path / "last")
    assert dlg.picker.combo.findData(str(ws.root / "backups")) >= 0
    monkeypatch.setattr(FilePick, "folder", classmethod(lambda cls, parent, title, start="": str(tmp_path / "chosen")))
    qtbot.mouseClick(dlg.picker.browse, Qt.MouseButton.LeftButton)
    assert dlg.picker.path() == str(tmp_path / "chosen")
    assert "Còn trống" in dlg.picker.info.text()
    assert "Chưa sao lưu lần nào" in dlg.last.text()


def test_automatic_settings_from_the_window(qtbot, ws, window, tmp_path, monkeypatch):
    act = window.findChild(type(window.act_new), "actionAutoBackup")
    monkeypatch.setattr(AutoBackupDialog, "ask", classmethod(
        lambda cls, parent, overview, lang="vi", **kw: BackupSettings(True, 4, str(tmp_path / "auto"), 2)))
    act.trigger()
    _idle(window)
    _idle(window)
    assert ws.read(backup_auto.backup_settings) == BackupSettings(True, 4, str(tmp_path / "auto"), 2)
    dlg = AutoBackupDialog(None, ws.read(backup_auto.backup_overview), "vi", workspace=ws.root)
    qtbot.addWidget(dlg)
    assert (dlg.keep.value(), dlg.warn.value(), dlg.picker.path()) == (4, 2, str(tmp_path / "auto"))
    dlg.auto.setChecked(False)
    assert dlg.value() == BackupSettings(False, 4, str(tmp_path / "auto"), 2)


def test_officers_back_up_but_do_not_restore(qtbot, ws, make_window):
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "Dat-Dai-2025!x", UserRole.OFFICER))
    ws.actor = ws.read(lambda ctx: users.actor_for(ctx, "canbo"))
    win = make_window()
    names = {a.objectName() for a in win.findChildren(type(win.act_new))}
    assert "actionBackup" in names and not {"actionRestore", "actionAutoBackup"} & names


def test_daily_and_exit_backups(qtbot, ws, window, tmp_path):
    from landdesk.ui.backup_schedule import AutoBackup

    ws.transact(lambda ctx: backup_auto.set_backup_settings(ctx, BackupSettings(True, 2, str(tmp_path / "auto"), 3)))
    auto = AutoBackup(window, first_ms=10**7)
    auto.tick()  # none yet today: one is made in the background
    qtbot.waitUntil(lambda: not auto.running and window.wctx.runner.pending == 0, timeout=30000)
    _idle(window)
    assert len(list((tmp_path / "auto").glob("landdesk-backup-*"))) == 1
    auto.tick()  # not due again today
    _idle(window)
    assert len(list((tmp_path / "auto").glob("landdesk-backup-*"))) == 1
    auto.on_exit()  # nothing changed since: no backup on exit
    assert len(list((tmp_path / "auto").glob("landdesk-backup-*"))) == 1
    from landdesk.ui.tasks import Op

    auto2 = AutoBackup(window, first_ms=10**7)
    Op(window.wctx, lambda ctx: dossiers.save_dossier(ctx, couple_dossier()), parent=window).run()
    _idle(window)
    assert auto2.changed
    auto2.on_exit()
    made = sorted((tmp_path / "auto").glob("landdesk-backup-*"))
    assert len(made) == 2  # (names differ by the second they were made in, or a suffix)
    assert [backup.read_manifest(p).data["trigger"] for p in made] == ["auto", "auto"]


def test_restore_from_the_window(qtbot, ws, ws_path, window, tmp_path, monkeypatch, notices):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 12, 1))
    made = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(serial="CS 999999")))  # after the backup
    assert _count(ws) == 13
    records = window.show_view("records")
    records.reload()  # (written behind the window's back)
    qtbot.waitUntil(lambda: records.model.rowCount() == 13, timeout=30_000)

    dlg = RestoreDialog(window, window.wctx, [("usb", str(tmp_path / "usb"))])
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=30_000)
    preview = dlg.preview.text()
    assert "Phường Bắc Giang" in preview and "12 hồ sơ" in preview and "1 người dùng" in preview
    assert not dlg.go.isEnabled()
    dlg.key.setText(_key(ws_path).lower())  # typed in lower case: the key is read without case
    dlg.password.setText(ADMIN_PASSWORD)
    assert dlg.go.isEnabled()
    choice = dlg.choice()
    assert choice.folder == made.folder
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, wctx, places, start="": choice))
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    old_ws = window.wctx.ws
    window.findChild(type(window.act_new), "actionRestore").trigger()
    qtbot.waitUntil(lambda: window.wctx.ws is not old_ws, timeout=60000)
    _idle(window)
    new_ws = window.wctx.ws
    assert _count(new_ws) == 12  # the dossier saved after the backup is gone
    assert any(p.name.startswith("ws.before-restore-") for p in ws_path.parent.iterdir())
    assert notices and "12 hồ sơ" in notices[-1]
    qtbot.waitUntil(lambda: records.model.rowCount() == 12, timeout=30_000)  # every view reloaded
    assert window.centralWidget().isVisible()
    ws.engine = new_ws.engine  # the fixture closes the workspace the window ended with


def test_a_refused_restore_changes_nothing(qtbot, ws, ws_path, window, tmp_path, monkeypatch, _no_modal_error_dialogs):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 5, 1))
    made = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(serial="CS 999999")))
    from landdesk.services.backup_catalog import describe_backup
    from landdesk.ui.dialogs.restore import RestoreChoice

    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    for key, password, text in (("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", ADMIN_PASSWORD, "Khóa sao lưu không đúng"),
                                (_key(ws_path), "sai-mat-khau-1", "Sai tên đăng nhập hoặc mật khẩu"),
                                ("ĐĐĐĐ", ADMIN_PASSWORD, "không đúng dạng")):
        choice = RestoreChoice(made.folder, key, password, describe_backup(made.folder))
        monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, wctx, places, start="", c=choice: c))
        old_ws = window.wctx.ws
        window.findChild(type(window.act_new), "actionRestore").trigger()
        qtbot.waitUntil(lambda o=old_ws: window.wctx.ws is not o, timeout=60000)
        _idle(window)
        assert [e.message("vi") for e in _no_modal_error_dialogs][-1].startswith(text) or \
            text in _no_modal_error_dialogs[-1].message("vi")
        assert _count(window.wctx.ws) == 6  # nothing replaced
        assert not any(p.name.startswith("ws.before-restore-") for p in ws_path.parent.iterdir())
    _no_modal_error_dialogs.clear()
    ws.engine = window.wctx.ws.engine
