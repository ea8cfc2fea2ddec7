"""stations: several workstations of one commune office (roster, packages, merge bookkeeping, number
blocks, station conflicts)

Revision ID: 0009_stations
Revises: 0008_dossier_findings
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_stations"
down_revision = "0008_dossier_findings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("encryption_key", sa.String(64), nullable=False),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("users", sa.Text(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("enrolled_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_exchange_at", sa.DateTime(), nullable=True),
        sa.Column("their_seq", sa.Integer(), nullable=False),
        sa.Column("their_change", sa.Integer(), nullable=False),
        sa.Column("their_audit", sa.Integer(), nullable=False),
        sa.Column("their_receipts", sa.Integer(), nullable=False),
        sa.Column("our_change", sa.Integer(), nullable=False),
        sa.Column("our_audit", sa.Integer(), nullable=False),
        sa.Column("our_receipts", sa.Integer(), nullable=False),
        sa.Column("out_seq", sa.Integer(), nullable=False),
        sa.Column("out_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("code", name=op.f("uq_stations_code")),
    )
    op.create_table(
        "station_packages",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("direction", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("header_hash", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("change_from", sa.Integer(), nullable=False),
        sa.Column("change_to", sa.Integer(), nullable=False),
        sa.Column("audit_to", sa.Integer(), nullable=False),
        sa.Column("dossiers", sa.Integer(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_packages")),
        sa.UniqueConstraint("station_id", "direction", "seq",
                            name=op.f("uq_station_packages_station_id")),
    )
    op.create_index(op.f("ix_station_packages_station_id"), "station_packages", ["station_id"])
    op.create_table(
        "station_package_scans",
        sa.Column("package_id", sa.String(36), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("package_id", "sha256", name=op.f("pk_station_package_scans")),
    )
    op.create_table(
        "station_scans",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "sha256", name=op.f("pk_station_scans")),
    )
    op.create_table(
        "station_base",
        sa.Column("dossier_id", sa.String(36), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_station_base")),
    )
    op.create_table(
        "station_origins",
        sa.Column("dossier_id", sa.String(36), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_station_origins")),
    )
    op.create_table(
        "station_number_blocks",
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("first", name=op.f("pk_station_number_blocks")),
    )
    op.create_index(op.f("ix_station_number_blocks_station_id"), "station_number_blocks", ["station_id"])
    op.create_table(
        "station_conflicts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("dossier_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(80), nullable=False),
        sa.Column("primary_value", sa.Text(), nullable=False),
        sa.Column("station_value", sa.Text(), nullable=False),
        sa.Column("other_dossier_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("resolution", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_conflicts")),
    )
    op.create_index(op.f("ix_station_conflicts_dossier_id"), "station_conflicts", ["dossier_id"])
    op.create_index("ix_station_conflicts_status", "station_conflicts", ["status"])


def downgrade() -> None:
    for name in ("station_conflicts", "station_number_blocks", "station_origins", "station_base",
                 "station_scans", "station_package_scans", "station_packages", "stations"):
        op.drop_table(name)
