"""audit: the database role beside the OS user and host (on PostgreSQL; empty on SQLite)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain column addition (not batch mode): SQLite adds it in place, so audit_entry keeps its
    # AUTOINCREMENT and its append-only triggers.
    op.add_column(
        "audit_entry",
        sa.Column("db_role", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("Schema version 6 cannot be downgraded; restore the backup made before it.")
