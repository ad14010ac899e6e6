"""hardening: event owners and co-organisers, organiser session version, link expiry,
walk-in cap

Revision ID: a13f0c1d2e3b
Revises: e83ce2ba6c00
Create Date: 2026-11-25 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13f0c1d2e3b'
down_revision = 'e83ce2ba6c00'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_organiser',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_organiser_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['organiser.id'], name=op.f('fk_event_organiser_organiser_id_organiser'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'organiser_id', name=op.f('pk_event_organiser'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('link_days', sa.Integer(), nullable=False, server_default='30'))
        batch_op.add_column(sa.Column('walk_in_cap', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_owner_id_organiser'), 'organiser', ['owner_id'], ['id'])
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
    # Events made before owners existed belong to the first organiser (the one `cafe run`
    # creates), so nobody else's account sees them.
    op.execute('UPDATE event SET owner_id = (SELECT MIN(id) FROM organiser) WHERE owner_id IS NULL')


def downgrade():
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_owner_id_organiser'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_owner_id'))
        batch_op.drop_column('walk_in_cap')
        batch_op.drop_column('link_days')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('owner_id')
    op.drop_table('event_organiser')
