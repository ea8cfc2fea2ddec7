"""Dossier ↔ JSON-ready dicts: one format for `show --json`, drafts, audit diffs and sync packages."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date, datetime
from enum import Enum
from typing import Any, get_args, get_origin, get_type_hints

from landdesk.domain import model
from landdesk.domain.values import PartialDate


def to_plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value


def dossier_to_dict(d: model.Dossier) -> dict:
    return to_plain(d)


@functools.cache
def _hints(tp: type) -> dict:
    """A dataclass's resolved field types (resolving them costs more than building the object)."""
    return get_type_hints(tp)


def _from_plain(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin is list:
        (item,) = get_args(tp)
        return [_from_plain(item, v) for v in value]
    args = [a for a in get_args(tp) if a is not type(None)]
    if args and origin is not None:  # Optional[X] / X | None
        return _from_plain(args[0], value)
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return tp(value)
        if tp is PartialDate:
            return PartialDate.from_iso(value)
        if tp is datetime:
            return datetime.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            kwargs = {f.name: _from_plain(hints[f.name], value[f.name])
                      for f in dataclasses.fields(tp) if f.name in value}
            return tp(**kwargs)
    return value


def dossier_from_dict(data: dict) -> model.Dossier:
    """Inverse of dossier_to_dict; unknown keys are ignored, missing ones take defaults."""
    return _from_plain(model.Dossier, data)


def comparable(d: model.Dossier) -> dict:
    """The dossier's content without bookkeeping, for equality and audit diffs."""
    data = dossier_to_dict(d)
    for key in model.BOOKKEEPING_FIELDS:
        data.pop(key, None)
    return data
