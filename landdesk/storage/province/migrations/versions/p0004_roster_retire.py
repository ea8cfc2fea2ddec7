"""Roster keys retired by rotation or revoked

A key whose successor was announced (key rotation) is retired: still accepted for the packages
numbered before the announcing one (they may arrive late), refused for any later one. A revoked key
is refused for everything.

Revision ID: p0004
Revises: p0003

"""

from alembic import op
import sqlalchemy as sa


revision = 'p0004'
down_revision = 'p0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('prov_roster') as batch:
        batch.add_column(sa.Column('valid_before_seq', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('retired_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('prov_roster') as batch:
        batch.drop_column('retired_at')
        batch.drop_column('valid_before_seq')
