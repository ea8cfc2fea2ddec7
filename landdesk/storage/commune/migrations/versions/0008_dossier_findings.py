"""dossier findings: problems spanning dossiers (duplicates, scan quality), kept per dossier

Revision ID: 0008_dossier_findings
Revises: 0007_login_throttle
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_dossier_findings"
down_revision = "0007_login_throttle"
branch_labels = None
depends_on = None

_SHEET = "COALESCE(NULLIF(TRIM(p.sheet_map), ''), TRIM(p.sheet_cert))"
_PARCEL = "COALESCE(NULLIF(TRIM(p.parcel_map), ''), TRIM(p.parcel_cert))"


def upgrade() -> None:
    op.create_table(
        "dossier_findings",
        sa.Column("dossier_id", sa.String(36), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_findings_dossier_id_dossiers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dossier_id", "rule", name=op.f("pk_dossier_findings")),
    )
    # The duplicates already there show at once; the other rules at the next check run.
    op.execute("""INSERT INTO dossier_findings (dossier_id, rule, severity)
                  SELECT id, 'clean.serial_duplicate', 'error' FROM dossiers WHERE serial_norm IN (
                      SELECT serial_norm FROM dossiers WHERE serial_norm != '' GROUP BY serial_norm HAVING COUNT(*) > 1)""")
    op.execute(f"""INSERT OR IGNORE INTO dossier_findings (dossier_id, rule, severity)
                   SELECT DISTINCT k.did, 'clean.parcel_duplicate', 'warning' FROM
                     (SELECT p.dossier_id AS did, p.map_series AS series, {_SHEET} AS sheet, {_PARCEL} AS parcel
                      FROM parcels p) k
                   JOIN (SELECT p.map_series AS series, {_SHEET} AS sheet, {_PARCEL} AS parcel FROM parcels p
                         WHERE {_SHEET} != '' AND {_PARCEL} != '' GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) g
                     ON g.series = k.series AND g.sheet = k.sheet AND g.parcel = k.parcel""")


def downgrade() -> None:
    op.drop_table("dossier_findings")
