"""login throttle: consecutive failed logins per typed name, the lockout time

Revision ID: 0006_login_throttle
Revises: 0005_enrichment_proposals
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_login_throttle"
down_revision = "0005_enrichment_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_login_attempts")),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
