"""The login: one function behind the window's login dialog and every command-line command.

- Every checked attempt is written to the audit trail ("login" / "login_failed", with the front end).
- Consecutive failures under one typed name are kept in the database (`login_attempts`), so that
  closing and starting LandDesk again changes nothing: after the first two, each next attempt must
  wait 2, 4, 8 … 60 s (refused unchecked, with the time left, until then); after ten, the name is
  locked for 15 minutes, and each further failure locks it again until a login succeeds or an
  administrator sets the password or enables the account.
- Unknown names are throttled and answered exactly like real ones: the password is checked against a
  dummy hash, so neither the answer nor its time tells whether an account exists.
- An attempt refused by the throttle checks nothing and is not written to the trail one by one (a
  script hammering the door would fill it); the start of a lockout is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from landdesk.domain.codes import UserRole
from landdesk.domain.errors import PermissionDenied
from landdesk.services import passwords
from landdesk.storage import audit, users
from landdesk.storage.base import utcnow
from landdesk.storage.uow import Actor, UnitOfWork

FREE_FAILURES = 2
MAX_DELAY_S = 60
LOCK_AFTER = 10
LOCK_MINUTES = 15
FORGET_AFTER = timedelta(days=1)


class LoginRefused(PermissionDenied):
    """Wrong or missing password, unknown or disabled user, or throttled: exit 2, one line."""


@dataclass(frozen=True)
class LoginOutcome:
    """What the login transaction decided; committed either way (the failure is recorded)."""

    actor: Actor | None
    error: LoginRefused | None = None

    def result(self) -> Actor:
        if self.error is not None:
            raise self.error
        assert self.actor is not None
        return self.actor


def delay_after(failures: int) -> int:
    """Seconds before the next attempt may be checked, after `failures` consecutive failures."""
    return 0 if failures <= FREE_FAILURES else min(2 ** (failures - FREE_FAILURES), MAX_DELAY_S)


def throttle_key(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip()).casefold()[:64]


def default_user(ctx: UnitOfWork) -> str | None:
    """The name to log in as when none is given: the first active administrator."""
    for u in users.list_users(ctx.session):
        if u.active and u.role == UserRole.ADMIN.value:
            return u.username
    return None


def _wrong() -> LoginRefused:
    return LoginRefused("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.")


def _wait(seconds: int) -> LoginRefused:
    return LoginRefused(f"Đã nhập sai mật khẩu nhiều lần; hãy thử lại sau {seconds} giây.",
                        f"Too many wrong passwords; try again in {seconds} seconds.")


def _locked(until: datetime, now: datetime) -> LoginRefused:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return LoginRefused(f"Tài khoản tạm khóa vì nhập sai mật khẩu quá nhiều lần; hãy thử lại sau {minutes} phút "
                        "hoặc nhờ quản trị viên đặt lại mật khẩu.",
                        f"The account is locked after too many wrong passwords; try again in {minutes} minutes "
                        "or ask an administrator to reset the password.")


def _no_password() -> LoginRefused:
    return LoginRefused("Cần mật khẩu: nhập khi được hỏi, hoặc đặt biến môi trường LANDDESK_PASSWORD.",
                        "A password is needed: type it when asked, or set LANDDESK_PASSWORD.")


def _audit(ctx: UnitOfWork, name: str, action: str, user_id: str, via: str, result: str) -> None:
    audit.append(ctx.session, user=name[:64], action=action, entity="user", entity_id=user_id,
                 changes=[{"field": "via", "old": None, "new": via},
                          {"field": "result", "old": None, "new": result}])


def login(ctx: UnitOfWork, username: str | None, password: str | None, *, via: str,
          now: datetime | None = None) -> LoginOutcome:
    """Check a login inside a write unit of work (the caller commits, then raises `outcome.error`).

    `username` None means the workspace's administrator; `password` None means none was given
    (audited, not counted as a guess). `via` names the front end for the trail ("cli", "window")."""
    now = now or utcnow()
    name = (username or "").strip() or default_user(ctx) or ""
    if not name:
        return LoginOutcome(None, LoginRefused("Không gian làm việc chưa có quản trị viên.",
                                               "The workspace has no administrator."))
    user = users.by_username(ctx.session, name)
    if password is None or password == "":
        _audit(ctx, name, "login_failed", user.id if user else "", via, "no password")
        return LoginOutcome(None, _no_password())
    key = throttle_key(name)
    row = users.attempt(ctx.session, key)
    if row is not None:
        if row.locked_until is not None and now < row.locked_until:
            return LoginOutcome(None, _locked(row.locked_until, now))
        ready = row.last_failure_at + timedelta(seconds=delay_after(row.failures))
        if now < ready:
            return LoginOutcome(None, _wait(max(1, int((ready - now).total_seconds() + 0.999))))
    # The same work whether or not the account exists or is active: one hash check.
    ok = passwords.verify(password, user.password_hash if user is not None else passwords.dummy_hash())
    if ok and user is not None and user.active:
        users.clear_attempts(ctx.session, key)
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)  # an older scrypt hash, upgraded
        _audit(ctx, user.username, "login", user.id, via, "ok")
        return LoginOutcome(Actor(user.username, UserRole(user.role), user.full_name))
    users.prune_attempts(ctx.session, now - FORGET_AFTER, keep=key)
    row = users.record_failure(ctx.session, key, now, now - FORGET_AFTER)
    _audit(ctx, name, "login_failed", user.id if user else "", via, "wrong password")
    if row.failures >= LOCK_AFTER:
        row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        _audit(ctx, name, "login_locked", user.id if user else "", via, f"{LOCK_MINUTES} min")
        return LoginOutcome(None, _locked(row.locked_until, now))
    return LoginOutcome(None, _wrong())


def unlock(ctx: UnitOfWork, username: str) -> None:
    """Forget a user's failed logins (an administrator set the password or enabled the account)."""
    users.clear_attempts(ctx.session, throttle_key(username))


def locked_names(ctx: UnitOfWork, now: datetime | None = None) -> set[str]:
    """Throttle keys of the names locked out now (the administrator's user list shows them)."""
    now = now or utcnow()
    return {row.name for row in users.attempts(ctx.session) if row.locked_until is not None and now < row.locked_until}
