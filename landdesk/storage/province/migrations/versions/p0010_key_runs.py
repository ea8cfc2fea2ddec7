"""Sealed key runs: a full recent tier is appended whole to prov_key_runs instead of merged into prov_keys

Merging rewrote the 5.5-million-key main index (110 MB) every 8 imports at 1.2 million dossiers. Since
the Bloom filter (p0009) spares that index all but a few probes, the keys can stay in runs, each probed
separately: sealing a run writes only its own keys, at the end of prov_key_runs. prov_keys keeps the keys
it has (the dossiers of this store so far: key_run NULL) and takes no more.

Revision ID: p0010_key_runs
Revises: p0009_key_filter

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0010_key_runs'
down_revision = 'p0009_key_filter'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prov_key_runs',
                    sa.Column('run', sa.Integer(), autoincrement=False, nullable=False),
                    sa.Column('h', sa.BigInteger(), autoincrement=False, nullable=False),
                    sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('run', 'h', 'n', name=op.f('pk_prov_key_runs')), sqlite_with_rowid=False)
    op.add_column('prov_dossiers', sa.Column('key_run', sa.Integer(), nullable=True))


def downgrade() -> None:
    # every key back in the two tiers p0009 knows: the sealed runs into prov_keys, the recent tier as it is
    op.execute("INSERT INTO prov_keys (h, n) SELECT h, n FROM prov_key_runs ORDER BY h, n")
    op.drop_table('prov_key_runs')
    op.drop_column('prov_dossiers', 'key_run')
