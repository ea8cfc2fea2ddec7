"""User rows. Password hashing and role policy live in services.users."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from landdesk.storage.models import User


def by_username(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.username)).scalars())


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def add(session: Session, user: User) -> None:
    session.add(user)
    session.flush()
