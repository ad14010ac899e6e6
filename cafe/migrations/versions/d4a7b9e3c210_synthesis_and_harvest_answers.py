"""the organiser's synthesis (themes, pins, texts) and the harvest question's answers

Revision ID: d4a7b9e3c210
Revises: d4f7a2c9e815
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a7b9e3c210'
down_revision = 'd4f7a2c9e815'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_seq', sa.Integer(), nullable=False),
    sa.Column('updated_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('pending', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_answer_event_id_event')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_answer_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('event_id', 'participant_id', name=op.f('uq_answer_event_id')),
    sa.UniqueConstraint('uuid', name=op.f('uq_answer_uuid'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_event_id'), ['event_id'], unique=False)
    op.create_table('synthesis_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('quotes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_synthesis_theme_event_id_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_theme'))
    )
    with op.batch_alter_table('synthesis_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_synthesis_theme_event_id'), ['event_id'], unique=False)
    op.create_table('synthesis_pin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Integer(), nullable=False),
    sa.Column('item_uuid', sa.String(length=36), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_synthesis_pin_event_id_event')),
    sa.ForeignKeyConstraint(['theme_id'], ['synthesis_theme.id'], name=op.f('fk_synthesis_pin_theme_id_synthesis_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_pin')),
    sa.UniqueConstraint('event_id', 'scope', 'item_uuid', name=op.f('uq_synthesis_pin_event_id'))
    )
    with op.batch_alter_table('synthesis_pin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_synthesis_pin_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_synthesis_pin_theme_id'), ['theme_id'], unique=False)
    op.create_table('synthesis_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_synthesis_text_event_id_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_text')),
    sa.UniqueConstraint('event_id', 'scope', 'kind', name=op.f('uq_synthesis_text_event_id'))
    )
    with op.batch_alter_table('synthesis_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_synthesis_text_event_id'), ['event_id'], unique=False)


def downgrade():
    op.drop_table('synthesis_text')
    op.drop_table('synthesis_pin')
    op.drop_table('synthesis_theme')
    op.drop_table('answer')
