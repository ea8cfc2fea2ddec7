"""Duplicate-detection keys as 64-bit hashes beside a dossier number

A commune's keys land all over the key index, so an import into a full province store rewrote most of
it: at 1.2 million dossiers, 370 MB of 60-byte rows ("kind:value" text, the 36-character dossier id,
the commune). Each key is now its 64-bit hash beside the dossier's number, about 17 bytes, and a
hash hit is confirmed on the other dossier's key_rows. Dossiers get that number: on SQLite the rowid
itself (an INTEGER PRIMARY KEY, which VACUUM keeps), on PostgreSQL a serial; the id stays unique.
And an index on (commune, id) lists a commune's dossiers a page at a time at the desk.

Revision ID: p0007_hashed_keys
Revises: p0006_progress_index

"""

from alembic import op
import sqlalchemy as sa

from landdesk.storage.province.keys import key_hash, key_list


revision = 'p0007_hashed_keys'
down_revision = 'p0006_progress_index'
branch_labels = None
depends_on = None

PROGRESS = ['commune_code', 'status', 'province_status', 'scanned', 'verified', 'incorrect', 'needs_police']
CHUNK = 20_000


def _indexes(numbered: bool) -> None:
    op.create_index('ix_prov_dossiers_progress', 'prov_dossiers', PROGRESS)
    if numbered:
        op.create_index('ix_prov_dossiers_commune', 'prov_dossiers', ['commune_code', 'id'])
    notify = sa.column('notify').is_(True)
    op.create_index('ix_prov_dossiers_notify', 'prov_dossiers', ['commune_code'], sqlite_where=notify,
                    postgresql_where=notify)


def _rebuild_sqlite_dossiers(numbered: bool) -> None:
    """SQLite cannot change a primary key in place: the table is made again (its columns as reflected)
    and its rows copied in their order."""
    bind = op.get_bind()
    old = sa.Table('prov_dossiers', sa.MetaData(), autoload_with=bind)
    cols = [c for c in old.columns if c.name != 'n']
    new_cols = [sa.Column(c.name, c.type, nullable=c.nullable, server_default=c.server_default) for c in cols]
    if numbered:
        op.create_table('prov_dossiers_p0007', sa.Column('n', sa.Integer(), nullable=False), *new_cols,
                        sa.PrimaryKeyConstraint('n', name='pk_prov_dossiers'),
                        sa.UniqueConstraint('id', name='uq_prov_dossiers_id'))
    else:
        op.create_table('prov_dossiers_p0007', *new_cols, sa.PrimaryKeyConstraint('id', name='pk_prov_dossiers'))
    names = ', '.join(c.name for c in cols)
    op.execute(f"INSERT INTO prov_dossiers_p0007 ({names}) SELECT {names} FROM prov_dossiers ORDER BY rowid")
    op.drop_table('prov_dossiers')
    op.rename_table('prov_dossiers_p0007', 'prov_dossiers')
    _indexes(numbered)


def _fill_hashed_keys() -> None:
    """Every dossier's keys (its key_rows) hashed into the new prov_keys, a chunk of dossiers at a time."""
    bind = op.get_bind()
    table = sa.table('prov_keys', sa.column('h'), sa.column('n'))
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT n, key_rows FROM prov_dossiers WHERE n > :last ORDER BY n LIMIT :k"),
                            {"last": last, "k": CHUNK}).all()
        if not rows:
            return
        pairs = {(key_hash(k), n) for n, key_rows in rows if key_rows for k in key_list(key_rows)}
        if pairs:
            bind.execute(table.insert(), [{"h": h, "n": n} for h, n in sorted(pairs)])
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_table('prov_keys')
    if dialect == 'sqlite':
        _rebuild_sqlite_dossiers(True)
    else:
        op.drop_constraint('pk_prov_dossiers', 'prov_dossiers', type_='primary')
        op.execute("ALTER TABLE prov_dossiers ADD COLUMN n SERIAL")  # numbers every row, as the model's SERIAL
        op.create_primary_key('pk_prov_dossiers', 'prov_dossiers', ['n'])
        op.create_unique_constraint('uq_prov_dossiers_id', 'prov_dossiers', ['id'])
        op.create_index('ix_prov_dossiers_commune', 'prov_dossiers', ['commune_code', 'id'])
    op.create_table('prov_keys', sa.Column('h', sa.BigInteger(), autoincrement=False, nullable=False),
                    sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('h', 'n', name=op.f('pk_prov_keys')), sqlite_with_rowid=False)
    _fill_hashed_keys()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_table('prov_keys')
    op.create_table('prov_keys', sa.Column('key', sa.String(length=130), nullable=False),
                    sa.Column('dossier_id', sa.String(length=36), nullable=False),
                    sa.Column('commune_code', sa.String(length=8), nullable=False),
                    sa.PrimaryKeyConstraint('key', 'dossier_id', name=op.f('pk_prov_keys')), sqlite_with_rowid=False)
    keys = {"sqlite": "SELECT DISTINCT k.value, d.id, d.commune_code FROM prov_dossiers AS d, "
                      "json_each('[' || d.key_rows || ']') AS k",
            "postgresql": "SELECT DISTINCT k.key, d.id, d.commune_code FROM prov_dossiers AS d, "
                          "json_array_elements_text(('[' || d.key_rows || ']')::json) AS k(key)"}[dialect]
    op.execute(f"INSERT INTO prov_keys (key, dossier_id, commune_code) {keys}")
    if dialect == 'sqlite':
        _rebuild_sqlite_dossiers(False)
    else:
        op.drop_index('ix_prov_dossiers_commune', table_name='prov_dossiers')
        op.drop_constraint('uq_prov_dossiers_id', 'prov_dossiers', type_='unique')
        op.drop_constraint('pk_prov_dossiers', 'prov_dossiers', type_='primary')
        op.drop_column('prov_dossiers', 'n')
        op.create_primary_key('pk_prov_dossiers', 'prov_dossiers', ['id'])
