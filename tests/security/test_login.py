"""No way around the login (issue 15 items 1 and 7): every command that opens a workspace authenticates,
logins are throttled, locked out, audited, answered alike for unknown names, and hashed with argon2id."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest

from landdesk.cli.main import main
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError
from landdesk.services import login, passwords
from landdesk.services import users as user_service
from landdesk.services.login import LoginRefused
from tests.conftest import ADMIN_PASSWORD

OFFICER_PASSWORD = "can-bo-mot-1"


def run(*argv, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"LANDDESK_LANG": "vi", **(env_extra or {})})
    p = subprocess.run([sys.executable, "-m", "landdesk", *argv], capture_output=True, text=True, env=env,
                       timeout=120, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def audit_rows(ws_path, action=None):
    con = sqlite3.connect(ws_path / "landdesk.db")
    try:
        rows = con.execute("SELECT user, action, changes FROM audit_log ORDER BY seq").fetchall()
    finally:
        con.close()
    out = [(u, a, {c["field"]: c["new"] for c in json.loads(ch)}) for u, a, ch in rows]
    return [r for r in out if action is None or r[1] == action]


@pytest.fixture
def with_officer(ws):
    ws.transact(lambda ctx: user_service.add_user(ctx, "canbo1", OFFICER_PASSWORD, UserRole.OFFICER))
    return ws


# ---- item 1: the command line logs in ----------------------------------------------------------------

def test_no_password_is_refused_and_audited(ws_path):
    code, out, err = run("--workspace", str(ws_path), "users", "add", "hacker", "--role", "admin",
                         "--password", "hacker-pass-99", drop=("LANDDESK_PASSWORD",))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "LANDDESK_PASSWORD" in err
    assert not [r for r in audit_rows(ws_path) if r[1] == "create" and r[2].get("username") == "hacker"]
    failed = audit_rows(ws_path, "login_failed")
    assert failed[-1][0] == "admin" and failed[-1][2] == {"via": "cli", "result": "no password"}


def test_wrong_password_is_refused_and_audited(ws_path):
    for argv in (["users", "passwd", "admin", "--password", "taken-over-99"], ["backup"], ["search", "a"]):
        code, out, err = run("--workspace", str(ws_path), *argv, env_extra={"LANDDESK_PASSWORD": "not-the-one-1"})
        assert code == 2 and out == "" and err.strip() == "landdesk: Sai tên đăng nhập hoặc mật khẩu."
    assert len(audit_rows(ws_path, "login_failed")) == 3
    assert not list((ws_path / "backups").iterdir())  # the backup was not taken
    assert not audit_rows(ws_path, "password")


def test_user_option_needs_that_users_password(with_officer, capsys):
    ws_path = with_officer.root
    # the administrator's password does not make anyone an officer (no impersonation) …
    assert main(["--workspace", str(ws_path), "--user", "canbo1", "search", "a"]) == 2
    assert "Sai tên đăng nhập" in capsys.readouterr().err
    # … the officer's own password does, and the trail names the officer
    os.environ["LANDDESK_PASSWORD"] = OFFICER_PASSWORD
    try:
        assert main(["--workspace", str(ws_path), "--user", "canbo1", "search", "a"]) == 0
    finally:
        os.environ["LANDDESK_PASSWORD"] = ADMIN_PASSWORD
    ok = audit_rows(ws_path, "login")
    assert ok[-1][0] == "canbo1" and ok[-1][2] == {"via": "cli", "result": "ok"}


def test_commands_without_a_workspace_need_no_password(tmp_path):
    bogus = tmp_path / "x.ldpkg"
    bogus.write_bytes(b"not a package")
    for argv in (["--help"], ["--version"], ["package", "verify", str(bogus)]):
        code, out, err = run("--workspace", str(tmp_path / "none"), *argv, drop=("LANDDESK_PASSWORD",))
        assert "mật khẩu" not in (out + err).lower() and "LANDDESK_PASSWORD" not in err, argv
        assert code in (0, 2)
    assert run("--version", drop=("LANDDESK_PASSWORD",))[0] == 0


def test_screenshot_needs_the_login(ws_path, tmp_path):
    out = tmp_path / "shot.png"
    code, _, err = run("--workspace", str(ws_path), "gui", "--screenshot", str(out), drop=("LANDDESK_PASSWORD",))
    assert code == 2 and not out.exists() and "LANDDESK_PASSWORD" in err
    code, _, err = run("--workspace", str(ws_path), "gui", "--screenshot", str(out),
                       env_extra={"LANDDESK_PASSWORD": "wrong-password-1"})
    assert code == 2 and not out.exists()
    assert [r[2]["via"] for r in audit_rows(ws_path, "login_failed")] == ["screenshot", "screenshot"]


def test_new_password_is_not_taken_from_landdesk_password(ws_path, monkeypatch, capsys):
    """LANDDESK_PASSWORD authenticates the actor; the new user's password comes another way."""
    monkeypatch.setenv("LANDDESK_NEW_PASSWORD", "new-officer-pw-7")
    assert main(["--workspace", str(ws_path), "users", "add", "canbo2"]) == 0
    from landdesk.workspace import Workspace

    with Workspace.open_for_login(ws_path) as w:
        assert w.authenticate("canbo2", "new-officer-pw-7", via="test").username == "canbo2"
        with pytest.raises(LoginRefused):
            w.authenticate("canbo2", ADMIN_PASSWORD, via="test")
    monkeypatch.delenv("LANDDESK_NEW_PASSWORD")
    assert main(["--workspace", str(ws_path), "users", "add", "canbo3"]) == 2  # no tty, no new password
    assert "LANDDESK_NEW_PASSWORD" in capsys.readouterr().err


# ---- item 7: throttling, lockout, audit, no enumeration, argon2id ----------------------------------

def attempt(ws, name, password, now):
    return ws.transact(lambda ctx: login.login(ctx, name, password, via="test", now=now))


@pytest.mark.parametrize("name", ["admin", "nobody-here"])
def test_growing_delays_then_lockout_that_a_restart_keeps(ws_path, name):
    from landdesk.workspace import Workspace

    t0 = datetime(2026, 1, 5, 8, 0, 0)
    messages = []
    with Workspace.open_for_login(ws_path) as w:
        now = t0
        for i in range(1, 11):
            out = attempt(w, name, f"wrong-guess-{i}", now)
            assert out.actor is None
            messages.append(out.error.en)
            if i > login.FREE_FAILURES:  # during the delay even the right password is not checked
                early = attempt(w, name, ADMIN_PASSWORD, now + timedelta(seconds=0.5))
                assert early.actor is None and "try again in" in early.error.en
            now += timedelta(seconds=login.delay_after(i) + 1)
    # the first failures say only "wrong"; known and unknown names get the very same answers
    assert messages[:9] == ["Wrong user name or password."] * 9 and "locked" in messages[9]
    with Workspace.open_for_login(ws_path) as w:  # a new process: still locked
        out = attempt(w, name, ADMIN_PASSWORD, now + timedelta(minutes=5))
        assert out.actor is None and "locked" in out.error.en
        later = attempt(w, name, ADMIN_PASSWORD, now + timedelta(minutes=login.LOCK_MINUTES + 1))
        if name == "admin":
            assert later.actor is not None and later.actor.username == "admin"
            again = attempt(w, name, "wrong-again-1", now + timedelta(minutes=login.LOCK_MINUTES + 2))
            assert again.error.en == "Wrong user name or password."  # the success reset the count
        else:  # past the lockout, each further failure locks the name again
            assert later.actor is None and "locked" in later.error.en
    actions = [r[1] for r in audit_rows(ws_path) if r[1].startswith("login")]
    assert actions.count("login_failed") >= 10 and actions.count("login_locked") == (1 if name == "admin" else 2)


def test_cli_lockout_survives_restarts(ws_path):
    from landdesk.storage.base import utcnow
    from landdesk.workspace import Workspace

    with Workspace.open_for_login(ws_path) as w:  # ten failures, spaced by their delays, ending a minute ago
        at = utcnow() - timedelta(seconds=sum(login.delay_after(i) + 1 for i in range(1, 11)) + 60)
        for i in range(1, 11):
            attempt(w, "admin", f"guess-{i}-guess", at)
            at += timedelta(seconds=login.delay_after(i) + 1)
    code, _, err = run("--workspace", str(ws_path), "check")  # a new process, the right password
    assert code == 2 and "tạm khóa" in err and len(err.strip().splitlines()) == 1


def test_admin_reset_unlocks(ws):
    now = datetime(2026, 1, 5, 8, 0, 0)
    ws.transact(lambda ctx: user_service.add_user(ctx, "canbo1", OFFICER_PASSWORD, UserRole.OFFICER))
    for i in range(login.LOCK_AFTER):
        attempt(ws, "canbo1", f"nope-{i}-nope", now + timedelta(minutes=i))
    assert "locked" in attempt(ws, "canbo1", OFFICER_PASSWORD, now + timedelta(minutes=10)).error.en
    ws.transact(lambda ctx: user_service.set_password(ctx, "canbo1", "reset-by-admin-2"))
    assert attempt(ws, "canbo1", "reset-by-admin-2", now + timedelta(minutes=11)).actor is not None


def test_unknown_user_takes_as_long_as_a_wrong_password(ws):
    now = datetime(2026, 1, 5, 8, 0, 0)

    def timed(name: str, i: int) -> float:
        t = time.perf_counter()
        # a day apart: every attempt is a first failure, never throttled
        out = attempt(ws, name, "wrong-pass-xyz", now + timedelta(days=2 * i))
        assert out.error.en == "Wrong user name or password."
        return time.perf_counter() - t

    passwords.dummy_hash()  # made once per process
    known, unknown = [], []
    for i in range(5):  # interleaved: a busy machine slows both alike
        known.append(timed("admin", i))
        unknown.append(timed("ghost", i))
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"wrong password {statistics.median(known) * 1000:.0f} ms, unknown user "
          f"{statistics.median(unknown) * 1000:.0f} ms")
    assert 0.6 < ratio < 1.6 and statistics.median(unknown) > 0.02


def test_password_rules():
    for weak in ("short-1", "password1234", "qwertyuiop", "Qwertyuiop2024!", "aaaaaaaaaaaa", "1234567890",
                 "matkhau123456"):
        with pytest.raises(LandDeskError):
            passwords.check_strength(weak)
    with pytest.raises(LandDeskError):
        passwords.check_strength("nguyenvanan", "nguyenvanan")
    passwords.check_strength(ADMIN_PASSWORD, "admin")
    passwords.check_strength("Đồng-lúa-xanh-2026")


def test_argon2id_and_old_scrypt_hash_upgraded_at_login(ws):
    ws.transact(lambda ctx: user_service.add_user(ctx, "canbo1", OFFICER_PASSWORD, UserRole.OFFICER))
    salt = os.urandom(16)
    digest = hashlib.scrypt(OFFICER_PASSWORD.encode(), salt=salt, n=2**15, r=8, p=1, maxmem=64 * 1024 * 1024,
                            dklen=32)
    old = f"scrypt$32768$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    con = sqlite3.connect(ws.root / "landdesk.db")
    con.execute("UPDATE users SET password_hash=? WHERE username='canbo1'", (old,))
    con.commit()
    assert ws.authenticate("canbo1", OFFICER_PASSWORD, via="test").role == UserRole.OFFICER
    stored = con.execute("SELECT password_hash FROM users WHERE username='canbo1'").fetchone()[0]
    con.close()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert ws.authenticate("canbo1", OFFICER_PASSWORD, via="test").username == "canbo1"


def test_window_login_is_audited(qtbot, ws):
    from landdesk.ui.dialogs.setup import LoginDialog

    dlg = LoginDialog(None, ws, "admin")
    qtbot.addWidget(dlg)
    dlg.password.setText("wrong-password")
    dlg.try_login()
    dlg.password.setText(ADMIN_PASSWORD)
    dlg.try_login()
    assert dlg.actor is not None
    rows = [(r[1], r[2]["via"]) for r in audit_rows(ws.root) if r[1].startswith("login")]
    assert rows == [("login_failed", "window"), ("login", "window")]
