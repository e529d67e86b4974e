"""event times: a meeting's start time and duration; existing events stay all-day (NULL)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain column additions, not batch mode: SQLite adds them in place, so cycle_event keeps its
    # AUTOINCREMENT and indexes instead of being recreated from a reflection that lacks them.
    op.add_column("cycle_event", sa.Column("start_time", sa.Time(), nullable=True))
    op.add_column("cycle_event", sa.Column("duration_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cycle_event", schema=None) as batch_op:
        batch_op.drop_column("duration_minutes")
        batch_op.drop_column("start_time")
