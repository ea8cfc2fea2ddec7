"""The province store's engine (SQLite file or PostgreSQL URL) and its schema upgrades (Alembic)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from landdesk.domain.errors import LandDeskError
from landdesk.storage.engine import make_engine
from landdesk.storage.province.models import ProvinceBase

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
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
    if not path.exists() or path.stat().st_size == 0:  # (an empty file: made owner-only for a new desk)
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


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


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


def integrity(s: Session) -> str:
    """'ok', or what SQLite's integrity check found (PostgreSQL checks its own pages)."""
    if s.get_bind().dialect.name != "sqlite":
        return "ok"
    rows = [r[0] for r in s.execute(text("PRAGMA integrity_check")).all()]
    return "ok" if rows == ["ok"] else "; ".join(rows[:5])
