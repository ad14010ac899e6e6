"""who organises an event (the office or association), for the poster and the report

Revision ID: c5e2f8a1b704
Revises: c3d8f2a61b47
Create Date: 2026-11-25 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e2f8a1b704'
down_revision = "c3d8f2a61b47"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('organised_by', sa.String(length=200), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('organised_by')
