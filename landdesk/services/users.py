"""Local accounts, roles and the role checks every service makes (not only the menus)."""

from __future__ import annotations

from dataclasses import dataclass

from landdesk.domain.changes import Change
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.domain.ids import new_id
from landdesk.services import login, passwords
from landdesk.storage import audit, users
from landdesk.storage.desk_models import User
from landdesk.storage.uow import Actor, UnitOfWork

# What each role may do. Checked in services, so the CLI and the GUI cannot bypass it.
PERMISSIONS: dict[str, set[UserRole]] = {
    "read": {UserRole.ADMIN, UserRole.SUPERVISOR, UserRole.OFFICER, UserRole.VIEWER, UserRole.OPERATOR},
    "edit": {UserRole.ADMIN, UserRole.SUPERVISOR, UserRole.OFFICER},
    "delete": {UserRole.ADMIN, UserRole.SUPERVISOR},
    "supervise": {UserRole.ADMIN, UserRole.SUPERVISOR},  # bulk fixes, verification, packages
    "operate": {UserRole.ADMIN, UserRole.OPERATOR},  # the province desk: imports, conflicts, keys
    "admin": {UserRole.ADMIN},  # users, settings, restore; the province's targets
}

# The roles each kind of workspace has.
ROLES: dict[str, tuple[UserRole, ...]] = {
    "commune": (UserRole.ADMIN, UserRole.SUPERVISOR, UserRole.OFFICER, UserRole.VIEWER),
    "province": (UserRole.ADMIN, UserRole.OPERATOR, UserRole.VIEWER),
}

_ACTION_VI = {"read": "xem dữ liệu", "edit": "sửa hồ sơ", "delete": "xóa hồ sơ",
              "supervise": "thao tác của giám sát", "admin": "thao tác quản trị",
              "operate": "nhập gói, xử lý xung đột hay duyệt khóa"}
_ACTION_EN = {"operate": "import packages, resolve conflicts or approve keys"}


def require(ctx: UnitOfWork, permission: str) -> None:
    if not ctx.actor.username:  # a workspace opened for a login, before it succeeded
        raise PermissionDenied("Chưa đăng nhập.", "Not logged in.")
    if ctx.actor.role not in PERMISSIONS[permission]:
        raise PermissionDenied(
            f"Người dùng '{ctx.actor.username}' ({ctx.actor.role.label_vi}) không có quyền {_ACTION_VI[permission]}.",
            f"User '{ctx.actor.username}' ({ctx.actor.role.label_en}) may not {_ACTION_EN.get(permission, permission)}.",
        )


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: UserRole
    active: bool
    locked: bool = False  # too many wrong passwords: a new password (or enabling) unlocks it at once


def _info(u: User, locked: bool = False) -> UserInfo:
    return UserInfo(u.username, u.full_name, UserRole(u.role), u.active, locked)


def _user(ctx: UnitOfWork, username: str) -> User:
    u = users.by_username(ctx.session, username)
    if u is None:
        raise LandDeskError(f"Không có người dùng '{username}'.", f"No user '{username}'.")
    return u


def _keep_an_admin(ctx: UnitOfWork, u: User) -> None:
    """Refuse to take away the last active administrator (no one could manage users any more)."""
    others = [x for x in users.list_users(ctx.session)
              if x.id != u.id and x.active and x.role == UserRole.ADMIN.value]
    if u.active and u.role == UserRole.ADMIN.value and not others:
        raise LandDeskError("Đây là quản trị viên duy nhất đang hoạt động: hãy thêm một quản trị viên khác trước.",
                            "This is the only active administrator: add another administrator first.")


def _check_username(username: str) -> str:
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise LandDeskError("Tên đăng nhập không hợp lệ (không để trống, không có dấu cách).",
                            "Invalid user name (not empty, no spaces).")
    return username


def add_user(ctx: UnitOfWork, username: str, password: str, role: UserRole, full_name: str = "",
             *, first_admin: bool = False) -> UserInfo:
    """Create an account. `first_admin` is only honoured while the workspace has no user at all."""
    if not (first_admin and users.count(ctx.session) == 0):
        require(ctx, "admin")
    username = _check_username(username)
    role = UserRole(role)
    if role not in ROLES.get(ctx.kind, ROLES["commune"]):
        allowed = ", ".join(r.value for r in ROLES.get(ctx.kind, ROLES["commune"]))
        raise LandDeskError(f"Vai trò '{role.value}' không dùng ở đây (được: {allowed}).",
                            f"The role '{role.value}' is not one of this workspace's (allowed: {allowed}).")
    passwords.check_strength(password, username)
    if users.by_username(ctx.session, username):
        raise LandDeskError(f"Tên đăng nhập '{username}' đã tồn tại.", f"User '{username}' already exists.")
    u = User(id=new_id(), username=username, full_name=full_name.strip(), role=UserRole(role).value,
             password_hash=passwords.hash_password(password), active=True,
             created_by=ctx.actor.username, updated_by=ctx.actor.username)
    users.add(ctx.session, u)
    audit.append(ctx.session, user=ctx.actor.username, action="create", entity="user", entity_id=u.id,
                 changes=[{"field": "username", "old": None, "new": username},
                          {"field": "role", "old": None, "new": u.role}])
    ctx.touch(Change.USERS)
    return _info(u)


def set_password(ctx: UnitOfWork, username: str, password: str) -> None:
    if username != ctx.actor.username:
        require(ctx, "admin")
    u = _user(ctx, username)
    passwords.check_strength(password, username)
    u.password_hash = passwords.hash_password(password)
    u.updated_by = ctx.actor.username
    login.unlock(ctx, username)
    audit.append(ctx.session, user=ctx.actor.username, action="password", entity="user", entity_id=u.id)
    ctx.touch(Change.USERS)


def set_active(ctx: UnitOfWork, username: str, active: bool) -> None:
    require(ctx, "admin")
    u = _user(ctx, username)
    if not active:
        _keep_an_admin(ctx, u)
    audit.append(ctx.session, user=ctx.actor.username, action="update", entity="user", entity_id=u.id,
                 changes=[{"field": "active", "old": u.active, "new": active}])
    u.active = active
    if active:
        login.unlock(ctx, username)
    ctx.touch(Change.USERS)


def set_role(ctx: UnitOfWork, username: str, role: UserRole) -> UserInfo:
    """Give an account another role (administrators only; never the last active administrator's)."""
    require(ctx, "admin")
    u = _user(ctx, username)
    role = UserRole(role)
    if role.value == u.role:
        return _info(u)
    if role != UserRole.ADMIN:
        _keep_an_admin(ctx, u)
    audit.append(ctx.session, user=ctx.actor.username, action="update", entity="user", entity_id=u.id,
                 changes=[{"field": "role", "old": u.role, "new": role.value}])
    u.role = role.value
    u.updated_by = ctx.actor.username
    ctx.touch(Change.USERS)
    return _info(u)


def list_users(ctx: UnitOfWork) -> list[UserInfo]:
    require(ctx, "read")
    locked = login.locked_names(ctx)
    return [_info(u, login.throttle_key(u.username) in locked) for u in users.list_users(ctx.session)]


def actor_for(ctx: UnitOfWork, username: str | None) -> Actor:
    """The actor for trusted in-process callers (tests, tools, `Workspace.open`), without a password: the
    named user, or the first active admin. The front ends log in instead (`Workspace.login`)."""
    if username:
        u = users.by_username(ctx.session, username)
        if u is None or not u.active:
            raise PermissionDenied(f"Không có người dùng '{username}' đang hoạt động.",
                                   f"No active user '{username}'.")
        return Actor(u.username, UserRole(u.role), u.full_name)
    for u in users.list_users(ctx.session):
        if u.active and u.role == UserRole.ADMIN.value:
            return Actor(u.username, UserRole(u.role), u.full_name)
    raise PermissionDenied("Không gian làm việc chưa có quản trị viên.", "The workspace has no administrator.")
