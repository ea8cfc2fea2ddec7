"""Backups: consistent, encrypted, incremental for scans, verified; restore refuses damaged backups and changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from landdesk.cli.main import main
from landdesk.demo import commune as demo
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.domain.serialize import comparable
from landdesk.services import backup
from landdesk.services import users as user_service
from landdesk.services.audit import verify_audit
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import browse
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import Workspace
from tests.conftest import ADMIN_PASSWORD


def _add_media(root: Path, seed: int) -> Path:
    """A real JPEG stored content-addressed, as the scan store does."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (seed * 40 % 256, 120, 200)).save(buf, "JPEG")
    data = buf.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    path = root / "media" / sha[:2] / sha[2:4] / f"{sha}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def filled(ws, ws_path):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 60, 4))
    ws.transact(lambda ctx: user_service.add_user(ctx, "canbo1", "matkhau-pass-1", UserRole.OFFICER, "Lê Văn Cán"))
    media = [_add_media(ws_path, i) for i in range(2)]
    return ws, media


def _key(ws_root: Path) -> str:
    from landdesk.services.packages import keys

    return keys.backup_key(Path(ws_root) / "keys")


def _dossiers(w: Workspace) -> list[dict]:
    return w.read(lambda ctx: [comparable(d) for d in store.load_dossiers(
        ctx.session, browse.ids(ctx.session, browse.Filters()))])


def _users(w: Workspace) -> list:
    return w.read(lambda ctx: user_service.list_users(ctx))


def test_backup_and_restore_round_trip(filled, tmp_path):
    ws, media = filled
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    ws.transact(lambda ctx: backup.record_backup(ctx, result))
    assert result.media_copied == 2 and result.counts["dossiers"] == 60
    manifest = json.loads(result.manifest.read_text())
    assert {m["sha256"] for m in manifest["media"]} == {p.stem for p in media}
    assert ws.read(backup.backup_age_days) < 0.01 and not ws.read(backup.backup_overdue)

    restored = backup.restore_backup(result.manifest, tmp_path / "new", password=ADMIN_PASSWORD, key=_key(ws.root))
    assert restored.counts["dossiers"] == 60 and restored.media == 2 and restored.audit_ok
    with Workspace.open(tmp_path / "new") as new:
        assert _dossiers(new) == _dossiers(ws)
        assert _users(new) == _users(ws)
        assert new.read(verify_audit).ok
        assert new.info.commune_code == "07210"
    for p in media:
        assert (tmp_path / "new" / p.relative_to(ws.root)).read_bytes() == p.read_bytes()
    assert _key(tmp_path / "new") == _key(ws.root)  # the restored workspace backs up under the same key


def test_scans_are_copied_incrementally_and_age_is_tracked(filled, tmp_path):
    ws, media = filled
    (ws.root / "media" / ".tmp").mkdir()
    (ws.root / "media" / ".tmp" / "abc.123.part").write_bytes(b"half a scan")  # an intake in progress
    first = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    assert len(json.loads(first.manifest.read_text())["media"]) == 2
    _add_media(ws.root, 7)
    second = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    assert (first.media_copied, second.media_copied, second.media_skipped) == (2, 1, 2)
    assert second.folder != first.folder and len(list((tmp_path / "usb" / "media-encrypted").rglob("*.jpg"))) == 3
    assert ws.read(backup.backup_overdue)  # never recorded yet
    ws.transact(lambda ctx: backup.record_backup(ctx, second))
    later = datetime.now(UTC) + timedelta(days=4)
    assert 3.9 < ws.read(lambda ctx: backup.backup_age_days(ctx, later)) < 4.1
    assert ws.read(lambda ctx: backup.backup_overdue(ctx, later))
    ws.transact(lambda ctx: settings_store.put(ctx.session, "backup_warn_days", 7))
    assert not ws.read(lambda ctx: backup.backup_overdue(ctx, later))


def _refused(source: Path, dest: Path, words: str, key: str | None = None) -> None:
    with pytest.raises(LandDeskError) as err:
        backup.restore_backup(source, dest, password=ADMIN_PASSWORD, key=key)
    assert words in err.value.message("en")
    assert not dest.exists()
    assert not list(dest.parent.glob(f".{dest.name}.restoring-*"))


def test_damaged_backups_are_refused(filled, tmp_path):
    ws, media = filled
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    db = result.folder / "landdesk.db"
    good = db.read_bytes()
    flipped = bytearray(good)
    flipped[len(flipped) // 2] ^= 0x01
    db.write_bytes(bytes(flipped))
    key = _key(ws.root)
    _refused(result.folder, tmp_path / "new", "landdesk.db does not match its SHA-256", key)
    db.write_bytes(good)
    scan = tmp_path / "usb" / "media-encrypted" / media[0].relative_to(ws.root / "media")
    sealed = scan.read_bytes()
    scan.unlink()
    _refused(result.manifest, tmp_path / "new", "is missing", key)
    flipped = bytearray(sealed)
    flipped[-5] ^= 0x01  # a sealed scan changed: found when decrypted, nothing restored
    scan.write_bytes(bytes(flipped))
    _refused(result.manifest, tmp_path / "new", "does not decrypt", key)
    scan.write_bytes(sealed)
    _refused(result.manifest, tmp_path / "new", "backup key is needed")
    _refused(result.manifest, tmp_path / "new", "does not match this backup", "AAAA-" * 7 + "AAAA")
    backup.restore_backup(result.folder, tmp_path / "new", password=ADMIN_PASSWORD, key=key)  # whole: restores


def test_an_interrupted_backup_never_looks_complete(filled, tmp_path):
    ws, _ = filled
    target = tmp_path / "usb"
    result = ws.read(lambda ctx: backup.create_backup(ctx, target))
    # what a killed backup leaves behind: the partial folder, files but no manifest
    partial = target / f".{result.folder.name}-x.partial"
    partial.mkdir()
    (partial / "landdesk.db").write_bytes((result.folder / "landdesk.db").read_bytes()[:4096])
    _refused(partial, tmp_path / "new", "No complete backup")
    ws.read(lambda ctx: backup.create_backup(ctx, target))
    assert partial.exists()  # it might belong to a backup still running elsewhere
    old = time.time() - 2 * backup.STALE_PARTIAL_SECONDS
    os.utime(partial, (old, old))
    ws.read(lambda ctx: backup.create_backup(ctx, target))
    assert not partial.exists()  # a day later: cleaned
    _refused(tmp_path / "nothing-here", tmp_path / "new", "No complete backup")
    (tmp_path / "x.json").write_text("{}")
    _refused(tmp_path / "x.json", tmp_path / "new", "Not a LandDesk backup")


def test_restore_over_a_workspace_needs_force_and_admin(filled, tmp_path):
    ws, _ = filled
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    other = tmp_path / "other"
    Workspace.create(other, "07210", password="admin-pass-2").close()
    with pytest.raises(LandDeskError, match="--force"):
        backup.restore_backup(result.folder, other, password=ADMIN_PASSWORD, key=_key(ws.root))
    with Workspace.open(other) as w:
        w.transact(lambda ctx: user_service.add_user(ctx, "xem", "matkhau-pass-2", UserRole.VIEWER, ""))
    with pytest.raises(PermissionDenied):  # not with the admin's password …
        backup.restore_backup(result.folder, other, user="xem", force=True, password="admin-pass-2", key=_key(ws.root))
    with pytest.raises(PermissionDenied):  # … nor with the viewer's own
        backup.restore_backup(result.folder, other, user="xem", force=True, password="matkhau-pass-2", key=_key(ws.root))
    # an officer of the backed-up workspace may not restore it into a fresh folder either
    with pytest.raises(PermissionDenied):
        backup.restore_backup(result.folder, tmp_path / "fresh", user="canbo1", password="matkhau-pass-1", key=_key(ws.root))
    assert not (tmp_path / "fresh").exists()
    with Workspace.open(other) as w:
        assert w.read(lambda ctx: browse.total(ctx.session)) == 0
    out = backup.restore_backup(result.folder, other, force=True, password="admin-pass-2", key=_key(ws.root))
    assert out.moved_aside and (out.moved_aside / "landdesk.db").is_file()
    with Workspace.open(other) as w:
        assert w.read(lambda ctx: browse.total(ctx.session)) == 60


def test_cli_backup_and_restore(filled, tmp_path, capsys, monkeypatch):
    ws, _ = filled
    root = str(ws.root)
    monkeypatch.setenv("LANDDESK_BACKUP_KEY", _key(ws.root).lower().replace("-", " "))  # typed loosely
    ws.close()
    assert main(["--workspace", root, "backup", "--to", str(tmp_path / "usb"), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert main(["--workspace", str(tmp_path / "new"), "restore", made["manifest"]]) == 0
    out = capsys.readouterr().out
    assert "60 hồ sơ" in out
    assert main(["--workspace", str(tmp_path / "new"), "restore", made["folder"]]) == 2
    assert "--force" in capsys.readouterr().err
    with Workspace.open(root) as w:
        assert w.read(lambda ctx: settings_store.get(ctx.session, "last_backup_path")) == made["folder"]


def test_backup_refuses_bad_targets_and_viewers(filled, tmp_path):
    ws, _ = filled
    with pytest.raises(LandDeskError, match="outside the workspace|bên trong"):
        ws.read(lambda ctx: backup.create_backup(ctx, ws.root / "media" / "x"))
    assert not (ws.root / "media" / "x").exists()
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(LandDeskError, match="Cannot create the backup folder|Không tạo được"):
        ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "a-file"))
    inside = ws.read(lambda ctx: backup.create_backup(ctx))  # the workspace's own backups folder is fine
    assert inside.folder.parent == ws.root / "backups"
    ws.transact(lambda ctx: user_service.add_user(ctx, "xem", "matkhau-pass-2", UserRole.VIEWER, ""))
    with Workspace.open(ws.root, user="xem") as viewer, pytest.raises(PermissionDenied):
        viewer.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    assert not (tmp_path / "usb").exists()


def test_backup_holds_no_plain_personal_data(filled, tmp_path):
    ws, media = filled
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    names = ws.read(lambda ctx: [h.name for d in store.load_dossiers(
        ctx.session, browse.ids(ctx.session, browse.Filters()))[:20] for h in d.holders])
    stored = b"".join(p.read_bytes() for p in (tmp_path / "usb").rglob("*") if p.is_file())
    assert b"SQLite format 3" not in stored and b"PRIVATE KEY" not in stored
    # (a JPEG's 3-byte magic turns up in a megabyte of ciphertext now and then: look for the scans' own bytes)
    assert not any(p.read_bytes()[:64] in stored for p in media)
    assert not any(n.encode("utf-8") in stored for n in names)
    assert not list(ws.root.joinpath("backups").glob(".snapshot-*"))  # the plain snapshot is gone
    assert json.loads(result.manifest.read_text())["encryption"]["scheme"] == "aes-256-gcm-chunked-v1"


def test_show_backup_key_is_for_admins_and_audited(filled, capsys, monkeypatch):
    ws, _ = filled
    root = str(ws.root)
    assert main(["--workspace", root, "backup", "--show-key"]) == 0
    assert capsys.readouterr().out.strip() == _key(ws.root)
    monkeypatch.setenv("LANDDESK_PASSWORD", "matkhau-pass-1")
    assert main(["--workspace", root, "--user", "canbo1", "backup", "--show-key"]) == 2
    capsys.readouterr()
    import sqlite3

    con = sqlite3.connect(ws.root / "landdesk.db")
    assert con.execute("SELECT count(*) FROM audit_log WHERE action='show_backup_key'").fetchone()[0] == 1
    con.close()


def _plain_v1_backup(ws: Workspace, target: Path) -> Path:
    """A backup as LandDesk 0.1 made them (plain files, keys in PEM, manifest version 1)."""
    from landdesk.services.packages import keys
    from landdesk.storage import backup as files

    folder = target / "landdesk-backup-07210-20250101-000000"
    (folder / "keys").mkdir(parents=True)
    files.backup_database(ws.root / "landdesk.db", folder / "landdesk.db")
    (folder / "landdesk-workspace.json").write_bytes((ws.root / "landdesk-workspace.json").read_bytes())
    (folder / "keys" / "signing.key").write_bytes(keys.read_secret(ws.root / "keys" / "signing.key"))
    entries = [{"path": p.relative_to(folder).as_posix(), "sha256": files.sha256_file(p), "size": p.stat().st_size}
               for p in sorted(folder.rglob("*")) if p.is_file()]
    media = []
    for p in sorted((ws.root / "media").rglob("*.jpg")):
        rel = p.relative_to(ws.root / "media").as_posix()
        dest = target / "media" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(p.read_bytes())
        media.append({"path": rel, "sha256": files.sha256_file(p), "size": p.stat().st_size})
    manifest = {"format": "landdesk-backup", "version": 1, "created_at": "2025-01-01T00:00:00+00:00",
                "workspace_id": "x", "kind": "commune", "commune_code": "07210", "database": "landdesk.db",
                "files": entries, "media_root": "../media", "media": media, "counts": {"dossiers": 60}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_an_older_plain_backup_still_restores_with_a_new_key(filled, tmp_path):
    ws, media = filled
    folder = _plain_v1_backup(ws, tmp_path / "old-usb")
    out = backup.restore_backup(folder, tmp_path / "new", password=ADMIN_PASSWORD)
    assert out.new_backup_key and out.new_backup_key == _key(tmp_path / "new") != _key(ws.root)
    assert (tmp_path / "new" / "keys" / "signing.key").read_bytes().startswith(b"LDVAULT1")
    with Workspace.open(tmp_path / "new") as new:
        assert _dossiers(new) == _dossiers(ws)


@pytest.mark.parametrize("bad", ["..\\evil.txt", "\\evil.txt", "C:evil.txt", "C:\\Users\\x\\Startup\\a.bat", "CON",
                                 "keys/nul.txt", "keys/a.key:stream", "keys/trailing.", "keys/trailing ",
                                 "/etc/passwd", "keys/../../x", "a\x00b", ""])
def test_restore_refuses_names_unsafe_on_windows_or_linux(ws, tmp_path, bad):
    folder = _plain_v1_backup(ws, tmp_path / "usb")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"].append({"path": bad, "sha256": "0" * 64, "size": 1})
    (folder / "manifest.json").write_text(json.dumps(manifest))
    _refused(folder, tmp_path / "new", "invalid path")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "x").exists()


def test_a_key_typed_with_vietnamese_letters_is_one_clear_line(filled, tmp_path):
    ws, _ = filled
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    for typed in ("ĐĐĐĐ-ĂĂĂĂ", "Đ" * 40):
        with pytest.raises(LandDeskError, match="không đúng dạng"):
            backup.verify_backup(result.folder, key=typed)
