"""when a phone claimed a participant's name (the desk's tick is arrived_at alone)

Revision ID: d4f7a2c9e815
Revises: c5e2f8a1b704
Create Date: 2026-12-06 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f7a2c9e815'
down_revision = "c5e2f8a1b704"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
    # Before this column nobody could tell a tick from a phone's claim: count every arrival
    # as claimed, as the door did (the desk re-issues a link when one was only a tick).
    op.execute("UPDATE participant SET claimed_at = arrived_at WHERE arrived_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
