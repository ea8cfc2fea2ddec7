"""verification_proposals: enrichments offered by the population data, accepted one by one or in bulk

Revision ID: 0005_enrichment_proposals
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_enrichment_proposals"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verification_proposals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["verification_runs.id"],
                                name=op.f("fk_verification_proposals_run_id_verification_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_proposals")),
    )
    with op.batch_alter_table("verification_proposals", schema=None) as batch_op:
        for column in ("dossier_id", "holder_id", "run_id", "state"):
            batch_op.create_index(batch_op.f(f"ix_verification_proposals_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("verification_proposals")
