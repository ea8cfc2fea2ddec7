"""The tables every kind of workspace has — settings, users, the login throttle, the audit trail — by
the same names and columns in the commune workspace and in the province store, so the one settings,
login, users and audit code (storage/settings.py, users.py, audit.py) runs on both databases.

They are mapped on the commune's declarative base; the province store's metadata carries copies
(storage/province/models.py), so its own migrations create them and `alembic check` compares them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from landdesk.storage.base import Base, utcnow

UUID_LEN = 36


class Stamped:
    """created/updated by and at, on every synced row."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class Setting(Base):
    """Typed workspace settings (JSON values); per-user UI state lives in QSettings instead."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class User(Stamped, Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LoginAttempt(Base):
    """Consecutive failed logins under one typed name (known or not: the throttle must not tell which),
    kept in the database so that restarting LandDesk does not reset the delays or the lockout."""

    __tablename__ = "login_attempts"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # the name as typed, case-folded
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """Hash-chained audit trail: hash = SHA-256(prev_hash + canonical JSON of this entry)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(UUID_LEN), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(UUID_LEN), default="", index=True)
    changes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {field, old, new}
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


DESK_TABLES = (Setting.__table__, User.__table__, LoginAttempt.__table__, AuditEntry.__table__)
