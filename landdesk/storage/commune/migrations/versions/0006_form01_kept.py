"""Form 01 columns kept: the serial as typed beside its normal form, the scan file names (item 49),
a parcel's coordinates with their CRS; stored serials normalised ("cs045821" → "CS 045821").

Revision ID: 0006_form01_kept
Revises: 0005_enrichment_proposals
"""

import sqlalchemy as sa
from alembic import op

from landdesk.domain.serial import normalise_serial_typed
from landdesk.domain.text import fold

revision = "0006_form01_kept"
down_revision = "0005_enrichment_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as b:
        b.add_column(sa.Column("serial_typed", sa.String(64), nullable=False, server_default=""))
        b.add_column(sa.Column("scan_names", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("parcels") as b:
        b.add_column(sa.Column("coordinates", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("crs", sa.String(16), nullable=False, server_default=""))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, num, serial FROM dossiers")).all()
    for did, num, serial in rows:
        norm, typed = normalise_serial_typed(serial or "")
        if norm == (serial or ""):
            continue
        conn.execute(sa.text("UPDATE dossiers SET serial = :s, serial_typed = :t WHERE id = :i"),
                     {"s": norm, "t": typed, "i": did})
        # the search index gains the printed form, so "CS 045821" finds a serial typed "CS045821"
        conn.execute(sa.text("UPDATE dossier_fts SET body = body || ' ' || :b WHERE rowid = :n"),
                     {"b": fold(norm), "n": num})


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE dossiers SET serial = serial_typed WHERE serial_typed != ''"))
    with op.batch_alter_table("parcels") as b:
        b.drop_column("crs")
        b.drop_column("coordinates")
    with op.batch_alter_table("dossiers") as b:
        b.drop_column("scan_names")
        b.drop_column("serial_typed")
