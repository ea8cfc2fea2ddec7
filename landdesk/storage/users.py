"""User rows and the login throttle's rows. Password hashing, role and login policy live in services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from landdesk.storage.desk_models import LoginAttempt, User


def by_username(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.username)).scalars())


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def add(session: Session, user: User) -> None:
    session.add(user)
    session.flush()


# ---- the login throttle ------------------------------------------------------------------------

def attempt(session: Session, name: str) -> LoginAttempt | None:
    return session.get(LoginAttempt, name)


def attempts(session: Session) -> list[LoginAttempt]:
    return list(session.execute(select(LoginAttempt)).scalars())


def record_failure(session: Session, name: str, now: datetime, forget_before: datetime) -> LoginAttempt:
    """One more consecutive failure (a count last touched before `forget_before` starts again)."""
    row = session.get(LoginAttempt, name)
    if row is None:
        row = LoginAttempt(name=name, failures=0, last_failure_at=now)
        session.add(row)
    elif row.last_failure_at < forget_before and (row.locked_until is None or row.locked_until < now):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    session.flush()
    return row


def clear_attempts(session: Session, name: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.name == name))


def prune_attempts(session: Session, before: datetime, keep: str) -> None:
    """Forget other names' failures older than `before` whose lockout is over (names typed once, long ago)."""
    session.execute(delete(LoginAttempt).where(
        LoginAttempt.name != keep, LoginAttempt.last_failure_at < before,
        (LoginAttempt.locked_until.is_(None)) | (LoginAttempt.locked_until < before)))
