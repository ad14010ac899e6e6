"""key insights, tags and hidden notes; the event's star limit, tags and wall view; dot voting

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
        batch_op.add_column(sa.Column('pending', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('star_limit', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('tag_choices', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('wall_view', sa.String(length=12), server_default='live', nullable=False))
        batch_op.add_column(sa.Column('wall_cycle', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('voting_open', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('vote_dots', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('vote_stack', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('approve_first', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('dots', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_vote_event_id_event')),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], name=op.f('fk_vote_note_id_note')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_vote_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote')),
    sa.UniqueConstraint('participant_id', 'note_id', name=op.f('uq_vote_participant_id'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_participant_id'))
        batch_op.drop_index(batch_op.f('ix_vote_note_id'))
        batch_op.drop_index(batch_op.f('ix_vote_event_id'))
    op.drop_table('vote')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('approve_first')
        batch_op.drop_column('vote_stack')
        batch_op.drop_column('vote_dots')
        batch_op.drop_column('voting_open')
        batch_op.drop_column('wall_cycle')
        batch_op.drop_column('wall_view')
        batch_op.drop_column('tag_choices')
        batch_op.drop_column('star_limit')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('pending')
        batch_op.drop_column('hidden')
        batch_op.drop_column('tags')
        batch_op.drop_column('starred')
