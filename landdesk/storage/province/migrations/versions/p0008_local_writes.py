"""An import writes where it lands: dossier ids unique per commune, keys in a recent tier

At 1.2 million dossiers an import of one commune's package wrote 163 MB: most of it two indexes whose
entries it touched all over, the unique index on dossier ids (random UUIDs) and the key index.

- A dossier's identity is (commune, id), the unique ix_prov_dossiers_commune, where a commune's
  entries sit together. That an id is not another commune's is checked through the key index, which
  now holds every dossier's id hash ("id:<id>") beside its keys.
- prov_keys_recent: the keys added since the last merge, where an import writes; merged into
  prov_keys when it is full (storage.province.keys.merge_recent).

Revision ID: p0008_local_writes
Revises: p0007_hashed_keys

"""

from alembic import op
import sqlalchemy as sa

from landdesk.storage.province.keys import id_hash


revision = 'p0008_local_writes'
down_revision = 'p0007_hashed_keys'
branch_labels = None
depends_on = None

CHUNK = 20_000


def _rebuild_sqlite_dossiers(unique_id: bool) -> None:
    """SQLite cannot drop (or add) a table's UNIQUE constraint in place: the table is made again (its
    columns as reflected), its rows copied in their order with their numbers."""
    bind = op.get_bind()
    old = sa.Table('prov_dossiers', sa.MetaData(), autoload_with=bind)
    cols = [sa.Column(c.name, c.type, nullable=c.nullable, server_default=c.server_default) for c in old.columns]
    extra = [sa.UniqueConstraint('id', name='uq_prov_dossiers_id')] if unique_id else []
    op.create_table('prov_dossiers_p0008', *cols, sa.PrimaryKeyConstraint('n', name='pk_prov_dossiers'), *extra)
    names = ', '.join(c.name for c in old.columns)
    op.execute(f"INSERT INTO prov_dossiers_p0008 ({names}) SELECT {names} FROM prov_dossiers ORDER BY n")
    op.drop_table('prov_dossiers')
    op.rename_table('prov_dossiers_p0008', 'prov_dossiers')
    op.create_index('ix_prov_dossiers_progress', 'prov_dossiers',
                    ['commune_code', 'status', 'province_status', 'scanned', 'verified', 'incorrect', 'needs_police'])
    notify = sa.column('notify').is_(True)
    op.create_index('ix_prov_dossiers_notify', 'prov_dossiers', ['commune_code'], sqlite_where=notify,
                    postgresql_where=notify)


def _id_hashes(change) -> None:
    """Every dossier's id hash added to (or removed from) prov_keys, a chunk of dossiers at a time."""
    bind = op.get_bind()
    table = sa.table('prov_keys', sa.column('h'), sa.column('n'))
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT n, id FROM prov_dossiers WHERE n > :last ORDER BY n LIMIT :k"),
                            {"last": last, "k": CHUNK}).all()
        if not rows:
            return
        change(bind, table, sorted((id_hash(did), n) for n, did in rows))
        last = rows[-1][0]


def _add(bind, table, pairs) -> None:
    bind.execute(table.insert(), [{"h": h, "n": n} for h, n in pairs])


def _remove(bind, table, pairs) -> None:
    bind.execute(table.delete().where(table.c.h == sa.bindparam('hh'), table.c.n == sa.bindparam('nn')),
                 [{"hh": h, "nn": n} for h, n in pairs])


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite_dossiers(False)
    else:
        op.drop_constraint('uq_prov_dossiers_id', 'prov_dossiers', type_='unique')
        op.drop_index('ix_prov_dossiers_commune', table_name='prov_dossiers')
    op.create_index('ix_prov_dossiers_commune', 'prov_dossiers', ['commune_code', 'id'], unique=True)
    op.create_table('prov_keys_recent', sa.Column('h', sa.BigInteger(), autoincrement=False, nullable=False),
                    sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('h', 'n', name=op.f('pk_prov_keys_recent')), sqlite_with_rowid=False)
    _id_hashes(_add)


def downgrade() -> None:
    op.execute("INSERT INTO prov_keys (h, n) SELECT h, n FROM prov_keys_recent ORDER BY h, n")
    op.drop_table('prov_keys_recent')
    _id_hashes(_remove)
    op.drop_index('ix_prov_dossiers_commune', table_name='prov_dossiers')
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite_dossiers(True)
    else:
        op.create_unique_constraint('uq_prov_dossiers_id', 'prov_dossiers', ['id'])
    op.create_index('ix_prov_dossiers_commune', 'prov_dossiers', ['commune_code', 'id'])
