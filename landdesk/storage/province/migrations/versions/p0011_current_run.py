"""The current run: an import adds its keys to the last run of prov_key_runs, and a seal moves nothing

p0010 kept the keys added since the last seal in prov_keys_recent and appended them to prov_key_runs
when it filled: half a million keys rewritten by every eighth import (a second on PostgreSQL at 1.2
million dossiers). They now go straight to the current run, whose number the current run's filter
keeps (prov_key_filter row 2, its new column run). The recent tier's keys move to the run their
dossiers already name (key_run: one past the last sealed run), and its filter is made again, with
that number, by the next import (storage.province.keys.key_tiers).

Revision ID: p0011_current_run
Revises: p0010_key_runs

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0011_current_run'
down_revision = 'p0010_key_runs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('prov_key_filter', sa.Column('run', sa.Integer(), nullable=True))
    bind = op.get_bind()
    current = bind.execute(sa.text("SELECT coalesce(max(run), 0) + 1 FROM prov_key_runs")).scalar_one()
    op.execute(sa.text("INSERT INTO prov_key_runs (run, h, n) SELECT :run, h, n FROM prov_keys_recent ORDER BY h, n")
               .bindparams(run=current))
    op.execute("DELETE FROM prov_key_filter WHERE id = 2")
    op.drop_table('prov_keys_recent')


def downgrade() -> None:
    # the current run back into a recent tier (its dossiers' key_run names the run after the last sealed one)
    op.create_table('prov_keys_recent',
                    sa.Column('h', sa.BigInteger(), autoincrement=False, nullable=False),
                    sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('h', 'n', name=op.f('pk_prov_keys_recent')), sqlite_with_rowid=False)
    bind = op.get_bind()
    current = bind.execute(sa.text("SELECT run FROM prov_key_filter WHERE id = 2")).scalar()
    if current is not None:
        op.execute(sa.text("INSERT INTO prov_keys_recent (h, n) SELECT h, n FROM prov_key_runs WHERE run = :run "
                           "ORDER BY h, n").bindparams(run=current))
        op.execute(sa.text("DELETE FROM prov_key_runs WHERE run = :run").bindparams(run=current))
    op.execute("DELETE FROM prov_key_filter WHERE id = 2")
    with op.batch_alter_table('prov_key_filter') as batch:
        batch.drop_column('run')
