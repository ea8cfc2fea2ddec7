"""What the search index holds for a dossier, and how typed text becomes an FTS5 query."""

from __future__ import annotations

import re

from landdesk.domain.model import Dossier
from landdesk.domain.text import fold

_TOKEN = re.compile(r"[0-9a-z]+")


def search_body(d: Dossier) -> str:
    """Folded text of everything an officer searches by: names, IDs, serials, sheet/parcel, addresses."""
    parts: list[str] = [d.serial, d.serial.replace(" ", ""), d.registry_no, d.village]
    for h in d.holders:
        parts += [h.name, h.cccd, h.cmnd, h.org_id, h.address, h.representative]
    for p in d.parcels:
        parts += [p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map, p.national_id, p.address]
    if d.current_user:
        parts += [d.current_user.name, d.current_user.cccd, d.current_user.address]
    return fold(" ".join(x for x in parts if x))  # one fold call: the index is built for 100k dossiers


def query_tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def fts_query(text: str) -> str | None:
    """Every token must match as a prefix ('nguyen van a' → nguyen* AND van* AND a*). None if empty."""
    tokens = query_tokens(text)
    if not tokens:
        return None
    return " AND ".join(f'"{t}"*' for t in tokens)
