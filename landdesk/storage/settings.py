"""Workspace settings stored in the database as JSON values, each declared once (key, type, default)
in landdesk/domain/settings.py."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from landdesk.domain.settings import Scope, declared
from landdesk.storage.desk_models import Setting


def get(session: Session, key: str) -> Any:
    """The stored value, or the declared default when it is not set or not of the declared type."""
    setting = declared(key, Scope.WORKSPACE)
    raw = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    value = None if raw is None else json.loads(raw)
    return setting.default if value is None or not isinstance(value, setting.type) else value


def put(session: Session, key: str, value: Any) -> None:
    declared(key, Scope.WORKSPACE).check(value)
    session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    session.flush()


def all_settings(session: Session) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in session.execute(select(Setting.key, Setting.value))}


def station_role(session: Session) -> tuple[str, str, str]:
    """(role, station id, station code) of a commune's workstation setup (docs/stations.md); ("", "", "")
    elsewhere. Here, not in storage/commune/stations.py, because the audit trail every desk shares asks it
    on each append (cached per transaction)."""
    cached = session.info.get("landdesk_station_role")
    if cached is None:
        cached = (get(session, "station_role"), get(session, "station_id"), get(session, "station_code"))
        session.info["landdesk_station_role"] = cached
    return cached
