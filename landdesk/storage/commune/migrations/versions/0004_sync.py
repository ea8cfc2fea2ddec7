"""sync tables: packages sent, acknowledgements, province profile

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_packages",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("header_hash", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("change_from", sa.Integer(), nullable=False),
        sa.Column("change_to", sa.Integer(), nullable=False),
        sa.Column("audit_to", sa.Integer(), nullable=False),
        sa.Column("dossiers", sa.Integer(), nullable=False),
        sa.Column("tombstones", sa.Integer(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_packages")),
        sa.UniqueConstraint("seq", name=op.f("uq_sync_packages_seq")),
    )
    op.create_table(
        "sync_package_scans",
        sa.Column("package_id", sa.String(36), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["sync_packages.id"], ondelete="CASCADE",
                                name=op.f("fk_sync_package_scans_package_id_sync_packages")),
        sa.PrimaryKeyConstraint("package_id", "sha256", name=op.f("pk_sync_package_scans")),
    )
    op.create_table(
        "sync_scans_acked",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_scans_acked")),
    )
    op.create_table(
        "sync_dossier_acks",
        sa.Column("dossier_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("province_revision", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("package_seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_sync_dossier_acks")),
    )
    op.create_table(
        "sync_receipts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("package_id", sa.String(36), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_receipts")),
    )
    op.create_table(
        "sync_province_profile",
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("province_name", sa.String(200), nullable=False),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.Column("encryption_key", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("province_code", name=op.f("pk_sync_province_profile")),
    )


def downgrade() -> None:
    for name in ("sync_province_profile", "sync_receipts", "sync_dossier_acks", "sync_scans_acked",
                 "sync_package_scans", "sync_packages"):
        op.drop_table(name)
