"""The progress report reads one index, not every dossier row

The report's one grouped query (storage/province/report.py) needs seven small columns of every dossier;
at 1.2 million dossiers reading them from the table meant reading every packed dossier too (3.2 s). The
commune-code index becomes a covering one with those columns: the same lookups by commune, and the
report scans only the index.

Revision ID: p0006_progress_index
Revises: p0005_desk_accounts

"""

from alembic import op


revision = 'p0006_progress_index'
down_revision = 'p0005_desk_accounts'
branch_labels = None
depends_on = None

COLUMNS = ['commune_code', 'status', 'province_status', 'scanned', 'verified', 'incorrect', 'needs_police']


def upgrade() -> None:
    op.drop_index('ix_prov_dossiers_commune_code', table_name='prov_dossiers')
    op.create_index('ix_prov_dossiers_progress', 'prov_dossiers', COLUMNS)


def downgrade() -> None:
    op.drop_index('ix_prov_dossiers_progress', table_name='prov_dossiers')
    op.create_index('ix_prov_dossiers_commune_code', 'prov_dossiers', ['commune_code'])
