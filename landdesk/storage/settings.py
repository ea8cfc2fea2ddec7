"""Workspace settings stored in the database as JSON values."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from landdesk.storage.models import Setting


def get(session: Session, key: str, default: Any = None) -> Any:
    raw = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return default if raw is None else json.loads(raw)


def put(session: Session, key: str, value: Any) -> None:
    session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    session.flush()


def all_settings(session: Session) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in session.execute(select(Setting.key, Setting.value))}
