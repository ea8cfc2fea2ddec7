"""Bring a dossier to its stored form: NFC everywhere, names upper case, no stray whitespace."""

from __future__ import annotations

import dataclasses
import unicodedata
from enum import Enum

from landdesk.domain import model
from landdesk.domain.codes import HolderKind
from landdesk.domain.serial import normalise_serial_typed
from landdesk.domain.text import nfc, upper_name

_FREE_TEXT = {"notes", "custody_note"}  # keep line breaks the officer typed


def _clean(obj):
    changes = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, str) and not isinstance(v, Enum):  # StrEnum members are str too
            changes[f.name] = unicodedata.normalize("NFC", v).strip() if f.name in _FREE_TEXT else nfc(v)
        elif isinstance(v, list):
            changes[f.name] = [_clean(x) if dataclasses.is_dataclass(x) else x for x in v]
        elif dataclasses.is_dataclass(v):
            changes[f.name] = _clean(v)
    return dataclasses.replace(obj, **changes)


def normalise_dossier(d: model.Dossier) -> model.Dossier:
    """A normalised copy; the input is not changed."""
    d = _clean(d)
    d.serial, d.serial_typed = normalise_serial_typed(d.serial, d.serial_typed)
    for h in d.holders:
        if h.kind == HolderKind.PERSON:
            h.name = upper_name(h.name)
        h.cccd = h.cccd.replace(" ", "")
        h.cmnd = h.cmnd.replace(" ", "")
    if d.current_user:
        d.current_user.name = upper_name(d.current_user.name)
        d.current_user.cccd = d.current_user.cccd.replace(" ", "")
    for p in d.parcels:
        for lu in p.land_uses:
            lu.code = lu.code.upper() if lu.code else None
    return d
