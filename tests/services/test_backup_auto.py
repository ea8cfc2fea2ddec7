"""Automatic backups (kept to the last N, daily), the backup settings, and reading what a backup holds
without restoring it."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.services import backup, backup_auto, backup_catalog
from landdesk.services import users as user_service
from landdesk.services.backup_auto import BackupSettings
from landdesk.storage import settings as settings_store
from landdesk.workspace import Workspace


def _auto(ws) -> backup_auto.AutoBackupResult:
    out = ws.read(lambda ctx: backup_auto.run_auto_backup(ctx))
    ws.transact(lambda ctx: backup.record_backup(ctx, out.result))
    return out


def test_settings_default_change_and_audit(ws, tmp_path):
    assert ws.read(backup_auto.backup_settings) == BackupSettings(True, 7, "", 3)
    usb = tmp_path / "usb"
    new = ws.transact(lambda ctx: backup_auto.set_backup_settings(ctx, BackupSettings(True, 3, f" {usb} ", 5)))
    assert new == BackupSettings(True, 3, str(usb), 5) == ws.read(backup_auto.backup_settings)
    assert ws.read(backup_auto.auto_target) == usb
    from sqlalchemy import select

    from landdesk.storage.desk_models import AuditEntry
    rows = ws.read(lambda ctx: [json.loads(c) for c in ctx.session.execute(
        select(AuditEntry.changes).where(AuditEntry.entity == "setting", AuditEntry.entity_id == "backup")).scalars()])
    assert {c["field"] for c in rows[-1]} == {"backup_keep", "backup_auto_target", "backup_warn_days"}


@pytest.mark.parametrize("bad,text", [(BackupSettings(True, 0, "", 3), "giữ lại"),
                                      (BackupSettings(True, 400, "", 3), "giữ lại"),
                                      (BackupSettings(True, 7, "", 0), "nhắc"),
                                      (BackupSettings(True, 7, "INSIDE", 3), "bên trong")])
def test_bad_settings_are_refused_and_change_nothing(ws, ws_path, bad, text):
    if bad.target == "INSIDE":
        bad = BackupSettings(True, 7, str(ws_path / "media"), 3)
    with pytest.raises(LandDeskError, match=text):
        ws.transact(lambda ctx: backup_auto.set_backup_settings(ctx, bad))
    assert ws.read(backup_auto.backup_settings) == BackupSettings()


def test_only_administrators_change_the_settings(ws, ws_path):
    ws.transact(lambda ctx: user_service.add_user(ctx, "giamsat", "Giam-Sat-2025!x", UserRole.SUPERVISOR))
    with Workspace.open(ws_path, user="giamsat") as sup:
        with pytest.raises(PermissionDenied):
            sup.transact(lambda ctx: backup_auto.set_backup_settings(ctx, BackupSettings(False)))
        assert sup.read(backup_auto.backup_settings).auto  # reading them is for everyone


def test_due_daily_and_never_when_off(ws):
    assert ws.read(backup_auto.auto_backup_due)
    out = _auto(ws)
    assert out.result.trigger == "auto"
    now = datetime.now(UTC)
    assert not ws.read(lambda ctx: backup_auto.auto_backup_due(ctx, now + timedelta(hours=23)))
    assert ws.read(lambda ctx: backup_auto.auto_backup_due(ctx, now + timedelta(hours=25)))
    # a manual backup does not count as the day's automatic one
    manual = ws.read(lambda ctx: backup.create_backup(ctx))
    ws.transact(lambda ctx: backup.record_backup(ctx, manual))
    assert ws.read(lambda ctx: backup_auto.auto_backup_due(ctx, now + timedelta(hours=25)))
    ws.transact(lambda ctx: backup_auto.set_backup_settings(ctx, BackupSettings(auto=False)))
    assert not ws.read(lambda ctx: backup_auto.auto_backup_due(ctx, now + timedelta(days=30)))


def test_keeps_the_last_n_automatic_backups_only(ws, ws_path, tmp_path, monkeypatch):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 5, 1))
    target = tmp_path / "usb"
    ws.transact(lambda ctx: backup_auto.set_backup_settings(ctx, BackupSettings(True, 2, str(target), 3)))
    manual = ws.read(lambda ctx: backup.create_backup(ctx, target))  # an officer's own: never pruned
    # another workspace backing up into the same stick: its automatic backups are not ours to prune
    other_root = tmp_path / "other"
    shutil.copytree(ws_path, other_root)
    with Workspace.open(other_root) as other:
        other.transact(lambda ctx: settings_store.put(ctx.session, "workspace_id", "another-workspace"))
        foreign = other.read(lambda ctx: backup.create_backup(ctx, target, trigger="auto"))
    clock = iter(datetime(2026, 3, d, 9, 0, tzinfo=UTC) for d in range(1, 10))
    monkeypatch.setattr(backup, "_now", lambda: next(clock))
    made = [_auto(ws) for _ in range(4)]
    assert [len(m.removed) for m in made] == [0, 0, 1, 1]
    left = backup_catalog.list_backups(target)
    assert {b.folder for b in left} == {made[2].result.folder, made[3].result.folder, manual.folder, foreign.folder}
    assert [b.trigger for b in left if b.workspace_id != "another-workspace"].count("auto") == 2
    # what is left still restores (the shared sealed scans were kept)
    backup.verify_backup(made[3].result.folder, key=_key(ws_path))


def _key(root: Path) -> str:
    from landdesk.services.packages import keys

    return keys.backup_key(root / "keys")


def test_describe_a_backup_without_its_key(ws, tmp_path):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 12, 1))
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    s = backup_catalog.describe_backup(result.folder)
    assert (s.commune_code, s.commune_name, s.dossiers, s.users, s.encrypted, s.trigger, s.made_by) == \
        ("07210", "Phường Bắc Giang", 12, 1, True, "manual", "admin")
    assert s.app_version and s.created_at.startswith(result.created_at[:10]) and s.holders > 0
    assert backup_catalog.describe_backup(result.manifest) == s
    assert backup_catalog.list_backups(tmp_path / "usb") == [s]
    assert backup_catalog.list_backups(result.folder) == [s]


def test_bad_backup_folders_are_one_clear_line(tmp_path):
    with pytest.raises(LandDeskError, match="Không tìm thấy bản sao lưu hoàn chỉnh"):
        backup_catalog.describe_backup(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LandDeskError, match="bị hỏng"):
        backup_catalog.describe_backup(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "landdesk-backup", "version": 99, "files": []}))
    with pytest.raises(LandDeskError, match="mới hơn"):
        backup_catalog.describe_backup(tmp_path)
    # a half-written backup and a damaged one are simply not listed
    (tmp_path / "manifest.json").unlink()
    (tmp_path / ".landdesk-backup-07210-x.partial").mkdir()
    (tmp_path / "landdesk-backup-07210-y").mkdir()
    (tmp_path / "landdesk-backup-07210-y" / "manifest.json").write_text("[]")
    assert backup_catalog.list_backups(tmp_path) == []
    with pytest.raises(LandDeskError, match="Không đọc được thư mục"):
        backup_catalog.list_backups(tmp_path / "missing")
