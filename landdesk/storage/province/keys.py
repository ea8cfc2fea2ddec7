"""Identifying keys for cross-commune duplicates ("serial:…", "cccd:…", "parcel:…").

prov_keys holds each key as a 64-bit hash beside the number of its dossier (prov_dossiers.n): about 17
bytes a key instead of 60. A commune's keys land all over the index (they are random), so an import
rewrites most of its pages: at 1.2 million dossiers (4.8 million keys) the index is 85 MB to rewrite
instead of 370 MB. A hash match is confirmed on the other dossier's own key list (key_rows) before
it counts, so a collision only costs that check. Keys are added, removed and matched a batch at a
time, each batch sent as ONE bound value.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

import orjson
from sqlalchemy import ARRAY, BigInteger, Integer, String, bindparam, select, text
from sqlalchemy.orm import Session

from landdesk.storage.province.bulk import in_ids, insert_rows
from landdesk.storage.province.models import ProvDossier, ProvKey


def key_hash(key: str) -> int:
    """A key's 64-bit hash as a signed integer (both engines' BIGINT); stable across machines and versions."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def key_list(key_rows: str | bytes) -> list[str]:
    """A dossier's key_rows column ("k1","k2") as its list of keys."""
    return orjson.loads(b"[" + (key_rows.encode("utf-8") if isinstance(key_rows, str) else key_rows) + b"]")


def remove_keys(s: Session, dossier_ids: list[str]) -> None:
    """Remove the prov_keys rows of stored dossiers (before they are replaced or deleted): each
    dossier's key_rows names them, so they go by primary key."""
    if not dossier_ids:
        return
    rows = s.execute(select(ProvDossier.n, ProvDossier.key_rows).where(in_ids(s, ProvDossier.id, dossier_ids))).all()
    pairs = [(key_hash(k), n) for n, rows_ in rows if rows_ for k in key_list(rows_)]
    if not pairs:
        return
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(
            f"DELETE FROM prov_keys WHERE (h, n) IN (SELECT {_json_item('value', 0)}, {_json_item('value', 1)} "
            "FROM json_each(?))", (json.dumps(pairs),))
    else:
        s.execute(text("DELETE FROM prov_keys AS p USING unnest(:hs, :ns) AS j(h, n) WHERE p.h = j.h AND p.n = j.n")
                  .bindparams(bindparam("hs", type_=ARRAY(BigInteger)), bindparam("ns", type_=ARRAY(Integer))),
                  {"hs": [h for h, _ in pairs], "ns": [n for _, n in pairs]})


def add_keys(s: Session, keys_json: bytes) -> None:
    """The keys of a batch of dossiers already written. keys_json: a JSON array holding, for each
    dossier, [dossier id, hash, hash, ...] (records.Parsed.keys). SQLite inserts them in ONE statement
    reading that array (json_each), each dossier's number found by its id; PostgreSQL by COPY."""
    if keys_json == b"[]":
        return
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(
            "INSERT INTO prov_keys (h, n) SELECT k.value, o.n FROM json_each(?) AS d "
            f"JOIN prov_dossiers AS o ON o.id = {_json_item('d.value', 0)}, json_each(d.value) AS k WHERE k.key > 0 "
            "ORDER BY 1",
            (keys_json.decode("utf-8"),))
    else:
        batch = json.loads(keys_json)
        numbers = dict(s.execute(select(ProvDossier.id, ProvDossier.n)
                                 .where(in_ids(s, ProvDossier.id, [d[0] for d in batch]))).all())
        insert_rows(s, ProvKey.__table__, ("h", "n"), [(h, numbers[d[0]]) for d in batch for h in d[1:]])


def key_array(parts: Iterable[bytes]) -> bytes:
    """The records' [dossier id, hash, ...] arrays (records.Parsed.keys) joined into one JSON array."""
    return b"[" + b",".join(p for p in parts if p) + b"]"


def key_matches(s: Session, commune_code: str, keys_json: bytes,
                keys_of: dict[str, str | bytes]) -> list[tuple[str, str, str, str]]:
    """(dossier_id, kind, other_dossier_id, other_commune) for each of a commune's keys (keys_json: as
    add_keys takes it; keys_of: those dossiers' key_rows) that a dossier of another commune also
    has: one primary-key probe per key, the hashes sent as ONE bound value, each hit confirmed on the
    other dossier's own keys."""
    if keys_json == b"[]":
        return []
    if s.get_bind().dialect.name == "sqlite":
        did = _json_item("d.value", 0)
        sql = text(f"SELECT {did}, j.value, o.id, o.commune_code, o.key_rows FROM json_each(:keys) AS d, "
                   "json_each(d.value) AS j JOIN prov_keys AS k ON k.h = j.value JOIN prov_dossiers AS o ON o.n = k.n "
                   "WHERE j.key > 0 AND o.commune_code != :commune")
        params = {"keys": keys_json.decode("utf-8"), "commune": commune_code}
    else:
        pairs = [(h, d[0]) for d in json.loads(keys_json) for h in d[1:]]
        sql = text("SELECT j.did, j.h, o.id, o.commune_code, o.key_rows FROM unnest(:hs, :dids) AS j(h, did) "
                   "JOIN prov_keys AS k ON k.h = j.h JOIN prov_dossiers AS o ON o.n = k.n "
                   "WHERE o.commune_code != :commune").bindparams(
            bindparam("hs", type_=ARRAY(BigInteger)), bindparam("dids", type_=ARRAY(String)))
        params = {"hs": [h for h, _ in pairs], "dids": [d for _, d in pairs], "commune": commune_code}
    out = []
    for did, h, other, other_commune, other_rows in s.execute(sql, params):
        theirs = set(key_list(other_rows))
        for key in key_list(keys_of.get(did, b"")):
            if key_hash(key) == h and key in theirs:  # the same key, not a hash collision
                out.append((did, key.partition(":")[0], other, other_commune))
    return out


def stored_keys(s: Session) -> list[tuple[str, str, str]]:
    """Every (key, dossier id, commune) the index holds, each hash read back through its dossier's
    key_rows ("?" for a hash none of them has): for checks and tests, not for the import's path."""
    rows = s.execute(text("SELECT k.h, o.id, o.commune_code, o.key_rows FROM prov_keys AS k "
                          "JOIN prov_dossiers AS o ON o.n = k.n")).all()
    out = []
    for h, did, commune, key_rows in rows:
        keys = [k for k in key_list(key_rows or "") if key_hash(k) == h]
        out += [(k, did, commune) for k in keys] or [("?", did, commune)]
    return out


def _json_item(expr: str, i: int) -> str:
    # ->> (SQLite 3.38+) is cheaper than json_extract; older libraries get json_extract
    return f"{expr} ->> {i}" if sqlite3.sqlite_version_info >= (3, 38) else f"json_extract({expr}, '$[{i}]')"
