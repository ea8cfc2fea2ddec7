"""Data at rest and the database engine (issue 15 items 8-10, 12; issue 14 items 9 and 11)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.workspace import Workspace, is_workspace
from tests.conftest import ADMIN_PASSWORD, COMMUNE

SYNTHETIC_ID = "024080001234"
SYNTHETIC_NAME = "Nguyễn Văn Thành"


def cli(*argv, env_extra=None, umask=None, timeout=120):
    env = {**os.environ, "LANDDESK_LANG": "vi", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "landdesk", *argv], capture_output=True, text=True, env=env,
                          timeout=timeout, stdin=subprocess.DEVNULL,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


# ---- item 9: no personal data in a failing statement's message ------------------------------------

def _failing_insert(engine) -> str:
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS probe (cccd TEXT PRIMARY KEY, name TEXT)"))
        conn.execute(text("INSERT INTO probe VALUES (:c, :n)"), {"c": SYNTHETIC_ID, "n": SYNTHETIC_NAME})
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO probe VALUES (:c, :n)"), {"c": SYNTHETIC_ID, "n": SYNTHETIC_NAME})
    except Exception as exc:  # the duplicate key: an IntegrityError naming the statement
        return str(exc) + "\n" + "".join(traceback.format_exception(exc))
    raise AssertionError("the statement did not fail")


def test_failing_statements_hide_their_parameters(ws, tmp_path, caplog):
    from landdesk.storage.province.schema import make_province_engine

    caplog.set_level("DEBUG")
    province = make_province_engine(tmp_path / "province.db")
    try:
        for engine in (ws.engine, province):
            text = _failing_insert(engine) + caplog.text
            assert "INSERT INTO probe" in text and "hidden" in text
            assert SYNTHETIC_ID not in text and SYNTHETIC_NAME not in text
    finally:
        province.dispose()


def test_failing_statement_on_the_command_line_prints_no_personal_data(ws_path):
    """A statement failing inside a real command (a unique index broken by hand) prints no values."""
    con = sqlite3.connect(ws_path / "landdesk.db")
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END")
    con.commit()
    con.close()
    p = cli("--workspace", str(ws_path), "users", "add", "nguyen.van.thanh", "--full-name", SYNTHETIC_NAME,
            "--password", f"pw-{SYNTHETIC_ID}")
    assert p.returncode != 0 and "refused" in p.stderr
    assert SYNTHETIC_ID not in p.stderr + p.stdout and SYNTHETIC_NAME not in p.stderr + p.stdout


# ---- issue 14 item 9: the database path is not URL-decoded -------------------------------------------

def test_a_folder_named_like_an_escape_opens_itself(tmp_path):
    root = tmp_path / "100%25" / "ws?x=1"
    Workspace.create(root, COMMUNE, password=ADMIN_PASSWORD).close()
    assert (root / "landdesk.db").is_file() and not (tmp_path / "100%").exists()
    with Workspace.open(root) as w:
        assert w.info.commune_code == COMMUNE


# ---- item 10: a second writer ----------------------------------------------------------------------

def test_second_writer_gets_one_clear_line(ws_path):
    holder = sqlite3.connect(ws_path / "landdesk.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another LandDesk in the middle of a long write
    try:
        for lang, words in (("vi", "Một LandDesk khác đang ghi"), ("en", "Another LandDesk is writing")):
            started = time.monotonic()
            p = cli("--lang", lang, "--workspace", str(ws_path), "users", "add", "canbo9", "--password",
                    "can-bo-chin-9", env_extra={"LANDDESK_BUSY_TIMEOUT": "1"})
            assert p.returncode == 2 and words in p.stderr and "Traceback" not in p.stderr
            assert len(p.stderr.strip().splitlines()) == 1 and time.monotonic() - started < 30
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli("--workspace", str(ws_path), "users", "add", "canbo9", "--password", "can-bo-chin-9").returncode == 0


# ---- item 8: owner-only files whatever the umask ---------------------------------------------------

@pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows relies on the profile folder's ACLs")
def test_workspace_files_are_owner_only_whatever_the_umask(tmp_path):
    root = tmp_path / "ws"
    assert cli("--workspace", str(root), "init", "--commune", COMMUNE, "--password", ADMIN_PASSWORD,
               umask=0).returncode == 0
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 180, 90)).save(tmp_path / "page.jpg")
    assert cli("--workspace", str(root), "demo", "--records", "2", umask=0).returncode == 0
    assert cli("--workspace", str(root), "scans", "add", str(tmp_path / "page.jpg"), "--dossier", "1",
               umask=0).returncode == 0
    assert cli("--workspace", str(root), "backup", umask=0).returncode == 0
    assert cli("--workspace", str(root), "backup", "--to", str(tmp_path / "usb"), umask=0).returncode == 0
    loose = [str(p) for base in (root, tmp_path / "usb") for p in [base, *base.rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []
    assert any((root / "media").rglob("*.*")) and any((root / "backups").iterdir())


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_an_older_world_readable_workspace_is_tightened_when_opened(ws_path):
    os.chmod(ws_path, 0o755)
    os.chmod(ws_path / "landdesk.db", 0o644)
    Workspace.open(ws_path).close()
    assert stat.S_IMODE(ws_path.stat().st_mode) == 0o700
    assert stat.S_IMODE((ws_path / "landdesk.db").stat().st_mode) == 0o600


# ---- item 8 / issue 14 item 11: the signing key encrypted at rest ------------------------------------

def test_signing_key_is_encrypted_at_rest(ws_path, tmp_path, monkeypatch):
    from landdesk.services.packages import crypto, keys

    raw = (ws_path / "keys" / keys.SIGNING_KEY).read_bytes()
    assert b"PRIVATE KEY" not in raw and raw.startswith(b"LDVAULT1")
    key = keys.signing_key(ws_path / "keys")
    # a key file left in plain PEM by an older LandDesk is encrypted the first time it is read
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / keys.SIGNING_KEY).write_bytes(crypto.private_pem(key))
    assert crypto.fingerprint(keys.signing_key(legacy).public_key()) == crypto.fingerprint(key.public_key())
    assert (legacy / keys.SIGNING_KEY).read_bytes().startswith(b"LDVAULT1")
    # the folder copied to another account (another account key): the key does not open, one clear line
    monkeypatch.setenv("LANDDESK_KEYSTORE", str(tmp_path / "other-account"))
    with pytest.raises(LandDeskError, match="tài khoản hoặc máy tính khác"):
        keys.signing_key(ws_path / "keys")


@pytest.mark.skipif(sys.platform != "win32", reason="DPAPI exists only on Windows")
def test_dpapi_round_trip():
    from landdesk.services import keyvault

    blob = keyvault.protect(b"secret key bytes")
    assert blob[len(keyvault.MAGIC)] == keyvault.DPAPI and b"secret" not in blob
    assert keyvault.unprotect(blob) == b"secret key bytes"


# ---- item 12: a kill during creation leaves nothing that every command refuses -------------------------

@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_creation_leaves_no_half_workspace(tmp_path):
    rng = random.Random(15)
    for i in range(3):
        root = tmp_path / f"ws{i}"
        env = {**os.environ, "LANDDESK_LANG": "vi"}
        p = subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(root), "init", "--commune",
                              COMMUNE, "--password", ADMIN_PASSWORD], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        # either a whole workspace or no folder at all; a second init then works
        assert is_workspace(root) or not root.exists()
        if not root.exists():
            Workspace.create(root, COMMUNE, password=ADMIN_PASSWORD).close()
        with Workspace.open_for_login(root) as w:
            w.login(None, ADMIN_PASSWORD, via="test")


def test_creation_failing_midway_leaves_nothing(tmp_path, monkeypatch):
    from landdesk.services.packages import keys

    def boom(_dir):
        raise OSError("disk unplugged")

    monkeypatch.setattr(keys, "signing_key", boom)
    root = tmp_path / "ws"
    with pytest.raises(OSError):
        Workspace.create(root, COMMUNE, password=ADMIN_PASSWORD)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    Workspace.create(root, COMMUNE, password=ADMIN_PASSWORD).close()
    assert is_workspace(root)


def test_province_desk_creation_is_renamed_at_the_end(tmp_path, monkeypatch):
    from landdesk.services.packages import keys
    from landdesk.workspace.province import ProvinceDesk

    def boom(_dir):
        raise OSError("killed")

    monkeypatch.setattr(keys, "encryption_key", boom)
    with pytest.raises(OSError):
        ProvinceDesk.create(tmp_path / "desk", "24", password=ADMIN_PASSWORD)
    assert not (tmp_path / "desk").exists()


def test_root_is_refused_as_a_file(tmp_path):
    Path(tmp_path / "afile").write_text("x")
    with pytest.raises(LandDeskError):
        Workspace.create(tmp_path / "afile", COMMUNE, password=ADMIN_PASSWORD)
