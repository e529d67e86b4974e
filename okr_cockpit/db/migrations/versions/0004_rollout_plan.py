"""rollout plan: wave criteria, and the rationale of a wave's decision (or that it was postponed)

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain column additions (not batch mode): SQLite adds them in place, so the wave table keeps the
    # AUTOINCREMENT that 0003 gave it instead of being recreated from a reflection that lacks it.
    op.add_column(
        "rollout_wave",
        sa.Column("rationale", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False),
    )
    op.add_column(
        "rollout_wave", sa.Column("postponed", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "wave_criterion",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('coach_coverage', 'coach_capacity', 'unit_leads', 'sponsor', 'drafting_planned', "
            "'coaches_certified', 'manual')",
            name="ck_kind_allowed",
        ),
        sa.CheckConstraint("threshold IS NULL OR threshold BETWEEN 0 AND 100", name="ck_criterion_threshold"),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["wave_id"], ["rollout_wave.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("wave_criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wave_criterion_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wave_criterion_wave_id"), ["wave_id"], unique=False)


def downgrade() -> None:
    op.drop_table("wave_criterion")
    with op.batch_alter_table("rollout_wave", schema=None) as batch_op:
        batch_op.drop_column("postponed")
        batch_op.drop_column("rationale")
