"""login throttle: consecutive failed logins per typed name, the lockout time

Revision ID: 0007_login_throttle
Revises: 0006_form01_kept
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_login_throttle"
down_revision = "0006_form01_kept"
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
