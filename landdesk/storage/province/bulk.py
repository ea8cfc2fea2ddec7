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
    # SQLite: data and base LZ4-packed (province.packed), key_rows UTF-8 bytes (stored as text, not decoded);
    # else every text column a str, decoded by the worker that parses the records, not by the writer
    packed: bool
    key_run: int  # the key run the import adds its keys to (storage.province.keys.Tiers.current)


def row_form(s: Session, at: datetime, key_run: int) -> RowForm:
    sqlite = s.get_bind().dialect.name == "sqlite"
    return RowForm(sqlite_value(at) if sqlite else at, sqlite, key_run)


def insert_rows(s: Session, table, cols: tuple[str, ...], rows: list[tuple], *, utf8: tuple[str, ...] = ()) -> None:
    """Row tuples (values already in the driver's form, see RowForm) straight to the driver:
    executemany on SQLite, COPY on psycopg. The import's hot path: no per-row dict or processing.

    Columns named in utf8 may hold UTF-8 bytes for text (the package's lines as read): SQLite takes
    them as they are (CAST to TEXT, no decode and re-encode of every stored dossier). Other engines get
    text as str (RowForm)."""
    if not rows:
        return
    conn = s.connection()
    dialect = conn.dialect
    quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in cols)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, table.name, quoted, rows, _column_types(conn, table.name, cols))
        return
    if dialect.paramstyle == "named":
        params = [dict(zip(cols, r, strict=True)) for r in rows]
        marks = ", ".join(f":{c}" for c in cols)
    else:
        params = rows
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        marks = ", ".join(f"CAST({mark} AS TEXT)" if c in utf8 else mark for c in cols)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", params)


def _copy(conn, name: str, quoted: str, rows, types: list[int] | None = None) -> None:
    """COPY: one round trip for the whole batch instead of one statement per row; in binary with the
    columns' types (the values already of those types: RowForm): about half the client's work and a
    fifth less of the server's than text, whose 30 MB of an import's JSON are escaped and scanned."""
    raw = conn.connection.dbapi_connection
    binary = " (FORMAT BINARY)" if types else ""
    with raw.cursor() as cur, cur.copy(f"COPY {name} ({quoted}) FROM STDIN{binary}") as copy:
        if types:
            copy.set_types(types)
        for r in rows:
            copy.write_row(r)


def _column_types(conn, name: str, cols: tuple[str, ...]) -> list[int]:
    """The type oids of a table's columns, asked once per connection."""
    known = conn.info.setdefault("landdesk_column_types", {})
    if name not in known:
        known[name] = dict(conn.exec_driver_sql(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = CAST(%(t)s AS regclass) "
            "AND attnum > 0 AND NOT attisdropped", {"t": name}).all())
    return [known[name][c] for c in cols]


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


def pg_array(values) -> str:
    """A list as the text of a PostgreSQL array, to bind as ONE text value and CAST on the server:
    psycopg's array dumper costs several microseconds an element in Python (a quarter of a second for
    an import's 60,000 keys); this is a join. Elements are ints or strings (quoted and escaped)."""
    if values and isinstance(values[0], str):
        return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"
    return "{" + ",".join(str(int(v)) for v in values) + "}"


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
