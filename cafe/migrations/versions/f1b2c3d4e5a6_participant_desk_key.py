"""the desk's key for a walk-in, so a walk-in sent again is not added twice

Revision ID: f1b2c3d4e5a6
Revises: b6e1f3a9c4d2
Create Date: 2026-12-06 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1b2c3d4e5a6'
down_revision = 'b6e1f3a9c4d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desk_key', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_participant_desk_key'), ['desk_key'])


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participant_desk_key'), type_='unique')
        batch_op.drop_column('desk_key')
