"""Merging a station's edit of a dossier into the primary's (docs/stations.md, "Merging").

A dossier record here is {"dossier": <serialize.dossier_to_dict>, "pages": [<page dict>, …]}. Its merge
units are the province queue's units — each top-level field, each holder and each parcel as a whole (by
id) — and each scanned page (by id). Pure functions: the primary's importer supplies the values, the
origins it recorded, and writes what comes out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from landdesk.domain.model import BOOKKEEPING_FIELDS

MISSING: Any = None  # a unit that is absent (a holder removed, a page taken out) compares as None
LISTS = ("holders", "parcels")
_NOT_UNITS = set(BOOKKEEPING_FIELDS) | {"id", *LISTS}


def units(rec: dict | None) -> dict[str, Any]:
    """unit name -> value; list items as "holders:<id>", "parcels:<id>", "pages:<id>"."""
    if not rec:
        return {}
    d = rec.get("dossier") or {}
    out = {k: v for k, v in d.items() if k not in _NOT_UNITS}
    for name in LISTS:
        for item in d.get(name) or []:
            out[f"{name}:{item.get('id')}"] = item
    for page in rec.get("pages") or []:
        out[f"pages:{page.get('id')}"] = page
    return out


def value_hash(value: Any) -> str:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass
class Merge:
    record: dict  # the merged {"dossier", "pages"}
    taken: list[str] = field(default_factory=list)  # units where the station's value was written
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # (unit, primary's, station's)

    @property
    def changed(self) -> bool:
        return bool(self.taken)


def merge(base: dict | None, ours: dict, theirs: dict, station_id: str,
          origins: dict[str, tuple[str, str]]) -> Merge:
    """Merge a station's version (`theirs`, edited from `base`) into the primary's (`ours`).

    origins: unit -> (station id, hash of the value that station wrote) as recorded at the primary.
    Per unit: unchanged at the station → ours; ours still the base or already theirs → theirs; ours last
    written by this same station and not changed since → theirs (a station overwrites itself); else a
    conflict (ours stays)."""
    b, o, t = units(base), units(ours), units(theirs)
    chosen: dict[str, Any] = {}
    out = Merge({})
    for k in dict.fromkeys([*o, *t, *b]):
        bv, ov, tv = b.get(k, MISSING), o.get(k, MISSING), t.get(k, MISSING)
        if tv == bv or ov == tv:
            chosen[k] = ov
        elif ov == bv or _own(origins.get(k), station_id, ov):
            chosen[k] = tv
            out.taken.append(k)
        else:
            chosen[k] = ov
            out.conflicts.append((k, ov, tv))
    out.record = rebuild(ours, chosen, [theirs, ours])
    return out


def _own(origin: tuple[str, str] | None, station_id: str, value: Any) -> bool:
    return origin is not None and origin[0] == station_id and origin[1] == value_hash(value)


def rebuild(template: dict, chosen: dict[str, Any], order_sources: list[dict]) -> dict:
    """A record from chosen unit values; lists keep the order of the first source that has the item."""
    td = template.get("dossier") or {}
    d = {k: v for k, v in td.items() if k in _NOT_UNITS}
    for k, v in chosen.items():
        if ":" not in k:
            if v is not MISSING or k in td:
                d[k] = v
    for name in LISTS:
        d[name] = [chosen[f"{name}:{i}"] for i in _ids(name, order_sources, lambda r, n=name: (r.get("dossier") or {}).get(n))
                   if chosen.get(f"{name}:{i}") is not None]
    pages = [chosen[f"pages:{i}"] for i in _ids("pages", order_sources, lambda r: r.get("pages"))
             if chosen.get(f"pages:{i}") is not None]
    return {"dossier": d, "pages": pages}


def _ids(name: str, sources: list[dict], get) -> list[str]:
    ids: list[str] = []
    for src in sources:
        for item in get(src) or []:
            if item.get("id") not in ids:
                ids.append(item.get("id"))
    return ids


def same_content(a: dict | None, b: dict | None) -> bool:
    """Two records hold the same units (bookkeeping aside)."""
    return units(a) == units(b)


def unit_label(unit: str, value: Any = None, lang: str = "vi") -> str:
    """A merge unit as the officer reads it: 'Thôn/tổ dân phố', 'Chủ sử dụng NGUYỄN VĂN A',
    'Thửa 12/345', 'Trang quét'."""
    from landdesk.domain.fieldpath import FIELD_LABELS

    k = 0 if lang == "vi" else 1
    name, _, _item = unit.partition(":")
    if name == "pages":
        return ("Trang quét", "Scanned page")[k]
    label = FIELD_LABELS.get(name, (name, name))[k]
    if name == "holders" and isinstance(value, dict) and value.get("name"):
        return f"{label} {value['name']}"
    if name == "parcels" and isinstance(value, dict):
        return f"{label} {value.get('sheet_cert') or value.get('sheet_map') or '?'}/" \
               f"{value.get('parcel_cert') or value.get('parcel_map') or '?'}"
    return label
