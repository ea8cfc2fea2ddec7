"""sort keys: Vietnamese collation with numbers in natural order for the village and first holder

Revision ID: 0010_sort_keys
Revises: 0009_stations
"""

import sqlalchemy as sa
from alembic import op

from landdesk.domain.collation import sort_key, village_key

revision = "0010_sort_keys"
down_revision = "0009_stations"
branch_labels = None
depends_on = None

CHUNK = 5000


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("village_sort", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_dossiers_village_sort_num", "dossiers", ["village_sort", "num"])
    # holders_sort held the folded first name ("Đ" = "d"); both keys now follow domain.collation
    con = op.get_bind()
    rows = con.execute(sa.text("SELECT id, village, holders_display FROM dossiers")).all()
    update = sa.text("UPDATE dossiers SET village_sort = :v, holders_sort = :h WHERE id = :id")
    for i in range(0, len(rows), CHUNK):
        con.execute(update, [{"id": r[0], "v": village_key(r[1] or ""),
                              "h": sort_key((r[2] or "").split("; ")[0]) if r[2] else ""} for r in rows[i:i + CHUNK]])


def downgrade() -> None:
    op.drop_index("ix_dossiers_village_sort_num", table_name="dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("village_sort")
