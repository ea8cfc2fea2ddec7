"""Schema versions: create, upgrade and check a workspace database with the shipped migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Virtual tables and their shadow tables are made by raw SQL in migrations; autogenerate must not
# try to drop them.
_UNMANAGED_PREFIXES = ("dossier_fts", "sqlite_", "alembic_version")


def all_metadata() -> MetaData:
    """The metadata of every model module (imported here so Alembic sees all tables)."""
    from landdesk.storage import model_registry

    return model_registry.metadata()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(_UNMANAGED_PREFIXES):
        return False
    return True


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)


def check_models_match(engine: Engine) -> list:
    """Differences between the models and the migrated database (empty = `alembic check` passes)."""
    from alembic.autogenerate import compare_metadata

    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(ctx, all_metadata())
