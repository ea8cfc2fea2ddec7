"""Reference data shipped as CSV under resources/reference: communes, provinces, land-use codes,
CCCD province prefixes and the Form 01 columns.

The lists are data, not code (DOMAIN.md: "ship other provinces as data"): another province's
`admin_units_<name>.csv` dropped next to the Bắc Ninh file is picked up as is. Files are read
lazily and cached per resources directory, so tests can point LANDDESK_RESOURCES elsewhere.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain import i18n
from landdesk.domain.resources import resources_dir
from landdesk.domain.text import fold, nfc


def reference_dir() -> Path:
    return _reference_dir(os.environ.get("LANDDESK_RESOURCES"))


@functools.cache
def _reference_dir(env: str | None) -> Path:
    # One Path object per setting: the per-folder caches below then hash it cheaply (validation
    # looks codes up for every dossier of a 100k import).
    return resources_dir() / "reference"


@functools.cache
def _rows(path: Path) -> tuple[dict[str, str], ...]:
    """All rows of one CSV (UTF-8, with or without BOM), every value NFC and trimmed."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return tuple({k.strip(): nfc(v) for k, v in row.items() if k} for row in csv.DictReader(f))


def _read(name: str) -> tuple[dict[str, str], ...]:
    return _rows(reference_dir() / name)


def clear_cache() -> None:
    """Forget loaded files (after LANDDESK_RESOURCES changes or a file is edited)."""
    _rows.cache_clear()
    _communes.cache_clear()
    _commune_index.cache_clear()
    _land_use_index.cache_clear()
    _land_uses.cache_clear()
    _alias_rows.cache_clear()
    _land_use_lookup.cache_clear()
    _cccd_provinces.cache_clear()


# --- Administrative units --------------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    code: str  # 5-digit statistics-office code
    name: str  # with its kind, as published: "Phường Bắc Giang", "Xã Tam Tiến"
    kind: str  # "xa" or "phuong" (other kinds, e.g. "dac_khu", pass through)
    province_code: str
    province_name: str
    predecessors: str  # the units merged into it (2025), as published: useful to map old addresses

    @property
    def is_urban(self) -> bool:
        return self.kind == "phuong"


@dataclass(frozen=True)
class Province:
    code: str
    name: str


@functools.cache
def _communes(folder: Path) -> tuple[Commune, ...]:
    out: dict[str, Commune] = {}
    for path in sorted(folder.glob("admin_units_*.csv")):
        for r in _rows(path):
            out[r["code"]] = Commune(r["code"], r["name"], r["kind"], r["province_code"],
                                     r["province_name"], r.get("predecessors", ""))
    return tuple(out.values())


def communes() -> list[Commune]:
    return list(_communes(reference_dir()))


def commune(code: str | None) -> Commune | None:
    return _commune_index(reference_dir()).get((code or "").strip())


@functools.cache
def _commune_index(folder: Path) -> dict[str, Commune]:  # validation looks one up per dossier
    return {c.code: c for c in _communes(folder)}


_KINDS = ("phuong ", "xa ", "thi tran ", "dac khu ")


def find_communes(text: str, province_code: str | None = None) -> list[Commune]:
    """Communes for typed text, best first: a code ("07228"), or a name without accents or its kind
    ("da mai" finds Phường Đa Mai). A code or an exact name is the only answer; otherwise every commune
    whose name has each typed word as the start of a word, then those whose merged units (the 2025
    predecessors) do."""
    from landdesk.domain.collation import sort_key
    from landdesk.domain.text import fold

    pool = [c for c in communes() if province_code in (None, "", c.province_code)]
    q = fold(text)
    if not q:
        return sorted(pool, key=lambda c: sort_key(c.name))
    if q.isdigit():
        return [c for c in pool if c.code == q.zfill(5)] or [c for c in pool if c.code.startswith(q)]

    def bare(name: str) -> str:
        f = fold(name)
        return next((f[len(k):] for k in _KINDS if f.startswith(k)), f)

    exact = [c for c in pool if q in (fold(c.name), bare(c.name))]
    if exact:
        return exact
    words = q.split()

    def has_words(hay: str) -> bool:
        hay_words = hay.replace(",", " ").split()
        return all(any(h.startswith(w) for h in hay_words) for w in words)

    by_name = sorted((c for c in pool if has_words(fold(c.name))), key=lambda c: sort_key(c.name))
    by_old = sorted((c for c in pool if c not in by_name and has_words(fold(c.predecessors))),
                    key=lambda c: sort_key(c.name))
    return by_name + by_old


def provinces() -> list[Province]:
    """Provinces that have communes in the shipped lists (post-2025 units)."""
    seen: dict[str, Province] = {}
    for c in _communes(reference_dir()):
        seen.setdefault(c.province_code, Province(c.province_code, c.province_name))
    return list(seen.values())


def cccd_provinces() -> dict[str, str]:
    """3-digit CCCD prefix → pre-2025 province name (63 codes; prefixes never change)."""
    return _cccd_provinces(reference_dir())


@functools.cache
def _cccd_provinces(folder: Path) -> dict[str, str]:
    return {r["code"]: r["province_before_2025"] for r in _rows(folder / "cccd_province_codes.csv")}


# --- Land-use codes --------------------------------------------------------------------------


@dataclass(frozen=True)
class LandUseCode:
    code: str
    name_vi: str
    name_en: str
    group: str  # NNP agricultural, PNN non-agricultural, CSD unused
    status: str  # "current", "verify" (2024 code still to be confirmed) or "legacy"

    def name(self, lang: str = "vi") -> str:
        return i18n.pick(self.name_vi, self.name_en, lang)


@functools.cache
def _land_uses(folder: Path) -> tuple[LandUseCode, ...]:
    return tuple(LandUseCode(r["code"], r["name_vi"], r["name_en"], r["group"], r["status"])
                 for r in _rows(folder / "land_use_codes.csv"))


def land_use_codes() -> list[LandUseCode]:
    return list(_land_uses(reference_dir()))


def land_use(code: str | None) -> LandUseCode | None:
    return _land_use_index(reference_dir()).get((code or "").strip().upper())


@functools.cache
def _land_use_index(folder: Path) -> dict[str, LandUseCode]:  # one lookup per land use validated
    out: dict[str, LandUseCode] = {}
    for u in _land_uses(folder):
        out.setdefault(u.code, u)  # the first row of a code wins, as the list scan did
    return out


@functools.cache
def _alias_rows(folder: Path) -> tuple[dict[str, str], ...]:
    path = folder / "land_use_aliases.csv"
    return _rows(path) if path.exists() else ()


@functools.cache
def _land_use_lookup(folder: Path, urban: bool) -> dict[str, str]:
    """Folded code / official name / alias → code; official codes and names win over aliases."""
    table: dict[str, str] = {}
    for r in _alias_rows(folder):
        table[fold(r["alias"])] = (r.get("code_urban") or r["code"]) if urban else r["code"]
    for u in _land_uses(folder):
        # A legacy code and its name resolve to the current code when an alias row says which.
        target = table.get(fold(u.code), u.code) if u.status == "legacy" else u.code
        table[fold(u.code)] = target
        table[fold(u.name_vi)] = target
    return table


def legacy_land_use_map(*, urban: bool = False) -> dict[str, str]:
    """Folded legacy code or raw phrase → current code, from land_use_aliases.csv.

    "thổ cư" and "T" give ONT, or ODT when `urban` (the parcel is in a phường).
    """
    out = {}
    for r in _alias_rows(reference_dir()):
        out[fold(r["alias"])] = (r.get("code_urban") or r["code"]) if urban else r["code"]
    return out


def land_use_replacement(code: str | None) -> str | None:
    """The current code for a legacy one (LNQ → CLN), else None."""
    unit = land_use(code)
    if unit is None or unit.status != "legacy":
        return None
    return legacy_land_use_map().get(fold(unit.code))


_STRONG_SPLIT = re.compile(r"\s*[+;/&]\s*")
_WEAK_SPLIT = re.compile(r"\s*,\s*|\s+và\s+|\s+-\s+", re.IGNORECASE)
_DAT = "dat "


def _lookup(piece: str, table: dict[str, str]) -> str | None:
    key = fold(piece).strip(" .:")
    if not key:
        return None
    found = table.get(key)
    if found is None:
        found = table.get(key.removeprefix(_DAT)) if key.startswith(_DAT) else table.get(_DAT + key)
    return found


def parse_land_use_text(raw: str | None, *, urban: bool = False) -> list[str]:
    """Land-use code(s) named by raw certificate text: "ONT+CLN", "Đất ở tại nông thôn", "thổ cư".

    Unrecognised parts are dropped (the caller keeps the raw text); [] when nothing is known.
    `urban` picks ODT over ONT for phrases like "thổ cư" (parcel in a phường).
    """
    text = nfc(raw)
    if not text:
        return []
    table = _land_use_lookup(reference_dir(), urban)
    whole = _lookup(text, table)
    if whole:
        return [whole]
    found: list[str] = []
    for part in _STRONG_SPLIT.split(text):
        code = _lookup(part, table)
        codes = [code] if code else [c for c in map(lambda p: _lookup(p, table), _WEAK_SPLIT.split(part)) if c]
        found.extend(c for c in codes if c not in found)
    return found


# --- Form 01 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form01Column:
    column: str  # spreadsheet column letter in the reference layout (A, B, …, BI)
    item: int | None  # item number printed in the template (1–50), None for STT and VBDLIS extras
    header_vi: str
    meaning: str
    group: str
    notes: str


def form01_columns() -> list[Form01Column]:
    return [Form01Column(r["column"], int(r["item"]) if r.get("item") else None, r["header_vi"],
                         r["meaning"], r.get("group", ""), r.get("notes", ""))
            for r in _read("form01_columns.csv")]
