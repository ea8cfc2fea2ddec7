"""Schema versions: create, upgrade and check a workspace database with the shipped migrations.

Alembic is imported only to upgrade or compare: a normal open reads the database's alembic_version
row directly and compares it with the head known from the migration files (storage/version.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from landdesk.storage.commune import version

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Virtual tables and their shadow tables are made by raw SQL in migrations; autogenerate must not
# try to drop them.
_UNMANAGED_PREFIXES = ("dossier_fts", "sqlite_", "alembic_version")


def all_metadata() -> MetaData:
    """The metadata of every model module (imported here so Alembic sees all tables)."""
    from landdesk.storage.commune import model_registry

    return model_registry.metadata()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(_UNMANAGED_PREFIXES):
        return False
    return True


def alembic_config(connection=None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return version.head_revision()


def known_revisions() -> set[str]:
    return version.known_revisions()


def alembic_head_revision() -> str:
    """Alembic's own view of the head (tests check storage/version.py against it)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for a database never migrated). Raises if it is not SQLite."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
        if has_table is None:
            return None
        rows = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(rows) > 1:  # a branched history: never produced by the shipped linear chain
        raise ValueError("the database has more than one schema head")
    return rows[0] if rows else None


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)


def check_models_match(engine: Engine) -> list:
    """Differences between the models and the migrated database (empty = `alembic check` passes)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(ctx, all_metadata())
