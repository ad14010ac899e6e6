"""the morning's clock, late seating, host presence, walk-ins

Revision ID: a7c1d0c4e2f1
Revises: a13f0c1d2e3b
Create Date: 2026-11-25 04:55:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7c1d0c4e2f1"
down_revision = "a13f0c1d2e3b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clock", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("late_seating", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("cafe_table", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("host_online", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("host_seen_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("walked_in", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("walked_in")
    with op.batch_alter_table("cafe_table", schema=None) as batch_op:
        batch_op.drop_column("host_seen_at")
        batch_op.drop_column("host_online")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("late_seating")
        batch_op.drop_column("clock")
