"""The main key tier's Bloom filter: an import probes prov_keys only for the keys it may hold

The table starts empty: the first import after the upgrade makes the filter from prov_keys
(storage.province.keys.key_tiers since p0010), and every merge into prov_keys keeps it.

Revision ID: p0009_key_filter
Revises: p0008_local_writes

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0009_key_filter'
down_revision = 'p0008_local_writes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prov_key_filter',
                    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
                    sa.Column('keys', sa.BigInteger(), nullable=False),
                    sa.Column('bits', sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_prov_key_filter')))
    if op.get_bind().dialect.name == 'postgresql':  # read whole at every import: stored as is, not compressed
        op.execute("ALTER TABLE prov_key_filter ALTER COLUMN bits SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table('prov_key_filter')
