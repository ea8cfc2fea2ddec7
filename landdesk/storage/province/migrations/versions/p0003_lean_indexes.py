"""Fewer B-trees and bytes to write per imported dossier

Most of a province import's own write time went to index inserts and columns nothing reads:
- prov_dossiers.serial_norm and prov_dossiers.province_status were indexed, but nothing looks
  dossiers up by either (duplicates are found through prov_keys; the report scans by commune);
  serial_norm and cccd_list were not read at all: the keys hold them.
- prov_keys.dossier_id was indexed only to remove a dossier's keys when it is replaced or deleted.
  The dossier now lists its own keys (prov_dossiers.key_rows, filled here), and they are removed by
  primary key.
- prov_keys holds one "kind:value" column instead of kind + value (one field to compare at each
  step down the tree), and on SQLite it is a WITHOUT ROWID table: its rows live in the primary-key
  B-tree instead of a rowid table plus a separate primary-key index.
- A partial index finds the few dossiers with news for their commune (notify) without visiting all
  of the commune's others at every import.

Revision ID: p0003
Revises: p0002

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0003'
down_revision = 'p0002'
branch_labels = None
depends_on = None

# key_rows: the dossier's keys as JSON strings ("kind:value") joined by commas
_FILL_KEYS = {
    "sqlite": "UPDATE prov_dossiers SET key_rows = coalesce((SELECT group_concat(json_quote(kind || ':' || value), "
              "',') FROM prov_keys AS k WHERE k.dossier_id = prov_dossiers.id), '')",
    "postgresql": "UPDATE prov_dossiers AS d SET key_rows = coalesce((SELECT string_agg(to_json(kind || ':' || "
                  "value)::text, ',') FROM prov_keys AS k WHERE k.dossier_id = d.id), '')",
}
_AGG = {"sqlite": "group_concat(value, ' ')", "postgresql": "string_agg(value, ' ')"}
_FILL_OLD = ("UPDATE prov_dossiers SET "
             "serial_norm = coalesce((SELECT min(value) FROM prov_keys AS k WHERE k.dossier_id = prov_dossiers.id "
             "AND k.kind = 'serial'), ''), "
             "cccd_list = coalesce((SELECT {agg} FROM prov_keys AS k WHERE k.dossier_id = prov_dossiers.id "
             "AND k.kind = 'cccd'), '')")
# "kind:value" back to kind, value (downgrade)
_SPLIT = {"sqlite": ("substr(key, 1, instr(key, ':') - 1)", "substr(key, instr(key, ':') + 1)"),
          "postgresql": ("split_part(key, ':', 1)", "substr(key, strpos(key, ':') + 1)")}


def _columns(new: bool) -> list:
    if new:
        return [sa.Column('key', sa.String(length=130), nullable=False)]
    return [sa.Column('kind', sa.String(length=8), nullable=False),
            sa.Column('value', sa.String(length=120), nullable=False)]


def _rebuild_keys(new: bool, select_old: str) -> None:
    """prov_keys made again with the new (or old) columns, its rows copied through a scratch table
    (PostgreSQL keeps constraint names unique, so the old table goes before the new one comes)."""
    cols = "key, dossier_id, commune_code" if new else "kind, value, dossier_id, commune_code"
    op.create_table('prov_keys_p0003', *_columns(new), sa.Column('dossier_id', sa.String(length=36)),
                    sa.Column('commune_code', sa.String(length=8)))
    op.execute(f"INSERT INTO prov_keys_p0003 ({cols}) {select_old}")
    op.drop_table('prov_keys')
    pk = ('key', 'dossier_id') if new else ('kind', 'value', 'dossier_id')
    op.create_table('prov_keys', *_columns(new),
                    sa.Column('dossier_id', sa.String(length=36), nullable=False),
                    sa.Column('commune_code', sa.String(length=8), nullable=False),
                    sa.PrimaryKeyConstraint(*pk, name=op.f('pk_prov_keys')),
                    **({"sqlite_with_rowid": False} if new else {}))
    op.execute(f"INSERT INTO prov_keys ({cols}) SELECT {cols} FROM prov_keys_p0003")
    op.drop_table('prov_keys_p0003')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_rows', sa.Text(), server_default='', nullable=False))
    op.execute(_FILL_KEYS[dialect])  # while prov_keys.dossier_id is still indexed
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prov_dossiers_serial_norm'))
        batch_op.drop_index(batch_op.f('ix_prov_dossiers_province_status'))
        batch_op.drop_column('serial_norm')
        batch_op.drop_column('cccd_list')
    with op.batch_alter_table('prov_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prov_keys_dossier_id'))
    _rebuild_keys(True, "SELECT kind || ':' || value, dossier_id, commune_code FROM prov_keys")
    notify = sa.column('notify').is_(True)
    op.create_index('ix_prov_dossiers_notify', 'prov_dossiers', ['commune_code'], sqlite_where=notify,
                    postgresql_where=notify)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index('ix_prov_dossiers_notify', table_name='prov_dossiers')
    kind, value = _SPLIT[dialect]
    _rebuild_keys(False, f"SELECT {kind}, {value}, dossier_id, commune_code FROM prov_keys")
    with op.batch_alter_table('prov_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prov_keys_dossier_id'), ['dossier_id'], unique=False)
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('serial_norm', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('cccd_list', sa.Text(), server_default='', nullable=False))
    op.execute(_FILL_OLD.format(agg=_AGG[dialect]))
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prov_dossiers_province_status'), ['province_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_prov_dossiers_serial_norm'), ['serial_norm'], unique=False)
        batch_op.drop_column('key_rows')
