"""key insights, tags and hidden notes; the event's star limit, tags and wall view

Revision ID: c3d8f2a61b47
Revises: a9c4e1f27b30
Create Date: 2026-11-25 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d8f2a61b47'
down_revision = 'a9c4e1f27b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starred', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('tags', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('star_limit', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('tag_choices', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('wall_view', sa.String(length=12), server_default='live', nullable=False))
        batch_op.add_column(sa.Column('wall_cycle', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('wall_cycle')
        batch_op.drop_column('wall_view')
        batch_op.drop_column('tag_choices')
        batch_op.drop_column('star_limit')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('hidden')
        batch_op.drop_column('tags')
        batch_op.drop_column('starred')
