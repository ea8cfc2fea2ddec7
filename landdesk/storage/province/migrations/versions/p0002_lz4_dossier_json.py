"""PostgreSQL: the stored dossier JSON compressed with lz4 instead of pglz

Every stored dossier (~2.5 KB of JSON) is over the TOAST threshold, so the server compresses each
one it receives; pglz costs a province import about a fifth of its time, lz4 a fraction of that for
nearly the same size. Only where the server offers lz4 (PostgreSQL 14+ built with it); nothing to
do on SQLite.

Revision ID: p0002
Revises: p0001

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0002'
down_revision = 'p0001'
branch_labels = None
depends_on = None

COLUMNS = ("data", "base")


def _lz4_available(bind) -> bool:
    row = bind.execute(sa.text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")).first()
    return row is not None and "lz4" in (row[0] or [])


def _set(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not _lz4_available(bind):
        return
    alters = ", ".join(f"ALTER COLUMN {c} SET COMPRESSION {method}" for c in COLUMNS)
    op.execute(f"ALTER TABLE prov_dossiers {alters}")


def upgrade() -> None:
    _set("lz4")


def downgrade() -> None:
    _set("pglz")
