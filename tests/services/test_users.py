"""Accounts and roles: add, disable, reset a password, change a role — administrators only, checked in
the service, and never leaving the workspace without an active administrator."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from landdesk.cli.main import main
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.services import login, users
from landdesk.storage.base import utcnow
from landdesk.storage.desk_models import AuditEntry
from landdesk.workspace import Workspace


def _audit(ws, action: str) -> list:
    return ws.read(lambda ctx: [json.loads(c) for c in ctx.session.execute(
        select(AuditEntry.changes).where(AuditEntry.entity == "user", AuditEntry.action == action)
        .order_by(AuditEntry.seq)).scalars()])


def test_change_role_audited(ws):
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "Dat-Dai-2025!x", UserRole.OFFICER, "Lê Văn Cán"))
    info = ws.transact(lambda ctx: users.set_role(ctx, "canbo", UserRole.SUPERVISOR))
    assert info.role == UserRole.SUPERVISOR
    assert {u.username: u.role for u in ws.read(users.list_users)}["canbo"] == UserRole.SUPERVISOR
    rows = _audit(ws, "update")
    assert rows[-1] == [{"field": "role", "old": "officer", "new": "supervisor"}]
    # the same role again: nothing written
    ws.transact(lambda ctx: users.set_role(ctx, "canbo", UserRole.SUPERVISOR))
    assert len(_audit(ws, "update")) == len(rows)


def test_the_last_active_admin_stays(ws):
    with pytest.raises(LandDeskError, match="quản trị viên duy nhất"):
        ws.transact(lambda ctx: users.set_role(ctx, "admin", UserRole.OFFICER))
    with pytest.raises(LandDeskError, match="quản trị viên duy nhất"):
        ws.transact(lambda ctx: users.set_active(ctx, "admin", False))
    # with a second administrator, the first may step down; a disabled admin does not count
    ws.transact(lambda ctx: users.add_user(ctx, "admin2", "Quan-Tri-2025!x", UserRole.ADMIN))
    ws.transact(lambda ctx: users.set_active(ctx, "admin2", False))
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: users.set_role(ctx, "admin", UserRole.VIEWER))
    ws.transact(lambda ctx: users.set_active(ctx, "admin2", True))
    ws.transact(lambda ctx: users.set_role(ctx, "admin", UserRole.VIEWER))
    assert {u.username: u.role for u in ws.read(users.list_users)}["admin"] == UserRole.VIEWER
    with pytest.raises(LandDeskError):  # admin2 is now the only one
        ws.transact(lambda ctx: users.set_active(ctx, "admin2", False))


def test_only_administrators_manage_accounts(ws, ws_path):
    ws.transact(lambda ctx: users.add_user(ctx, "giamsat", "Giam-Sat-2025!x", UserRole.SUPERVISOR))
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "Dat-Dai-2025!x", UserRole.OFFICER))
    with Workspace.open(ws_path, user="giamsat") as sup:
        for call in (lambda ctx: users.set_role(ctx, "canbo", UserRole.ADMIN),
                     lambda ctx: users.set_role(ctx, "giamsat", UserRole.ADMIN),
                     lambda ctx: users.set_active(ctx, "canbo", False),
                     lambda ctx: users.set_password(ctx, "canbo", "Mat-Khau-Moi-9"),
                     lambda ctx: users.add_user(ctx, "x", "Mat-Khau-Moi-9", UserRole.OFFICER)):
            with pytest.raises(PermissionDenied):
                sup.transact(call)
        sup.transact(lambda ctx: users.set_password(ctx, "giamsat", "Mat-Khau-Moi-9"))  # one's own: allowed
    assert {u.username: u.role for u in ws.read(users.list_users)}["canbo"] == UserRole.OFFICER


def test_bad_input_is_one_clear_line(ws):
    for call, text in ((lambda ctx: users.set_role(ctx, "khong-co", UserRole.OFFICER), "Không có người dùng"),
                       (lambda ctx: users.set_password(ctx, "admin", "ngan"), "ít nhất 10 ký tự"),
                       (lambda ctx: users.set_password(ctx, "admin", "password2024!"), "phổ biến"),
                       (lambda ctx: users.add_user(ctx, "co dau cach", "Dat-Dai-2025!x", UserRole.OFFICER),
                        "không có dấu cách"),
                       (lambda ctx: users.add_user(ctx, "admin", "Dat-Dai-2025!x", UserRole.OFFICER), "đã tồn tại")):
        with pytest.raises(LandDeskError, match=text):
            ws.transact(call)


def test_a_locked_account_shows_and_a_new_password_unlocks_it(ws):
    ws.transact(lambda ctx: users.add_user(ctx, "canbo", "Dat-Dai-2025!x", UserRole.OFFICER))
    start = utcnow() - timedelta(minutes=10)
    for i in range(login.LOCK_AFTER):
        ws.transact(lambda ctx, i=i: login.login(ctx, "canbo", "sai-mat-khau", via="cli",
                                                 now=start + timedelta(minutes=i)))
    # locked from the last failure (a few minutes ago) for 15 minutes
    assert {u.username: u.locked for u in ws.read(users.list_users)} == {"admin": False, "canbo": True}
    ws.transact(lambda ctx: users.set_password(ctx, "canbo", "Mat-Khau-Moi-9"))
    assert not {u.username: u.locked for u in ws.read(users.list_users)}["canbo"]


def test_role_on_the_command_line(ws_path, capsys):
    assert main(["--workspace", str(ws_path), "users", "add", "canbo1", "--role", "officer",
                 "--password", "canbo-pass-1"]) == 0
    assert main(["--workspace", str(ws_path), "users", "role", "canbo1", "supervisor"]) == 0
    assert "canbo1: Giám sát." in capsys.readouterr().out
    with Workspace.open(ws_path) as w:
        assert {u.username: u.role for u in w.read(users.list_users)}["canbo1"] == UserRole.SUPERVISOR
    assert main(["--workspace", str(ws_path), "users", "role", "admin", "viewer"]) == 2
    assert "quản trị viên duy nhất" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--workspace", str(ws_path), "users", "role", "canbo1", "chief"])
    assert exc.value.code == 2
