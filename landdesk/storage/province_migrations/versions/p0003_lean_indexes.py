"""Fewer B-trees to write per imported dossier

Most of a province import's own write time went to index inserts no query needs:
- prov_dossiers.serial_norm and prov_dossiers.province_status were indexed, but nothing looks
  dossiers up by either (serial duplicates are found through prov_keys; the report scans by commune);
- prov_keys.dossier_id was indexed only to remove a dossier's keys when it is replaced or deleted.
  The dossier now lists its own key rows (prov_dossiers.key_rows, filled here from prov_keys), and
  they are removed by primary key.
On SQLite prov_keys also becomes a WITHOUT ROWID table: its rows live in the primary-key B-tree
instead of a rowid table plus a separate primary-key index.
A partial index finds the few dossiers with news for their commune (notify) without visiting the
commune's others at every import.

Revision ID: p0003
Revises: p0002

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0003'
down_revision = 'p0002'
branch_labels = None
depends_on = None

_FILL = {
    "sqlite": "UPDATE prov_dossiers SET key_rows = coalesce((SELECT group_concat(json_array(kind, value, "
              "dossier_id, commune_code), ',') FROM prov_keys AS k WHERE k.dossier_id = prov_dossiers.id), '')",
    "postgresql": "UPDATE prov_dossiers AS d SET key_rows = coalesce((SELECT string_agg(json_build_array(kind, "
                  "value, dossier_id, commune_code)::text, ',') FROM prov_keys AS k WHERE k.dossier_id = d.id), '')",
}


def _keys_table(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table('prov_keys', recreate="always",
                              table_kwargs={"sqlite_with_rowid": with_rowid}) as batch_op:
        batch_op.alter_column('commune_code')  # no change: the table is rebuilt with the new option


def upgrade() -> None:
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_rows', sa.Text(), server_default='', nullable=False))
    op.execute(_FILL[op.get_bind().dialect.name])  # while prov_keys.dossier_id is still indexed
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prov_dossiers_serial_norm'))
        batch_op.drop_index(batch_op.f('ix_prov_dossiers_province_status'))
    with op.batch_alter_table('prov_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prov_keys_dossier_id'))
    _keys_table(with_rowid=False)
    notify = sa.column('notify').is_(True)
    op.create_index('ix_prov_dossiers_notify', 'prov_dossiers', ['commune_code'], sqlite_where=notify,
                    postgresql_where=notify)


def downgrade() -> None:
    op.drop_index('ix_prov_dossiers_notify', table_name='prov_dossiers')
    _keys_table(with_rowid=True)
    with op.batch_alter_table('prov_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prov_keys_dossier_id'), ['dossier_id'], unique=False)
    with op.batch_alter_table('prov_dossiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prov_dossiers_province_status'), ['province_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_prov_dossiers_serial_norm'), ['serial_norm'], unique=False)
        batch_op.drop_column('key_rows')
