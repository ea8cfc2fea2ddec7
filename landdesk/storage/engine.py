"""SQLite engine with the pragmas every connection needs."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from landdesk.domain.fileio import DiskFullError, is_disk_full

# How long a writer waits for another process's write transaction before saying the workspace is busy
# (LANDDESK_BUSY_TIMEOUT in seconds: scripts that prefer to fail fast, and the tests).
BUSY_TIMEOUT_MS = int(float(os.environ.get("LANDDESK_BUSY_TIMEOUT", "10")) * 1000)


def sqlite_url(db_path: Path | str) -> URL:
    """The file's path as it is: a folder named '100%25' or 'a?b' is not URL-decoded or cut."""
    return URL.create("sqlite", database=str(Path(db_path)))


def is_busy(exc: BaseException) -> bool:
    """SQLite's 'database is locked' after the busy timeout: another process is writing."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def make_engine(db_path: Path | str, *, synchronous: str = "FULL") -> Engine:
    """Engine on a workspace database file.

    WAL lets the GUI read while the worker writes; synchronous=FULL makes every committed save
    survive a power cut (still well under 50 ms a save). Bulk importers may switch a connection to
    NORMAL for the duration of a large transaction.
    """
    # hide_parameters: a failing statement's message never carries the values it was writing
    # (citizens' names, ID numbers, birth dates).
    engine = create_engine(sqlite_url(db_path), future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # pysqlite's own transaction handling is replaced by explicit BEGIN below so that
        # SQLAlchemy transactions map 1:1 onto SQLite ones (savepoints, DDL in migrations).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: browsing 100k dossiers stays in memory
        cur.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        # A full drive is one clear message for every writer (SQLITE_FULL: the database or its
        # journal could not grow); SQLite has rolled the statement or transaction back.
        # SQLite reports a shared-memory file it cannot create as an I/O error: that too, when the
        # drive has no room left.
        err = context.original_exception
        code = getattr(err, "sqlite_errorcode", 0) & 0xFF
        folder = Path(db_path).parent
        if code == sqlite3.SQLITE_FULL or is_disk_full(err) or (code == sqlite3.SQLITE_IOERR and _no_room(folder)):
            raise DiskFullError(folder) from err

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock up front: a deferred transaction that later upgrades to a
        # writer can fail with SQLITE_BUSY regardless of busy_timeout.
        write = conn.get_execution_options().get("landdesk_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _no_room(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)
