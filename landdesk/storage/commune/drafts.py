"""Editor drafts (one row per dossier being edited, per user)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.models import Draft


def put(session: Session, key: str, username: str, payload: str) -> None:
    session.merge(Draft(key=key, username=username, saved_at=utcnow(), payload=payload))
    session.flush()


def for_user(session: Session, username: str) -> list[tuple[str, str]]:
    rows = session.execute(select(Draft.key, Draft.payload).where(Draft.username == username)
                           .order_by(Draft.saved_at.desc()))
    return [(r.key, r.payload) for r in rows]


def discard(session: Session, key: str, username: str) -> None:
    session.execute(delete(Draft).where(Draft.key == key, Draft.username == username))
