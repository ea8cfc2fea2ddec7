"""scans tables: stored pages (content-addressed files, order, rotation, quality, recycle tray)

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_pages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("dpi", sa.Integer(), nullable=False),
        sa.Column("dh0", sa.Integer(), nullable=False),
        sa.Column("dh1", sa.Integer(), nullable=False),
        sa.Column("dh2", sa.Integer(), nullable=False),
        sa.Column("dh3", sa.Integer(), nullable=False),
        sa.Column("quality", sa.String(length=200), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("source_page", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_scan_pages_dossier_id_dossiers"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_pages")),
        sa.UniqueConstraint("sha256", name=op.f("uq_scan_pages_sha256")),
    )
    with op.batch_alter_table("scan_pages", schema=None) as batch_op:
        for band in ("dh0", "dh1", "dh2", "dh3"):
            batch_op.create_index(batch_op.f(f"ix_scan_pages_{band}"), [band], unique=False)
        batch_op.create_index("ix_scan_pages_dossier_kind_position", ["dossier_id", "kind", "position"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scan_pages", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_pages_dossier_kind_position")
        for band in ("dh3", "dh2", "dh1", "dh0"):
            batch_op.drop_index(batch_op.f(f"ix_scan_pages_{band}"))
    op.drop_table("scan_pages")
