"""What a killed writer leaves goes at the next start (services/recovery.py, backup_work.py,
storage/private.creating) — and what a writer still running in another process leaves stays.

A kill is staged here as the kill tests (tests/reliability) find it: the writer's files on disk and its
lock file free (the operating system drops a lock when its holder dies). A writer still running is a
lock held by this process through another open file (`filelock.exclusive`), which is what another
process's lock looks like to the code under test.
"""

from __future__ import annotations

import pytest

from landdesk.domain import filelock
from landdesk.domain.errors import WorkspaceError
from landdesk.services import backup
from landdesk.services.audit import CHECKPOINT
from landdesk.services.packages import export
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.storage import sync as sync_store
from landdesk.workspace import Workspace
from tests.conftest import ADMIN_PASSWORD


def _dead_lock(path):
    """A lock file whose holder has died (written, never held now)."""
    path.write_bytes(b"\0" * 16 + b"4242 2026-01-01 00:00:00")
    return path


def _held(path):
    return filelock.exclusive(path, "x", "x")


def test_a_killed_backups_snapshot_and_folder_go_at_the_next_start(ws_path):
    backups = ws_path / "backups"
    dead = [backups / ".snapshot-0123456789ab.db", backups / "..snapshot-0123456789ab.db.4242.123456789.part",
            backups / "..snapshot-0123456789ab.db.4242.123456789.part-journal",  # the plain database: personal data
            backups / ".snapshot-cafecafecafe.db"]  # killed after its temporary file got its name
    live = backups / "..snapshot-ba9876543210.db.4343.123456789.part"
    partial = backups / ".landdesk-backup-07210-20260101-101010.partial"
    (partial / "keys").mkdir(parents=True)
    (partial / "landdesk.db").write_bytes(b"sealed")
    _dead_lock(backups / ".landdesk-backup-07210-20260101-101010.lock")
    _dead_lock(backups / ".landdesk-backup-07210-20260101-111111.lock")  # killed before its folder was made
    for p in dead + [live]:
        p.write_bytes(b"SQLite format 3\0")
    _dead_lock(backups / ".snapshot-0123456789ab.lock")
    _dead_lock(backups / ".snapshot-cafecafecafe.lock")
    with _held(backups / ".snapshot-ba9876543210.lock"):  # a backup running in another process
        Workspace.open(ws_path).close()
        assert sorted(p.name for p in backups.iterdir()) == ["..snapshot-ba9876543210.db.4343.123456789.part",
                                                             ".snapshot-ba9876543210.lock"]
    Workspace.open(ws_path).close()
    assert list(backups.iterdir()) == []


def test_the_next_backup_into_a_folder_removes_killed_ones_only(ws, tmp_path):
    usb = tmp_path / "usb"
    killed, running = usb / ".landdesk-backup-07210-20260101-101010", usb / ".landdesk-backup-07210-20260101-121212"
    for stem in (killed, running):
        (usb / f"{stem.name}.partial").mkdir(parents=True)
    _dead_lock(usb / f"{killed.name}.lock")
    with _held(usb / f"{running.name}.lock"):
        result = ws.read(lambda ctx: backup.create_backup(ctx, usb))
        assert sorted(p.name for p in usb.iterdir()) == sorted(
            [result.folder.name, "media-encrypted", f"{running.name}.partial", f"{running.name}.lock"])


def test_a_killed_checkpoint_write_goes_at_the_next_start(ws_path):
    part = ws_path / f".{CHECKPOINT}.4242.123456789.part"
    part.write_bytes(b"{")
    Workspace.open(ws_path).close()
    assert not part.exists()


def test_a_killed_export_is_finished_at_the_next_start(ws_path, monkeypatch):
    """Recorded but killed before its rename: the next start gives the package its final name; a
    volume never recorded goes — unless an export is running (its lock held)."""
    with Workspace.open(ws_path) as ws:
        monkeypatch.setattr(VolumeWriter, "publish", lambda self: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):
            export.export_package(ws)
        monkeypatch.undo()
        (rec,) = ws.read(lambda ctx: sync_store.packages(ctx.session))
    outbox = ws_path / "outbox"
    stray = outbox / ".07210-000002-changes.001.4242-abcd.part"
    stray.write_bytes(b"PK")
    with _held(outbox / ".export.lock"):
        Workspace.open(ws_path).close()
        assert stray.exists() and not list(outbox.glob("*.ldpkg"))
    Workspace.open(ws_path).close()
    assert sorted(p.name for p in outbox.iterdir()) == [".export.lock", "07210-000001-changes.ldpkg"]
    assert '"07210-000001-changes.ldpkg"' in rec.files


def test_a_killed_creation_goes_at_the_next_creation_or_start(tmp_path):
    root = tmp_path / "ws"
    killed = tmp_path / ".ws.creating-0a0b0c0d"
    (killed / "media").mkdir(parents=True)
    (killed / "landdesk.db").write_bytes(b"")
    _dead_lock(tmp_path / ".ws.creating-0a0b0c0d.lock")
    running = tmp_path / ".ws.creating-01020304"
    running.mkdir()
    with _held(tmp_path / ".ws.creating-01020304.lock"):
        Workspace.create(root, "07210", password=ADMIN_PASSWORD).close()
        assert sorted(p.name for p in tmp_path.iterdir()) == [".ws.creating-01020304", ".ws.creating-01020304.lock",
                                                              "ws"]
    with pytest.raises(WorkspaceError):
        Workspace.create(root, "07210", password=ADMIN_PASSWORD)
    Workspace.open(root).close()  # once the other creation has died: its start cleans beside it too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]
