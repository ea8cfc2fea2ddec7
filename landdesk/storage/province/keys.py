"""Identifying keys for cross-commune duplicates ("serial:…", "cccd:…", "parcel:…"): added, removed and
matched a batch at a time, each batch's keys sent as ONE bound value."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from sqlalchemy import ARRAY, String, bindparam, text
from sqlalchemy.orm import Session

from landdesk.storage.province.bulk import KEY_ROW, insert_rows
from landdesk.storage.province.models import ProvKey


def remove_keys(s: Session, dossier_ids: list[str]) -> None:
    """Remove the prov_keys rows of stored dossiers (before they are replaced or deleted): each
    dossier's key_rows names them, so they go by primary key, read and deleted in one statement."""
    if not dossier_ids:
        return
    if s.get_bind().dialect.name == "sqlite":
        sql = text("DELETE FROM prov_keys WHERE (key, dossier_id) IN (SELECT k.value, d.id "
                   "FROM prov_dossiers AS d, json_each('[' || d.key_rows || ']') AS k "
                   "WHERE d.id IN (SELECT value FROM json_each(:ids)))")
        s.execute(sql, {"ids": json.dumps(dossier_ids)})
    else:
        s.execute(text("DELETE FROM prov_keys AS p USING prov_dossiers AS d, "
                       "json_array_elements_text(('[' || d.key_rows || ']')::json) AS k(key) "
                       "WHERE d.id = ANY(:ids) AND p.dossier_id = d.id AND p.key = k.key")
                  .bindparams(bindparam("ids", type_=ARRAY(String))), {"ids": dossier_ids})


def add_keys(s: Session, commune_code: str, keys_json: bytes) -> None:
    """The keys of a batch of the commune's dossiers. keys_json: a JSON array holding, for each
    dossier, [dossier id, key, key, ...]. SQLite inserts them in ONE statement reading that array
    (json_each), far cheaper than binding parameters for each of tens of thousands of rows, and
    each key is read as it is (no per-key JSON to take apart); PostgreSQL takes them by COPY."""
    if keys_json == b"[]":
        return
    if s.get_bind().dialect.name == "sqlite":
        did = _json_item("d.value", 0)
        s.connection().exec_driver_sql(
            f"INSERT INTO prov_keys ({', '.join(KEY_ROW)}) SELECT k.value, {did}, ? "
            "FROM json_each(?) AS d, json_each(d.value) AS k WHERE k.key > 0", (commune_code, keys_json.decode("utf-8")))
    else:
        rows = [(k, d[0], commune_code) for d in json.loads(keys_json) for k in d[1:]]
        insert_rows(s, ProvKey.__table__, KEY_ROW, rows)


def key_array(parts: Iterable[bytes]) -> bytes:
    """The records' [dossier id, key, ...] arrays (records.Parsed.keys) joined into one JSON array."""
    return b"[" + b",".join(p for p in parts if p) + b"]"


def key_matches(s: Session, commune_code: str, keys_json: bytes) -> list[tuple[str, str, str, str]]:
    """(dossier_id, kind, other_dossier_id, other_commune) for each of a commune's keys (keys_json:
    as add_keys takes it) that a dossier of another commune also has: one primary-key probe per
    key, the keys sent as ONE bound value (the JSON text on SQLite, arrays on PostgreSQL)."""
    if keys_json == b"[]":
        return []
    if s.get_bind().dialect.name == "sqlite":
        did = _json_item("d.value", 0)
        sql = text(f"SELECT {did}, k.key, k.dossier_id, k.commune_code FROM json_each(:keys) AS d, "
                   "json_each(d.value) AS j JOIN prov_keys AS k ON k.key = j.value "
                   "WHERE j.key > 0 AND k.commune_code != :commune")
        params = {"keys": keys_json.decode("utf-8"), "commune": commune_code}
    else:
        pairs = [(k, d[0]) for d in json.loads(keys_json) for k in d[1:]]
        sql = text("SELECT j.did, k.key, k.dossier_id, k.commune_code FROM unnest(:keys, :dids) AS j(key, did) "
                   "JOIN prov_keys AS k ON k.key = j.key WHERE k.commune_code != :commune").bindparams(
            bindparam("keys", type_=ARRAY(String)), bindparam("dids", type_=ARRAY(String)))
        params = {"keys": [k for k, _ in pairs], "dids": [d for _, d in pairs], "commune": commune_code}
    return [(did, key.partition(":")[0], other, other_commune) for did, key, other, other_commune in s.execute(sql, params)]


def _json_item(expr: str, i: int) -> str:
    # ->> (SQLite 3.38+) is cheaper than json_extract; older libraries get json_extract
    return f"{expr} ->> {i}" if sqlite3.sqlite_version_info >= (3, 38) else f"json_extract({expr}, '$[{i}]')"
