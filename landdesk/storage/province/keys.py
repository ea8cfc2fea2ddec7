"""The province's hash index of identifiers: the keys of cross-commune duplicates ("serial:…", "cccd:…",
"parcel:…") and every dossier's own id ("id:…", the one check that a dossier id is not another commune's).

Each key is its 64-bit hash beside the number of its dossier (prov_dossiers.n), about 17 bytes. A hash
hit is confirmed before it counts (on the other dossier's key_rows, or its id), so a collision costs only
that check. Keys are added, removed and matched a batch at a time, each batch sent as ONE bound value.

Two tiers, so an import writes where it lands and not all over the index: a commune's keys are random,
and adding them to a 4.8-million-key index rewrote nearly all of it (85 MB at 1.2 million dossiers, on
every import). An import adds to prov_keys_recent, a small index of the keys added since the last merge;
lookups read both. When the recent tier reaches RECENT_MAX keys, the import that fills it moves them into
prov_keys in one ordered pass (merge_recent): the big index is rewritten once per several imports.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

import orjson
from sqlalchemy import ARRAY, BigInteger, Integer, String, bindparam, func, select, text
from sqlalchemy.orm import Session

from landdesk.storage.province.bulk import in_ids, insert_rows
from landdesk.storage.province.models import ProvDossier, ProvKeyRecent

# Keys in the recent tier that make the import filling it merge them into the main index: about 2,000
# pages of 4 KB (8 MB) at most rewritten by an import, and at 1.2 million dossiers one merge every
# eight or nine commune packages of 12,000 dossiers (5 keys each, the id included).
RECENT_MAX = 524_288

TIERS = ("prov_keys", "prov_keys_recent")


def key_hash(key: str) -> int:
    """A key's 64-bit hash as a signed integer (both engines' BIGINT); stable across machines and versions."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def id_hash(dossier_id: str) -> int:
    """The hash of a dossier's own id in the index ("id:<id>"): dossier ids are unique per commune in
    prov_dossiers, and across communes through this index."""
    return key_hash("id:" + dossier_id)


def key_list(key_rows: str | bytes) -> list[str]:
    """A dossier's key_rows column ("k1","k2") as its list of keys."""
    return orjson.loads(b"[" + (key_rows.encode("utf-8") if isinstance(key_rows, str) else key_rows) + b"]")


def remove_keys(s: Session, commune_code: str, dossier_ids: list[str]) -> None:
    """Remove the index rows of a commune's stored dossiers (before they are replaced or deleted): each
    dossier's id and key_rows name them, so they go by primary key, from whichever tier holds them."""
    if not dossier_ids:
        return
    rows = s.execute(select(ProvDossier.n, ProvDossier.id, ProvDossier.key_rows)
                     .where(ProvDossier.commune_code == commune_code, in_ids(s, ProvDossier.id, dossier_ids))).all()
    pairs = [(h, n) for n, did, rows_ in rows for h in (id_hash(did), *(key_hash(k) for k in key_list(rows_ or "")))]
    if not pairs:
        return
    for table in TIERS:
        if s.get_bind().dialect.name == "sqlite":
            s.connection().exec_driver_sql(
                f"DELETE FROM {table} WHERE (h, n) IN (SELECT {_json_item('value', 0)}, {_json_item('value', 1)} "
                "FROM json_each(?))", (json.dumps(pairs),))
        else:
            s.execute(text(f"DELETE FROM {table} AS p USING unnest(:hs, :ns) AS j(h, n) "
                           "WHERE p.h = j.h AND p.n = j.n")
                      .bindparams(bindparam("hs", type_=ARRAY(BigInteger)), bindparam("ns", type_=ARRAY(Integer))),
                      {"hs": [h for h, _ in pairs], "ns": [n for _, n in pairs]})


def add_keys(s: Session, commune_code: str, keys_json: bytes) -> None:
    """The keys of a commune's dossiers already written, into the recent tier. keys_json: a JSON array
    holding, for each dossier, [dossier id, hash, hash, ...] (records.Parsed.keys). SQLite inserts them
    in ONE statement reading that array (json_each), each dossier's number found by (commune, id);
    PostgreSQL by COPY."""
    if keys_json == b"[]":
        return
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(
            "INSERT INTO prov_keys_recent (h, n) SELECT k.value, o.n FROM json_each(?) AS d "
            f"JOIN prov_dossiers AS o ON o.commune_code = ? AND o.id = {_json_item('d.value', 0)}, "
            "json_each(d.value) AS k WHERE k.key > 0 ORDER BY 1",
            (keys_json.decode("utf-8"), commune_code))
    else:
        batch = json.loads(keys_json)
        numbers = dict(s.execute(select(ProvDossier.id, ProvDossier.n)
                                 .where(ProvDossier.commune_code == commune_code,
                                        in_ids(s, ProvDossier.id, [d[0] for d in batch]))).all())
        rows = sorted((h, numbers[d[0]]) for d in batch for h in d[1:])
        insert_rows(s, ProvKeyRecent.__table__, ("h", "n"), rows)


def recent_count(s: Session) -> int:
    return s.execute(select(func.count()).select_from(ProvKeyRecent)).scalar_one()


def merge_recent(s: Session, *, at_least: int | None = None) -> int:
    """Move the recent tier into the main index when it holds at_least keys (RECENT_MAX), in one pass
    in hash order (0: always); returns the keys moved."""
    n = recent_count(s)
    if n == 0 or n < (RECENT_MAX if at_least is None else at_least):
        return 0
    s.execute(text("INSERT INTO prov_keys (h, n) SELECT h, n FROM prov_keys_recent ORDER BY h, n"))
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("DELETE FROM prov_keys_recent"))
    else:  # no dead rows left for VACUUM; the lock it takes is held only to the commit
        s.execute(text("TRUNCATE prov_keys_recent"))
    return n


def key_array(parts: Iterable[bytes]) -> bytes:
    """The records' [dossier id, hash, ...] arrays (records.Parsed.keys) joined into one JSON array."""
    return b"[" + b",".join(p for p in parts if p) + b"]"


def key_matches(s: Session, commune_code: str, keys_json: bytes,
                keys_of: dict[str, str | bytes]) -> list[tuple[str, str, str, str]]:
    """(dossier_id, kind, other_dossier_id, other_commune) for each of a commune's keys (keys_json: as
    add_keys takes it; keys_of: those dossiers' key_rows) that a dossier of another commune also has,
    kind "id" when it is the dossier's own id: one primary-key probe per key and tier, the hashes sent as
    ONE bound value, each hit confirmed on the other dossier's own keys or id."""
    if keys_json == b"[]":
        return []
    if s.get_bind().dialect.name == "sqlite":
        did = _json_item("d.value", 0)
        sql = text(" UNION ALL ".join(
            f"SELECT {did}, j.value, o.id, o.commune_code, o.key_rows FROM json_each(:keys) AS d, "
            f"json_each(d.value) AS j JOIN {table} AS k ON k.h = j.value JOIN prov_dossiers AS o ON o.n = k.n "
            "WHERE j.key > 0 AND o.commune_code != :commune" for table in TIERS))
        params = {"keys": keys_json.decode("utf-8"), "commune": commune_code}
    else:
        pairs = [(h, d[0]) for d in json.loads(keys_json) for h in d[1:]]
        sql = text(" UNION ALL ".join(
            f"SELECT j.did, j.h, o.id, o.commune_code, o.key_rows FROM unnest(:hs, :dids) AS j(h, did) "
            f"JOIN {table} AS k ON k.h = j.h JOIN prov_dossiers AS o ON o.n = k.n "
            "WHERE o.commune_code != :commune" for table in TIERS)).bindparams(
            bindparam("hs", type_=ARRAY(BigInteger)), bindparam("dids", type_=ARRAY(String)))
        params = {"hs": [h for h, _ in pairs], "dids": [d for _, d in pairs], "commune": commune_code}
    out = []
    for did, h, other, other_commune, other_rows in s.execute(sql, params):
        if other == did and h == id_hash(did):  # the id itself, another commune's
            out.append((did, "id", other, other_commune))
            continue
        theirs = set(key_list(other_rows or ""))
        for key in key_list(keys_of.get(did) or b""):
            if key_hash(key) == h and key in theirs:  # the same key, not a hash collision
                out.append((did, key.partition(":")[0], other, other_commune))
    return out


def dossier_number(s: Session, dossier_id: str) -> int | None:
    """The number of the dossier with this id, whichever its commune (through the index: the id hash,
    confirmed on the id)."""
    h = id_hash(dossier_id)
    for table in TIERS:
        n = s.execute(text(f"SELECT o.n FROM {table} AS k JOIN prov_dossiers AS o ON o.n = k.n "
                           "WHERE k.h = :h AND o.id = :id"), {"h": h, "id": dossier_id}).scalar()
        if n is not None:
            return n
    return None


def stored_keys(s: Session) -> list[tuple[str, str, str]]:
    """Every (key, dossier id, commune) the index holds (both tiers, ids left out), each hash read back
    through its dossier's key_rows ("?" for a hash none of them has): for checks and tests, not for the
    import's path."""
    out = []
    for table in TIERS:
        rows = s.execute(text(f"SELECT k.h, o.id, o.commune_code, o.key_rows FROM {table} AS k "
                              "JOIN prov_dossiers AS o ON o.n = k.n")).all()
        for h, did, commune, key_rows in rows:
            if h == id_hash(did):
                continue
            keys = [k for k in key_list(key_rows or "") if key_hash(k) == h]
            out += [(k, did, commune) for k in keys] or [("?", did, commune)]
    return out


def stored_ids(s: Session) -> list[tuple[str, str]]:
    """Every (dossier id, commune) whose id the index holds: for checks and tests."""
    out = []
    for table in TIERS:
        rows = s.execute(text(f"SELECT k.h, o.id, o.commune_code FROM {table} AS k "
                              "JOIN prov_dossiers AS o ON o.n = k.n")).all()
        out += [(did, commune) for h, did, commune in rows if h == id_hash(did)]
    return out


def _json_item(expr: str, i: int) -> str:
    # ->> (SQLite 3.38+) is cheaper than json_extract; older libraries get json_extract
    return f"{expr} ->> {i}" if sqlite3.sqlite_version_info >= (3, 38) else f"json_extract({expr}, '$[{i}]')"
