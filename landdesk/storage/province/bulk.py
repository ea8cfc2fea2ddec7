"""The province import's path to the driver: row tuples straight to executemany (SQLite) or COPY
(psycopg), with no per-row dict or parameter processing; and id lists bound as ONE value."""

from __future__ import annotations

import json
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import ARRAY, String, Text, bindparam, func, text
from sqlalchemy.orm import Session

# Column order of the row tuples the importer builds (services.province.records, dossiers.insert_dossier_rows).
DOSSIER_ROW = ("id", "commune_code", "status", "province_status", "revision",
               "change_no", "province_revision", "edited", "errors", "holders", "verified", "incorrect",
               "needs_police", "scanned", "notify", "data", "base", "package_seq", "updated_at", "key_rows", "key_run")


class RowForm(NamedTuple):
    """How the importer's DOSSIER_ROW tuples hold values for this store's driver."""

    stamp: object  # the import instant (SQLite: SQLAlchemy's text form of a DateTime)
    packed: bool  # data and base LZ4-packed (province.packed: SQLite), else UTF-8 text or bytes
    key_run: int  # the key run the import adds its keys to (storage.province.keys.current_run)


def row_form(s: Session, at: datetime, key_run: int) -> RowForm:
    sqlite = s.get_bind().dialect.name == "sqlite"
    return RowForm(sqlite_value(at) if sqlite else at, sqlite, key_run)


def insert_rows(s: Session, table, cols: tuple[str, ...], rows: list[tuple], *, utf8: tuple[str, ...] = ()) -> None:
    """Row tuples (values already in the driver's form, see RowForm) straight to the driver:
    executemany on SQLite, COPY on psycopg. The import's hot path: no per-row dict or processing.

    Columns named in utf8 may hold UTF-8 bytes for text (the package's lines as read): SQLite takes
    them as they are (CAST to TEXT, no decode and re-encode of every stored dossier)."""
    if not rows:
        return
    conn = s.connection()
    dialect = conn.dialect
    quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in cols)
    if dialect.name != "sqlite" and utf8:
        at = [cols.index(c) for c in utf8]
        rows = [_decoded(r, at) for r in rows]
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, table.name, quoted, rows)
        return
    if dialect.paramstyle == "named":
        params = [dict(zip(cols, r, strict=True)) for r in rows]
        marks = ", ".join(f":{c}" for c in cols)
    else:
        params = rows
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        marks = ", ".join(f"CAST({mark} AS TEXT)" if c in utf8 else mark for c in cols)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", params)


def _decoded(row: tuple, at: list[int]) -> tuple:
    out = list(row)
    for i in at:
        if isinstance(out[i], bytes):
            out[i] = out[i].decode("utf-8")
    return tuple(out)


def _copy(conn, name: str, quoted: str, rows) -> None:
    # COPY: one round trip for the whole batch instead of one statement per row
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(r)


def bulk_insert(s: Session, table, rows: list[dict]) -> None:
    """executemany straight on the driver (SQLite or psycopg): the province import inserts tens of
    thousands of rows a second, and per-row parameter processing would cost more than the insert."""
    if not rows:
        return
    cols = list(rows[0])
    conn = s.connection()
    dialect = conn.dialect
    name = table.name
    quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in cols)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, name, quoted, (tuple(r[c] for c in cols) for r in rows))
        return
    if dialect.paramstyle == "qmark":
        # datetime columns go last so each row is one itemgetter call plus their text form
        stamps = [c for c in cols if isinstance(rows[0][c], datetime)]
        plain = [c for c in cols if c not in stamps]
        order = ", ".join(dialect.identifier_preparer.quote(c) for c in plain + stamps)
        sql = f"INSERT INTO {name} ({order}) VALUES ({', '.join('?' for _ in cols)})"
        params = _sqlite_params(rows, plain, stamps)
    elif dialect.paramstyle in ("pyformat", "named"):
        mark = "%({})s" if dialect.paramstyle == "pyformat" else ":{}"
        sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join(mark.format(c) for c in cols)})"
        params = rows
    else:  # "format"
        sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join('%s' for _ in cols)})"
        params = [tuple(r[c] for c in cols) for r in rows]
    conn.exec_driver_sql(sql, params)


def _sqlite_params(rows: list[dict], plain: list[str], stamps: list[str]) -> list[tuple]:
    """Row tuples: the plain columns, then the datetime ones as text (an import stamps every row with
    the same instant, so each distinct value is formatted once)."""
    get = itemgetter(*plain) if len(plain) > 1 else (lambda r: (r[plain[0]],))
    if not stamps:
        return [get(r) for r in rows]
    text_: dict = {}

    def stamp(v):
        if v not in text_:
            text_[v] = sqlite_value(v)
        return text_[v]

    if len(stamps) == 1:
        (c,) = stamps
        return [(*get(r), stamp(r[c])) for r in rows]
    return [(*get(r), *(stamp(r[c]) for c in stamps)) for r in rows]


def sqlite_value(v):
    # the text form SQLAlchemy's SQLite DateTime type writes and reads back
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="microseconds")
    return v


def _id_list(s: Session, ids: list[str]):
    """A whole id list as ONE bound value (a JSON array on SQLite, an array on PostgreSQL): one
    statement per batch instead of one per 900 ids, and no per-id parameter compilation."""
    if s.get_bind().dialect.name == "sqlite":
        return bindparam("ids", json.dumps(ids), type_=Text), text("SELECT value FROM json_each(:ids)")
    return bindparam("ids", ids, type_=ARRAY(String)), None


def in_ids(s: Session, column, ids: list[str]):
    """`column IN ids` with the list bound as one value."""
    param, subquery = _id_list(s, ids)
    if subquery is not None:
        return column.in_(subquery.bindparams(param).columns(column))
    return column == func.any(param)
