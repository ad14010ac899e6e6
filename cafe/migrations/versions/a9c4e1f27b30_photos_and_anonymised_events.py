"""tablecloth photos, and when an event's personal data was deleted

Revision ID: a9c4e1f27b30
Revises: a7c1d0c4e2f1
Create Date: 2026-11-25 05:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c4e1f27b30'
down_revision = 'a7c1d0c4e2f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('round_number', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_photo_event_id_event')),
    sa.ForeignKeyConstraint(['table_id'], ['cafe_table.id'], name=op.f('fk_photo_table_id_cafe_table')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo')),
    sa.UniqueConstraint('key', name=op.f('uq_photo_key')),
    sa.UniqueConstraint('uuid', name=op.f('uq_photo_uuid'))
    )
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photo_table_id'), ['table_id'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_table_id'))
        batch_op.drop_index(batch_op.f('ix_photo_event_id'))
    op.drop_table('photo')
