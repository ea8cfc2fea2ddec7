"""This user's settings on this PC (QSettings), read and written by their declared key, type and
default (landdesk/domain/settings.py). No QSettings (some tests, the self-test) reads as the defaults
and writes nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from landdesk.domain.settings import Scope, declared


def value(settings: QSettings | None, key: str) -> Any:
    """The stored value as the declared type (an INI file gives back text: '10' for 10), else the default."""
    setting = declared(key, Scope.USER)
    raw = settings.value(key) if settings is not None else None
    if raw is None or raw == "":
        return setting.default
    if setting.type is bytes:  # window and header states, as Qt saved them
        return raw if isinstance(raw, QByteArray) else setting.default
    if setting.type is bool:  # an INI file gives back 'true' / 'false'
        return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
    if setting.type is int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            return setting.default
    return str(raw) if setting.type is str else raw


def set_value(settings: QSettings | None, key: str, new: Any) -> None:
    setting = declared(key, Scope.USER)
    if settings is None:
        return
    if not (setting.type is bytes and isinstance(new, QByteArray)):
        setting.check(new)
    settings.setValue(key, new)
