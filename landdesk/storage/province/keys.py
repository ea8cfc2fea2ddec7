"""The province's hash index of identifiers: the keys of cross-commune duplicates ("serial:…", "cccd:…",
"parcel:…") and every dossier's own id ("id:…", the one check that a dossier id is not another commune's).

Each key is its 64-bit hash beside the number of its dossier (prov_dossiers.n), about 17 bytes. A hash
hit is confirmed before it counts (on the other dossier's key_rows, or its id), so a collision costs only
that check. Keys are added, removed and matched a batch at a time, each batch sent as ONE bound value.

An import writes where it lands, not all over the index (a commune's keys are random: adding them to a
5-million-key index rewrote nearly all of it, 85 MB at 1.2 million dossiers, on every import). The
index is prov_key_runs, by (run, hash, number): an import adds its keys to the current run, the last
stretch of that index, and the import that brings it to RECENT_MAX keys seals it (seal_recent): the
next import starts a new run, and no key moves (p0011; p0010 appended a separate recent tier to the
runs, rewriting half a million keys at every seal). The sealed keys (the closed runs, and prov_keys:
the store's keys before runs) are probed only for the keys their Bloom filter may hold (storage.
province.keyfilter), about 1 % of an import's besides the duplicates, one probe per run; the current
run likewise, through a small filter of its own that every import keeps (1 MB: cheaper to rewrite
than 60,000 probes). A dossier row names the run holding its keys (key_run), so they are removed by
primary key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import NamedTuple

import orjson
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from landdesk.storage.province.bulk import in_ids, pg_array
from landdesk.storage.province.keyfilter import KeyFilter
from landdesk.storage.province.models import ProvDossier, ProvKeyFilter, ProvKeyRun

# Keys in the current run that make the import bringing it there seal it: about 2,000 pages of 4 KB
# (8 MB) at most rewritten by an import, and at 1.2 million dossiers a seal every eight or nine commune
# packages of 12,000 dossiers (5 keys each, the id included).
RECENT_MAX = 524_288

TIERS = ("prov_keys", "prov_key_runs")  # (prov_keys: the keys a store had before runs, p0010)


class Tiers(NamedTuple):
    """What an import's lookups need to know of the key index, read once at its start (key_tiers)."""

    sealed: KeyFilter  # the Bloom filter of the sealed keys: prov_keys and the runs before the current one
    current: int  # the run an import adds its keys to (runs 1..current - 1 are sealed)
    recent: KeyFilter  # the Bloom filter of the current run; its count: the keys added to it


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
    dossier's id, key_rows and key_run name them, so they go by primary key from the tier holding them."""
    if not dossier_ids:
        return
    rows = s.execute(select(ProvDossier.n, ProvDossier.id, ProvDossier.key_rows, ProvDossier.key_run)
                     .where(ProvDossier.commune_code == commune_code, in_ids(s, ProvDossier.id, dossier_ids))).all()
    before, runs = [], []  # (h, n) in prov_keys; (run, h, n) in prov_key_runs
    for n, did, key_rows, run in rows:
        for h in (id_hash(did), *(key_hash(k) for k in key_list(key_rows or ""))):
            if run is None:
                before.append((h, n))
            else:
                runs.append((run, h, n))
    _delete(s, "prov_keys", ("h", "n"), before)
    _delete(s, "prov_key_runs", ("run", "h", "n"), runs)


def _delete(s: Session, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    """Delete these primary keys from a key table, the list bound as ONE value."""
    if not rows:
        return
    if s.get_bind().dialect.name == "sqlite":
        items = ", ".join(_json_item("value", i) for i in range(len(cols)))
        s.connection().exec_driver_sql(f"DELETE FROM {table} WHERE ({', '.join(cols)}) IN "
                                       f"(SELECT {items} FROM json_each(?))", (json.dumps(rows),))
        return
    types = {"h": "BIGINT", "n": "INTEGER", "run": "INTEGER"}
    s.execute(text(f"DELETE FROM {table} AS p USING unnest({', '.join(f'CAST(:{c}s AS {types[c]}[])' for c in cols)}) "
                   f"AS j({', '.join(cols)}) WHERE {' AND '.join(f'p.{c} = j.{c}' for c in cols)}"),
              {f"{c}s": pg_array([r[i] for r in rows]) for i, c in enumerate(cols)})


def add_keys(s: Session, commune_code: str, keys_json: bytes, tiers: Tiers) -> None:
    """The keys of a commune's dossiers already written, into the current run and its filter (tiers: as
    this transaction read them, key_tiers). keys_json: a JSON array holding, for each dossier, [dossier
    id, hash, hash, ...] (records.Parsed.keys), inserted in ONE statement reading that array (parsed by
    the database, no per-key work in Python), each dossier's number found by (commune, id). The only way
    keys enter the current run: its filter must hold every key there."""
    if keys_json == b"[]":
        return
    tiers.recent.add(h for d in orjson.loads(keys_json) for h in d[1:])
    _save_filter(s, RECENT_FILTER, tiers.recent, tiers.current)
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(
            "INSERT INTO prov_key_runs (run, h, n) SELECT ?, k.value, o.n FROM json_each(?) AS d "
            f"JOIN prov_dossiers AS o ON o.commune_code = ? AND o.id = {_json_item('d.value', 0)}, "
            "json_each(d.value) AS k WHERE k.key > 0 ORDER BY 2",
            (tiers.current, keys_json.decode("utf-8"), commune_code))
    else:
        s.execute(text(
            "INSERT INTO prov_key_runs (run, h, n) SELECT :run, CAST(k.h AS BIGINT), o.n FROM json_array_elements("
            "CAST(:keys AS JSON)) AS d JOIN prov_dossiers AS o ON o.commune_code = :commune AND o.id = d.value ->> 0 "
            "CROSS JOIN LATERAL json_array_elements_text(d.value) WITH ORDINALITY AS k(h, i) WHERE k.i > 1 ORDER BY 2, 3"),
            {"run": tiers.current, "keys": keys_json.decode("utf-8"), "commune": commune_code})


def seal_recent(s: Session, tiers: Tiers | None = None, *, at_least: int | None = None) -> int:
    """Seal the current run when at_least keys were added to it (RECENT_MAX; 0: whenever it has any):
    its keys added to the sealed filter, and the next import starts the next run with an empty filter;
    no key moves. Returns the keys sealed. tiers: key_tiers() as this transaction read them (the
    import's), not read again."""
    tiers = tiers or key_tiers(s)
    if tiers.recent.keys == 0 or tiers.recent.keys < (RECENT_MAX if at_least is None else at_least):
        return 0
    kept = tiers.sealed
    kept.add(_hashes(s, tiers.current))
    if s.get_bind().dialect.name == "postgresql":  # both rows replaced: no 8,000 TOAST chunks marked dead one by one
        s.execute(text("TRUNCATE prov_key_filter"))
    _save_filter(s, SEALED_FILTER, _filter_of(s, SEALED_FILTER, tiers.current + 1) if kept.crowded() else kept)
    _save_filter(s, RECENT_FILTER, KeyFilter(bytearray(RECENT_BITS // 8), 0), tiers.current + 1)
    return tiers.recent.keys


def key_tiers(s: Session) -> Tiers:
    """The key index's filters and current run, for an import's lookups (key_matches). A filter the
    store lacks is made from its keys (and kept): the first import after the upgrade that added it, a
    few seconds at a million dossiers. Without the current run's filter (and the number it keeps), the
    current run is the last one there is: a store upgraded from p0010 has its recent keys there, and
    one whose recent tier was empty goes on adding to its last sealed run (its keys are in both
    filters then: a probe more for them, nothing else)."""
    recent = _read_filter(s, RECENT_FILTER)
    if recent is None:
        current = s.execute(select(func.max(ProvKeyRun.run))).scalar() or 1
        made = _filter_of(s, RECENT_FILTER, current)
        _save_filter(s, RECENT_FILTER, made, current)
        recent = (made, current)
    sealed = _read_filter(s, SEALED_FILTER)
    if sealed is None:
        made = _filter_of(s, SEALED_FILTER, recent[1])
        _save_filter(s, SEALED_FILTER, made)
        sealed = (made, None)
    return Tiers(sealed[0], recent[1], recent[0])


# prov_key_filter's rows: the sealed keys' filter (sized for them, grown as they grow), the current run's
# (rewritten by every import: 1 MB, 16 bits a key when the run is full, about 1.4 % false positives)
SEALED_FILTER, RECENT_FILTER = 1, 2
RECENT_BITS = 1 << 23


def _read_filter(s: Session, which: int) -> tuple[KeyFilter, int | None] | None:
    """A kept filter and its run (the current run's), or None."""
    if s.get_bind().dialect.name == "postgresql":  # its bytes as they are, not as 32 MB of hex text
        with s.connection().connection.dbapi_connection.cursor(binary=True) as cur:
            row = cur.execute("SELECT keys, bits, run FROM prov_key_filter WHERE id = %s", (which,)).fetchone()
    else:
        row = s.execute(select(ProvKeyFilter.keys, ProvKeyFilter.bits, ProvKeyFilter.run)
                        .where(ProvKeyFilter.id == which)).first()
    return None if row is None else (KeyFilter(row[1], row[0]), row[2])


def _filter_of(s: Session, which: int, current: int) -> KeyFilter:
    """A filter made from the keys it covers: the sealed ones (prov_keys, the runs before `current`), or
    the current run's."""
    if which == RECENT_FILTER:
        made = KeyFilter(bytearray(RECENT_BITS // 8), 0)
        made.add(_hashes(s, current))
        return made
    count = (s.execute(text("SELECT count(*) FROM prov_keys")).scalar_one()
             + s.execute(text("SELECT count(*) FROM prov_key_runs WHERE run < :r"), {"r": current}).scalar_one())
    made = KeyFilter.sized_for(count)
    made.add(_hashes(s, None))
    for run in range(1, current):
        made.add(_hashes(s, run))
    return made


def _hashes(s: Session, run: int | None) -> Iterator[int]:
    """Every hash of a run (None: of prov_keys), straight from the driver (half a million of them at a
    seal: no per-row result processing). PostgreSQL sends a run's as one binary string (a third of the
    time of fetching them as rows), prov_keys' (millions) through a server-side cursor; SQLite's come a
    chunk at a time, their one-item rows flattened in C."""
    raw = s.connection().connection.dbapi_connection
    if s.get_bind().dialect.name == "postgresql":
        if run is not None:
            with raw.cursor(binary=True) as cur:
                blob = cur.execute("SELECT string_agg(int8send(h), ''::bytea) FROM prov_key_runs WHERE run = %s",
                                   (int(run),)).fetchone()[0]
            hashes = array("q", blob or b"")
            if sys.byteorder == "little":  # int8send: network order
                hashes.byteswap()
            yield from hashes
            return
        cur = raw.cursor("landdesk_hashes")
        cur.execute("SELECT h FROM prov_keys")
    else:
        cur = raw.cursor()
        if run is None:
            cur.execute("SELECT h FROM prov_keys")
        else:
            cur.execute("SELECT h FROM prov_key_runs WHERE run = ?", (int(run),))
    try:
        while rows := cur.fetchmany(50_000):
            yield from chain.from_iterable(rows)
    finally:
        cur.close()


def _save_filter(s: Session, which: int, kept: KeyFilter, run: int | None = None) -> None:
    s.execute(delete(ProvKeyFilter).where(ProvKeyFilter.id == which))
    s.execute(insert(ProvKeyFilter).values(id=which, keys=kept.keys, bits=bytes(kept.bits), run=run))


def key_array(parts: Iterable[bytes]) -> bytes:
    """The records' [dossier id, hash, ...] arrays (records.Parsed.keys) joined into one JSON array."""
    return b"[" + b",".join(p for p in parts if p) + b"]"


def key_matches(s: Session, commune_code: str, keys_json: bytes, keys_of: dict[str, str | bytes],
                tiers: Tiers) -> list[tuple[str, str, str, str]]:
    """(dossier_id, kind, other_dossier_id, other_commune) for each of a commune's keys (keys_json: as
    add_keys takes it; keys_of: those dossiers' key_rows) that a dossier of another commune also has,
    kind "id" when it is the dossier's own id: one primary-key probe per tier (per sealed run) for each
    key that tier's filter may hold, the hashes sent as ONE bound value, each hit confirmed on the other
    dossier's own keys or id."""
    if keys_json == b"[]":
        return []
    dossiers = orjson.loads(keys_json)
    sealed = _maybe(dossiers, tiers.sealed)
    probes = [("prov_key_runs", _maybe(dossiers, tiers.recent), (tiers.current,)), ("prov_keys", sealed, ()),
              ("prov_key_runs", sealed, range(1, tiers.current))]
    out = []
    for table, probed, runs in probes:
        for did, h, other, other_commune, other_rows in _probe(s, table, commune_code, probed, runs):
            if other == did and h == id_hash(did):  # the id itself, another commune's
                out.append((did, "id", other, other_commune))
                continue
            theirs = set(key_list(other_rows or ""))
            for key in key_list(keys_of.get(did) or b""):
                if key_hash(key) == h and key in theirs:  # the same key, not a hash collision
                    out.append((did, key.partition(":")[0], other, other_commune))
    return out


def _maybe(dossiers: list, kept: KeyFilter) -> list:
    """The [id, hash, ...] arrays cut to the hashes the filter may hold (those with none left out)."""
    held = kept.held
    return [[d[0], *hs] for d in dossiers if (hs := held(d[1:]))]


def _probe(s: Session, table: str, commune_code: str, dossiers: list, runs: Sequence[int]):
    """(dossier id, hash, other id, other commune, other key_rows) for the [id, hash, ...] arrays' hashes
    that this tier holds for another commune's dossier (runs: prov_key_runs' runs, each probed)."""
    if not dossiers or (table == "prov_key_runs" and not runs):
        return []
    if s.get_bind().dialect.name == "sqlite":
        params = {"keys": orjson.dumps(dossiers).decode("utf-8"), "commune": commune_code}
    else:
        params = {"hs": pg_array([h for d in dossiers for h in d[1:]]),
                  "dids": pg_array([d[0] for d in dossiers for _ in d[1:]]), "commune": commune_code}
    return s.execute(probe_statement(s, table, runs), params)


def probe_statement(s: Session, table: str, runs: Sequence[int] = ()):
    """_probe's statement: one primary-key seek per key (and per run, if any), whatever the planner's
    statistics say (tests/sync/test_keys.py reads its plan)."""
    if s.get_bind().dialect.name == "sqlite":
        # CROSS JOIN: in this order (the planner would otherwise read a whole run for each key)
        return text(
            f"SELECT {_json_item('d.value', 0)}, j.value, o.id, o.commune_code, o.key_rows FROM json_each(:keys) AS d "
            f"CROSS JOIN json_each(d.value) AS j CROSS JOIN {table} AS k ON {_in_runs(s, runs)}k.h = j.value "
            "JOIN prov_dossiers AS o ON o.n = k.n WHERE j.key > 0 AND o.commune_code != :commune")
    # OFFSET 0 keeps the planner from flattening the runs' subquery into one scan of every run
    tier = (f"CROSS JOIN LATERAL (SELECT k.n FROM {table} AS k WHERE {_in_runs(s, runs)}k.h = j.h OFFSET 0) AS k"
            if runs else f"JOIN {table} AS k ON k.h = j.h")
    return text(
        "SELECT j.did, j.h, o.id, o.commune_code, o.key_rows FROM unnest(CAST(:hs AS BIGINT[]), "
        f"CAST(:dids AS VARCHAR[])) AS j(h, did) {tier} JOIN prov_dossiers AS o ON o.n = k.n "
        "WHERE o.commune_code != :commune")


def _in_runs(s: Session, runs: Sequence[int]) -> str:
    """The condition on prov_key_runs' leading column that makes a probe by hash one seek per run
    (numbers of our own, written into the statement)."""
    if not runs:
        return ""
    if s.get_bind().dialect.name == "sqlite":
        return f"k.run IN ({', '.join(str(int(r)) for r in runs)}) AND "
    return f"k.run = ANY(ARRAY[{', '.join(str(int(r)) for r in runs)}]) AND "


def dossier_number(s: Session, dossier_id: str) -> int | None:
    """The number of the dossier with this id, whichever its commune (through the index: the id hash,
    confirmed on the id)."""
    h = id_hash(dossier_id)
    runs = range(1, (s.execute(select(func.max(ProvKeyRun.run))).scalar() or 0) + 1)
    for table in TIERS:
        if table == "prov_key_runs" and not runs:
            continue
        n = s.execute(text(f"SELECT o.n FROM {table} AS k JOIN prov_dossiers AS o ON o.n = k.n "
                           f"WHERE {_in_runs(s, runs) if table == 'prov_key_runs' else ''}k.h = :h AND o.id = :id"),
                      {"h": h, "id": dossier_id}).scalar()
        if n is not None:
            return n
    return None


def stored_keys(s: Session) -> list[tuple[str, str, str]]:
    """Every (key, dossier id, commune) the index holds (every tier, ids left out), each hash read back
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
