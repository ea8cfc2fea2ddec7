"""The province store: engine (SQLite file or PostgreSQL URL), schema upgrades, and queries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ARRAY,
    Engine,
    String,
    Text,
    bindparam,
    create_engine,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from landdesk.domain.errors import LandDeskError
from landdesk.storage.base import utcnow
from landdesk.storage.engine import make_engine
from landdesk.storage.province_models import (
    ProvAudit,
    ProvCommune,
    ProvConflict,
    ProvDossier,
    ProvinceBase,
    ProvKey,
    ProvPackage,
    ProvRosterKey,
    ProvScan,
    ProvSetting,
    ProvTombstone,
)

MIGRATIONS_DIR = Path(__file__).with_name("province_migrations")
VERSION_TABLE = "province_alembic_version"


def is_url(target: str) -> bool:
    return "://" in str(target)


def make_province_engine(target: str | Path) -> Engine:
    """SQLite file path (same pragmas as a workspace) or an SQLAlchemy URL (PostgreSQL)."""
    if is_url(str(target)):
        try:
            return create_engine(str(target), future=True, pool_pre_ping=True, hide_parameters=True)
        except ModuleNotFoundError as exc:  # the PostgreSQL driver is the optional [province] extra
            if not (exc.name or "").startswith("psycopg"):
                raise
            raise LandDeskError(
                "Bản cài này không có trình điều khiển PostgreSQL (psycopg). Dùng SQLite, hoặc cài bản có "
                "PostgreSQL: pip install \"landdesk[province]\".",
                "This installation has no PostgreSQL driver (psycopg). Use SQLite, or install the PostgreSQL "
                "edition: pip install \"landdesk[province]\".") from None
    path = Path(target)
    if not path.exists():
        _new_sqlite_file(path)
    return make_engine(path)


PAGE_SIZE = 16384


def _new_sqlite_file(path: Path) -> None:
    """A new store gets 16 KB pages: a stored dossier (~2.5 KB of JSON) would fill only half a default
    4 KB page, and every page is written twice at commit (WAL, then checkpoint) — 16 KB pages pack
    six or so, a quarter less to write and fsync per import. The page size is fixed once WAL is on."""
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA page_size={PAGE_SIZE}")
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def is_disk_full(exc: BaseException) -> bool:
    """A database error that means the drive (or the server's disk) is full."""
    import errno

    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, OSError):
        return orig.errno == errno.ENOSPC
    text_ = str(orig).lower()
    return ("database or disk is full" in text_ or getattr(orig, "sqlite_errorcode", None) == 13
            or getattr(orig, "sqlstate", None) == "53100" or "no space left on device" in text_)


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def check_models_match(engine: Engine) -> list:
    from alembic.autogenerate import compare_metadata

    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name in (VERSION_TABLE, "alembic_version"))

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include,
                                                     "version_table": VERSION_TABLE})
        return compare_metadata(ctx, ProvinceBase.metadata)


# Column order of the row tuples the importer builds (insert_dossier_rows, add_keys for PostgreSQL).
DOSSIER_ROW = ("id", "commune_code", "status", "province_status", "revision",
               "change_no", "province_revision", "edited", "errors", "holders", "verified", "incorrect",
               "needs_police", "scanned", "notify", "data", "base", "package_seq", "updated_at", "key_rows")
KEY_ROW = ("key", "dossier_id", "commune_code")


class RowForm(NamedTuple):
    """How the importer's DOSSIER_ROW tuples hold values for this store's driver."""

    stamp: object  # the import instant (SQLite: SQLAlchemy's text form of a DateTime)
    packed: bool  # data and base LZ4-packed (storage.packed: SQLite), else UTF-8 text or bytes


def row_form(s: Session, at: datetime) -> RowForm:
    sqlite = s.get_bind().dialect.name == "sqlite"
    return RowForm(_sqlite_value(at) if sqlite else at, sqlite)


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
    text: dict = {}

    def stamp(v):
        if v not in text:
            text[v] = _sqlite_value(v)
        return text[v]

    if len(stamps) == 1:
        (c,) = stamps
        return [(*get(r), stamp(r[c])) for r in rows]
    return [(*get(r), *(stamp(r[c]) for c in stamps)) for r in rows]


def _sqlite_value(v):
    # the text form SQLAlchemy's SQLite DateTime type writes and reads back
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="microseconds")
    return v


# ---- settings, communes, roster -------------------------------------------------------------------

def get_setting(s: Session, key: str, default=None):
    raw = s.execute(select(ProvSetting.value).where(ProvSetting.key == key)).scalar_one_or_none()
    return default if raw is None else json.loads(raw)


def put_setting(s: Session, key: str, value) -> None:
    s.merge(ProvSetting(key=key, value=json.dumps(value, ensure_ascii=False)))
    s.flush()


def put_communes(s: Session, communes: Iterable[tuple[str, str, int]]) -> None:
    for code, name, target in communes:
        row = s.get(ProvCommune, code)
        if row is None:
            s.add(ProvCommune(code=code, name=name, target=target))
        else:
            row.name, row.target = name, target
    s.flush()


def communes(s: Session) -> list[ProvCommune]:
    return list(s.execute(select(ProvCommune).order_by(ProvCommune.code)).scalars())


def commune(s: Session, code: str) -> ProvCommune | None:
    return s.get(ProvCommune, code)


def roster(s: Session) -> list[ProvRosterKey]:
    return list(s.execute(select(ProvRosterKey).order_by(ProvRosterKey.commune_code, ProvRosterKey.added_at)).scalars())


def roster_key(s: Session, fingerprint: str) -> ProvRosterKey | None:
    return s.get(ProvRosterKey, fingerprint)


def add_roster_key(s: Session, commune_code: str, fingerprint: str, public_key: str, status: str) -> ProvRosterKey:
    row = s.get(ProvRosterKey, fingerprint)
    if row is None:
        row = ProvRosterKey(fingerprint=fingerprint, commune_code=commune_code, public_key=public_key,
                            status=status, added_at=utcnow())
        s.add(row)
    elif status == "approved":
        row.status = "approved"
    if status == "approved":
        row.approved_at = utcnow()
    s.flush()
    return row


def retire_roster_key(s: Session, fingerprint: str, *, before_seq: int | None) -> None:
    """Retire a key (rotation: valid below `before_seq`) or revoke it (before_seq None)."""
    row = s.get(ProvRosterKey, fingerprint)
    if row is not None:
        row.status = "retired" if before_seq is not None else "revoked"
        row.valid_before_seq = before_seq
        row.retired_at = utcnow()
        s.flush()


def drop_old_pending(s: Session, commune_code: str, keep: int) -> None:
    """Keep only the newest `keep` pending keys of a commune (anyone can make a key and sign a package)."""
    rows = list(s.execute(select(ProvRosterKey).where(ProvRosterKey.commune_code == commune_code,
                                                      ProvRosterKey.status == "pending")
                          .order_by(ProvRosterKey.added_at.desc(), ProvRosterKey.fingerprint)).scalars())
    for row in rows[keep:]:
        s.delete(row)
    s.flush()


def approved_keys(s: Session, commune_code: str) -> list[ProvRosterKey]:
    return list(s.execute(select(ProvRosterKey).where(ProvRosterKey.commune_code == commune_code,
                                                      ProvRosterKey.status == "approved")).scalars())


# ---- packages ------------------------------------------------------------------------------------

def package(s: Session, package_id: str) -> ProvPackage | None:
    return s.get(ProvPackage, package_id)


def package_at(s: Session, commune_code: str, seq: int) -> ProvPackage | None:
    return s.execute(select(ProvPackage).where(ProvPackage.commune_code == commune_code,
                                               ProvPackage.seq == seq)).scalar_one_or_none()


def imported_seqs(s: Session, commune_code: str) -> list[int]:
    return list(s.execute(select(ProvPackage.seq).where(ProvPackage.commune_code == commune_code)
                          .order_by(ProvPackage.seq)).scalars())


def add_package(s: Session, **values) -> None:
    s.execute(insert(ProvPackage).values(imported_at=utcnow(), **values))


def update_commune_progress(s: Session, code: str, *, at) -> tuple[int, int]:
    """Recompute last and contiguous sequence numbers; returns (last_seq, contiguous_through)."""
    seqs = imported_seqs(s, code)
    contiguous = 0
    for n in seqs:
        if n == contiguous + 1:
            contiguous = n
        elif n > contiguous + 1:
            break
    last = seqs[-1] if seqs else 0
    s.execute(update(ProvCommune).where(ProvCommune.code == code)
              .values(last_seq=last, contiguous_through=contiguous, last_package_at=at))
    return last, contiguous


# ---- dossiers ------------------------------------------------------------------------------------

def _id_list(s: Session, ids: list[str]):
    """A whole id list as ONE bound value (a JSON array on SQLite, an array on PostgreSQL): one
    statement per batch instead of one per 900 ids, and no per-id parameter compilation."""
    if s.get_bind().dialect.name == "sqlite":
        return bindparam("ids", json.dumps(ids), type_=Text), text("SELECT value FROM json_each(:ids)")
    return bindparam("ids", ids, type_=ARRAY(String)), None


def _in_ids(s: Session, column, ids: list[str]):
    param, subquery = _id_list(s, ids)
    if subquery is not None:
        return column.in_(subquery.bindparams(param).columns(column))
    return column == func.any(param)


def existing_dossiers(s: Session, ids: list[str]) -> dict[str, ProvDossier]:
    """The bookkeeping columns of the stored dossiers among ids (not their JSON: see dossier_texts)."""
    if not ids:
        return {}
    rows = s.execute(select(ProvDossier.id, ProvDossier.commune_code, ProvDossier.change_no,
                            ProvDossier.revision, ProvDossier.edited, ProvDossier.province_revision)
                     .where(_in_ids(s, ProvDossier.id, ids))).all()
    return {r.id: r for r in rows}


def dossier_texts(s: Session, ids: list[str]) -> dict[str, tuple[str, str]]:
    """{id: (data, base)} — only the dossiers a merge needs, so an update batch doesn't read every JSON."""
    if not ids:
        return {}
    rows = s.execute(select(ProvDossier.id, ProvDossier.data, ProvDossier.base)
                     .where(_in_ids(s, ProvDossier.id, ids))).all()
    return {r.id: (r.data, r.base) for r in rows}


def tombstoned(s: Session, commune_code: str, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    return dict(s.execute(select(ProvTombstone.entity_id, ProvTombstone.change_no)
                          .where(ProvTombstone.commune_code == commune_code,
                                 _in_ids(s, ProvTombstone.entity_id, ids))).all())


def insert_dossier_rows(s: Session, rows: list[tuple]) -> None:
    """New dossiers as DOSSIER_ROW tuples in the store's RowForm (key_rows as text or UTF-8 bytes)."""
    packed = s.get_bind().dialect.name == "sqlite"
    insert_rows(s, ProvDossier.__table__, DOSSIER_ROW, rows, utf8=("key_rows",) if packed else ("data", "base", "key_rows"))


def replace_dossier_rows(s: Session, rows: list[tuple]) -> None:
    """Whole-row replacement of existing dossiers (delete + executemany insert: fastest on both engines)."""
    if rows:
        s.execute(delete(ProvDossier).where(_in_ids(s, ProvDossier.id, [r[0] for r in rows])))
        insert_dossier_rows(s, rows)


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


def any_tombstones(s: Session, commune_code: str) -> bool:
    return s.execute(select(ProvTombstone.entity_id).where(ProvTombstone.commune_code == commune_code)
                     .limit(1)).first() is not None


def delete_dossiers(s: Session, commune_code: str, tombs: list[dict]) -> int:
    """Apply tombstones newer than what is stored; returns dossiers removed."""
    if not tombs:
        return 0
    ids = [t["entity_id"] for t in tombs]
    have = existing_dossiers(s, ids)
    known = tombstoned(s, commune_code, ids)
    removed = 0
    new_tombs, upd_tombs = [], []
    for t in tombs:
        did, cn = t["entity_id"], t["change_no"]
        row = have.get(did)
        if row is not None and row.commune_code == commune_code and row.change_no < cn:
            remove_keys(s, [did])
            s.execute(delete(ProvDossier).where(ProvDossier.id == did))
            s.execute(update(ProvConflict).where(ProvConflict.dossier_id == did, ProvConflict.status == "open")
                      .values(status="resolved", resolution="deleted", resolved_at=utcnow()))
            removed += 1
        if did not in known:
            new_tombs.append({"commune_code": commune_code, "entity_id": did, "change_no": cn,
                              "deleted_at": t.get("deleted_at", "")})
        elif known[did] < cn:
            upd_tombs.append((did, cn))
    if new_tombs:
        s.execute(insert(ProvTombstone.__table__), new_tombs)
    for did, cn in upd_tombs:
        s.execute(update(ProvTombstone).where(ProvTombstone.commune_code == commune_code,
                                              ProvTombstone.entity_id == did).values(change_no=cn))
    return removed


def add_conflicts(s: Session, rows: list[dict]) -> int:
    """Queue conflicts, skipping ones already open for the same dossier, kind, field and other dossier."""
    if not rows:
        return 0
    ids = list({r["dossier_id"] for r in rows})
    open_ = set()
    for i in range(0, len(ids), 900):
        open_ |= set(s.execute(select(ProvConflict.dossier_id, ProvConflict.kind, ProvConflict.field,
                                      ProvConflict.other_dossier_id)
                               .where(ProvConflict.dossier_id.in_(ids[i:i + 900]),
                                      ProvConflict.status == "open")).all())
    fresh = [r for r in rows if (r["dossier_id"], r["kind"], r["field"], r["other_dossier_id"]) not in open_]
    if fresh:
        s.execute(insert(ProvConflict.__table__), fresh)
    return len(fresh)


def conflicts(s: Session, *, status: str | None = "open", commune_code: str | None = None) -> list[ProvConflict]:
    q = select(ProvConflict).order_by(ProvConflict.created_at, ProvConflict.id)
    if status:
        q = q.where(ProvConflict.status == status)
    if commune_code:
        q = q.where(ProvConflict.commune_code == commune_code)
    return list(s.execute(q).scalars())


def conflict(s: Session, conflict_id: str) -> ProvConflict | None:
    return s.get(ProvConflict, conflict_id)


def dossier(s: Session, dossier_id: str) -> ProvDossier | None:
    return s.get(ProvDossier, dossier_id)


def open_conflict_count(s: Session, dossier_id: str) -> int:
    return s.execute(select(func.count()).select_from(ProvConflict)
                     .where(ProvConflict.dossier_id == dossier_id, ProvConflict.status == "open")).scalar_one()


# ---- audit, scans --------------------------------------------------------------------------------

def audit_hash_at(s: Session, commune_code: str, seq: int) -> str | None:
    return s.execute(select(ProvAudit.hash).where(ProvAudit.commune_code == commune_code,
                                                  ProvAudit.seq == seq)).scalar_one_or_none()


def audit_head(s: Session, commune_code: str) -> dict | None:
    """The last audit entry the province holds of a commune: returned in receipts as an anchor."""
    row = s.execute(select(ProvAudit.seq, ProvAudit.hash).where(ProvAudit.commune_code == commune_code)
                    .order_by(ProvAudit.seq.desc()).limit(1)).first()
    return {"seq": row.seq, "hash": row.hash} if row else None


def audit_seqs(s: Session, commune_code: str, lo: int, hi: int) -> set[int]:
    return set(s.execute(select(ProvAudit.seq).where(ProvAudit.commune_code == commune_code,
                                                     ProvAudit.seq >= lo, ProvAudit.seq <= hi)).scalars())


def insert_audit(s: Session, rows: list[dict]) -> None:
    if rows:
        bulk_insert(s, ProvAudit.__table__, rows)


def known_scans(s: Session, shas: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(shas), 900):
        out |= set(s.execute(select(ProvScan.sha256).where(ProvScan.sha256.in_(shas[i:i + 900]))).scalars())
    return out


def scan_index(s: Session) -> dict[str, tuple[str, int]]:
    """{sha256: (ext, size)} of every scan the store holds (for the store check)."""
    return {r.sha256: (r.ext, r.size) for r in s.execute(select(ProvScan.sha256, ProvScan.ext, ProvScan.size))}


def integrity(s: Session) -> str:
    """'ok', or what SQLite's integrity check found (PostgreSQL checks its own pages)."""
    if s.get_bind().dialect.name != "sqlite":
        return "ok"
    rows = [r[0] for r in s.execute(text("PRAGMA integrity_check")).all()]
    return "ok" if rows == ["ok"] else "; ".join(rows[:5])


def insert_scans(s: Session, rows: list[dict]) -> None:
    if rows:
        bulk_insert(s, ProvScan.__table__, rows)


# ---- report --------------------------------------------------------------------------------------

def progress_rows(s: Session) -> dict[str, dict]:
    """Per commune counts for the progress report, in one grouped query."""
    scanned_statuses = ("scanned", "entered", "checked", "verified", "sent", "accepted", "returned", "updated")
    entered_statuses = scanned_statuses[1:]
    from sqlalchemy import case

    q = select(
        ProvDossier.commune_code,
        func.count().label("collected"),
        func.sum(case(((ProvDossier.scanned) | ProvDossier.status.in_(scanned_statuses), 1), else_=0)).label("scanned"),
        func.sum(case((ProvDossier.status.in_(entered_statuses), 1), else_=0)).label("entered"),
        func.sum(ProvDossier.verified).label("verified"),
        func.sum(ProvDossier.incorrect).label("incorrect"),
        func.sum(ProvDossier.needs_police).label("needs_police"),
        func.sum(case((ProvDossier.province_status == "accepted", 1), else_=0)).label("accepted"),
    ).group_by(ProvDossier.commune_code)
    return {r.commune_code: {k: int(getattr(r, k) or 0) for k in
                             ("collected", "scanned", "entered", "verified", "incorrect", "needs_police", "accepted")}
            for r in s.execute(q)}


def dossier_count(s: Session, commune_code: str | None = None) -> int:
    q = select(func.count()).select_from(ProvDossier)
    if commune_code:
        q = q.where(ProvDossier.commune_code == commune_code)
    return s.execute(q).scalar_one()


def set_statuses(s: Session, ids: list[str], status: str) -> None:
    for i in range(0, len(ids), 900):
        s.execute(update(ProvDossier).where(ProvDossier.id.in_(ids[i:i + 900])).values(province_status=status))


def set_receipt(s: Session, package_id: str, body_json: str) -> None:
    s.execute(update(ProvPackage).where(ProvPackage.id == package_id).values(receipt=body_json))


def packages(s: Session, commune_code: str | None = None) -> list[ProvPackage]:
    q = select(ProvPackage).order_by(ProvPackage.commune_code, ProvPackage.seq)
    if commune_code:
        q = q.where(ProvPackage.commune_code == commune_code)
    return list(s.execute(q).scalars())


def take_notifications(s: Session, commune_code: str) -> list[dict]:
    """Dossiers of a commune whose province status changed since its last receipt (then cleared)."""
    rows = s.execute(select(ProvDossier.id, ProvDossier.province_status, ProvDossier.revision,
                            ProvDossier.province_revision)
                     .where(ProvDossier.commune_code == commune_code, ProvDossier.notify.is_(True))).all()
    if rows:
        s.execute(update(ProvDossier).where(ProvDossier.commune_code == commune_code, ProvDossier.notify.is_(True))
                  .values(notify=False))
    return [{"id": r.id, "status": r.province_status, "revision": r.revision,
             "province_revision": r.province_revision} for r in rows]
