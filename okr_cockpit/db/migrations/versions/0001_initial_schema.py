"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 02:14:19.116868
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


UNIT_PERSON_LINKS = ("lead_id", "plo_owner_id", "sponsor_id")


def unit_foreign_keys(sqlite: bool) -> list[sa.ForeignKeyConstraint]:
    """org_unit's foreign keys in their original order; on PostgreSQL without the links to person."""
    links = [
        sa.ForeignKeyConstraint([column], [target], ondelete=ondelete)
        for column, target, ondelete in (
            ("lead_id", "person.id", "SET NULL"),
            ("parent_id", "org_unit.id", "RESTRICT"),
            ("plo_owner_id", "person.id", "SET NULL"),
            ("sponsor_id", "person.id", "SET NULL"),
        )
    ]
    return links if sqlite else links[1:2]


def upgrade() -> None:
    # Tables in dependency order. org_unit and person link to each other: SQLite accepts a
    # foreign key to a table created later, PostgreSQL does not, so there the three links from
    # org_unit to person are added once person exists (the SQLite schema stays as it always was).
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("os_user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("changes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("action IN ('create', 'update', 'delete')", name="ck_action_allowed"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_os_user"), ["os_user"], unique=False)

    op.create_table(
        "cycle",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("state IN ('planned', 'active', 'closed')", name="ck_state_allowed"),
        sa.CheckConstraint("end_on >= start_on", name="ck_cycle_dates"),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "rollout_wave",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("go_live_on", sa.Date(), nullable=True),
        sa.Column("objective", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entry_criteria", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("exit_criteria", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.CheckConstraint("decision IN ('pending', 'go', 'no_go')", name="ck_decision_allowed"),
        sa.CheckConstraint(
            "go_live_on IS NULL OR start_on IS NULL OR go_live_on >= start_on", name="ck_wave_dates"
        ),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "org_unit",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("wave_id", sa.Integer(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("sponsor_id", sa.Integer(), nullable=True),
        sa.Column("plo_owner_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("exempt", sa.Boolean(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("kind IN ('company', 'division', 'department', 'team')", name="ck_kind_allowed"),
        sa.CheckConstraint(
            "state IN ('not_started', 'preparing', 'pilot', 'live', 'paused')", name="ck_state_allowed"
        ),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="ck_unit_not_own_parent"),
        *unit_foreign_keys(sqlite),
        sa.ForeignKeyConstraint(["wave_id"], ["rollout_wave.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_id"),
    )
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_unit_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_plo_owner_id"), ["plo_owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_sponsor_id"), ["sponsor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_unit_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("home_unit_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.ForeignKeyConstraint(["home_unit_id"], ["org_unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_home_unit_id"), ["home_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    if not sqlite:  # person exists now: link org_unit's people to it
        for column in UNIT_PERSON_LINKS:
            op.create_foreign_key(
                f"org_unit_{column}_fkey", "org_unit", "person", [column], ["id"], ondelete="SET NULL"
            )

    op.create_table(
        "raci_activity",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "coach",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("cohort", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'on_leave', 'alumni')", name="ck_status_allowed"),
        sa.CheckConstraint("capacity >= 0 AND capacity <= 100", name="ck_coach_capacity"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
    with op.batch_alter_table("coach", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_status"), ["status"], unique=False)

    op.create_table(
        "learning",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learned_on", sa.Date(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_cycle_id", sa.Integer(), nullable=True),
        sa.Column("lesson", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("change", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rationale", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("effective_cycle_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "source IN ('retrospective', 'coach_exchange', 'health_check')", name="ck_source_allowed"
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'in_effect', 'dropped')", name="ck_status_allowed"
        ),
        sa.CheckConstraint("length(trim(lesson)) > 0", name="ck_lesson_present"),
        sa.ForeignKeyConstraint(["effective_cycle_id"], ["cycle.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["source_cycle_id"], ["cycle.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learning", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_effective_cycle_id"), ["effective_cycle_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_learning_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_learning_source_cycle_id"), ["source_cycle_id"], unique=False)

    op.create_table(
        "raci_cell",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("letter", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("letter IN ('R', 'A', 'C', 'I')", name="ck_letter_allowed"),
        sa.CheckConstraint(
            "role IN ('plo', 'coaches', 'sponsor', 'leaders', 'teams')", name="ck_role_allowed"
        ),
        sa.ForeignKeyConstraint(["activity_id"], ["raci_activity.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "role"),
    )
    with op.batch_alter_table("raci_cell", schema=None) as batch_op:
        batch_op.create_index(
            "uq_raci_one_accountable",
            ["activity_id"],
            unique=True,
            sqlite_where=sa.text("letter = 'A'"),
            postgresql_where=sa.text("letter = 'A'"),
        )

    op.create_table(
        "stakeholder",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column("attitude", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("desired_attitude", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "attitude IN ('champion', 'supporter', 'neutral', 'sceptic', 'blocker')",
            name="ck_attitude_allowed",
        ),
        sa.CheckConstraint(
            "desired_attitude IN ('champion', 'supporter', 'neutral', 'sceptic', 'blocker')",
            name="ck_desired_attitude_allowed",
        ),
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name="ck_influence_range"),
        sa.CheckConstraint("interest BETWEEN 1 AND 5", name="ck_interest_range"),
        sa.CheckConstraint("length(trim(name)) > 0 AND length(name) <= 120", name="ck_name_length"),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.CheckConstraint("role IN ('primary', 'backup')", name="ck_role_allowed"),
        sa.CheckConstraint(
            "end_on IS NULL OR start_on IS NULL OR end_on >= start_on", name="ck_assignment_dates"
        ),
        sa.ForeignKeyConstraint(["coach_id"], ["coach.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("coach_id", "unit_id", name="uq_assignment_coach_unit"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "cycle_event",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('priorities', 'drafting', 'alignment', 'check_in', 'mid_cycle_review', 'review', 'retrospective', 'training')",
            name="ck_kind_allowed",
        ),
        sa.CheckConstraint("status IN ('planned', 'done', 'cancelled')", name="ck_status_allowed"),
        sa.CheckConstraint("end_on IS NULL OR start_on IS NULL OR end_on >= start_on", name="ck_event_dates"),
        sa.ForeignKeyConstraint(["coach_id"], ["coach.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cycle_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cycle_event_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index("ix_cycle_event_cycle_start", ["cycle_id", "start_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_cycle_event_start_on"), ["start_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_cycle_event_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sentiment", sa.Integer(), nullable=False),
        sa.Column("follow_up", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Date(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('meeting', 'email', 'workshop', 'steering', 'chat', 'other')",
            name="ck_channel_allowed",
        ),
        sa.CheckConstraint("length(trim(summary)) > 0", name="ck_summary_present"),
        sa.CheckConstraint("sentiment BETWEEN -2 AND 2", name="ck_sentiment_range"),
        sa.ForeignKeyConstraint(["stakeholder_id"], ["stakeholder.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_follow_up_due"), ["follow_up_due"], unique=False)
        batch_op.create_index(
            "ix_interaction_stakeholder_date", ["stakeholder_id", "occurred_on"], unique=False
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_stakeholder_date")
        batch_op.drop_index(batch_op.f("ix_interaction_follow_up_due"))

    op.drop_table("interaction")
    with op.batch_alter_table("cycle_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cycle_event_unit_id"))
        batch_op.drop_index(batch_op.f("ix_cycle_event_start_on"))
        batch_op.drop_index("ix_cycle_event_cycle_start")
        batch_op.drop_index(batch_op.f("ix_cycle_event_coach_id"))

    op.drop_table("cycle_event")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_unit_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_coach_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_unit_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_person_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_owner_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_name"))

    op.drop_table("stakeholder")
    with op.batch_alter_table("raci_cell", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_raci_one_accountable",
            sqlite_where=sa.text("letter = 'A'"),
            postgresql_where=sa.text("letter = 'A'"),
        )

    op.drop_table("raci_cell")
    with op.batch_alter_table("learning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_source_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_learning_owner_id"))
        batch_op.drop_index(batch_op.f("ix_learning_effective_cycle_id"))

    op.drop_table("learning")
    with op.batch_alter_table("coach", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_status"))

    op.drop_table("coach")
    op.drop_table("rollout_wave")
    op.drop_table("raci_activity")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))
        batch_op.drop_index(batch_op.f("ix_person_home_unit_id"))

    op.drop_table("person")
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_unit_wave_id"))
        batch_op.drop_index(batch_op.f("ix_org_unit_sponsor_id"))
        batch_op.drop_index(batch_op.f("ix_org_unit_plo_owner_id"))
        batch_op.drop_index(batch_op.f("ix_org_unit_parent_id"))
        batch_op.drop_index(batch_op.f("ix_org_unit_name"))
        batch_op.drop_index(batch_op.f("ix_org_unit_lead_id"))
        batch_op.drop_index(batch_op.f("ix_org_unit_kind"))

    op.drop_table("org_unit")
    op.drop_table("cycle")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_os_user"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
        batch_op.drop_index("ix_audit_entity")

    op.drop_table("audit_entry")
    # ### end Alembic commands ###
