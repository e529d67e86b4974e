"""The tables of the cockpit as SQLModel classes; the constraints live in the schema itself.

Other versions of the app may write the same file, so every rule that a database can hold
(NOT NULL, CHECK, UNIQUE, foreign keys) is declared here, not only validated in services.
Every editable table carries a `version` column: an update names the version it was based on
and is refused when someone else has changed the row since.
"""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

UNIT_KINDS = ("company", "division", "department", "team")
ROLLOUT_STATES = ("not_started", "preparing", "pilot", "live", "paused")
COACH_STATUSES = ("active", "on_leave", "alumni")
ASSIGNMENT_ROLES = ("primary", "backup")
WAVE_DECISIONS = ("pending", "go", "no_go")
# What the PLO can record; "postponed" is stored as a pending decision with `postponed` set.
RECORDED_DECISIONS = ("go", "no_go", "postponed", "pending")
CRITERION_KINDS = (
    "coach_coverage",
    "coach_capacity",
    "unit_leads",
    "sponsor",
    "drafting_planned",
    "coaches_certified",
    "manual",
)
CYCLE_STATES = ("planned", "active", "closed")
EVENT_KINDS = (
    "priorities",
    "drafting",
    "alignment",
    "check_in",
    "mid_cycle_review",
    "review",
    "retrospective",
    "training",
)
EVENT_STATUSES = ("planned", "done", "cancelled")
ATTITUDES = ("champion", "supporter", "neutral", "sceptic", "blocker")
CHANNELS = ("meeting", "email", "workshop", "steering", "chat", "other")
RACI_ROLES = ("plo", "coaches", "sponsor", "leaders", "teams")
RACI_LETTERS = ("R", "A", "C", "I")
LEARNING_SOURCES = ("retrospective", "coach_exchange", "health_check")
CHANGE_STATUSES = ("proposed", "accepted", "in_effect", "dropped")
# "replace": the whole contents were replaced (demo --force), recorded as one entry.
AUDIT_ACTIONS = ("create", "update", "delete", "replace")

# SQLite's AUTOINCREMENT: a deleted row's id is never handed to a new row, so a stale edit or a
# calendar UID can never land on a different record (migration 0003 rebuilt the older tables).
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}

NAME_MAX = 120
TEXT_MAX = 4000


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{column}_allowed")


def name_check(column: str = "name") -> CheckConstraint:
    return CheckConstraint(
        f"length(trim({column})) > 0 AND length({column}) <= {NAME_MAX}", name=f"ck_{column}_length"
    )


class Versioned(SQLModel):
    """Optimistic concurrency: updates say which version they saw."""

    version: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": text("1")})


class RolloutWave(Versioned, table=True):
    __tablename__ = "rollout_wave"
    __table_args__ = (
        name_check(),
        one_of("decision", WAVE_DECISIONS),
        CheckConstraint(
            "go_live_on IS NULL OR start_on IS NULL OR go_live_on >= start_on", name="ck_wave_dates"
        ),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, nullable=False)
    position: int = Field(default=0, nullable=False)
    start_on: date | None = None
    go_live_on: date | None = None
    objective: str = Field(default="", nullable=False)
    entry_criteria: str = Field(default="", nullable=False)
    exit_criteria: str = Field(default="", nullable=False)
    decision: str = Field(default="pending", nullable=False)
    decided_on: date | None = None
    rationale: str = Field(default="", nullable=False, sa_column_kwargs={"server_default": ""})
    # A postponed decision is still pending: it keeps the wave out of "go" until it is decided.
    postponed: bool = Field(default=False, nullable=False, sa_column_kwargs={"server_default": false()})


class WaveCriterion(Versioned, table=True):
    """One readiness criterion of a wave: a measured check, or a manual checkbox with a note."""

    __tablename__ = "wave_criterion"
    __table_args__ = (
        one_of("kind", CRITERION_KINDS),
        CheckConstraint("threshold IS NULL OR threshold BETWEEN 0 AND 100", name="ck_criterion_threshold"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    wave_id: int = Field(foreign_key="rollout_wave.id", ondelete="CASCADE", nullable=False, index=True)
    kind: str = Field(nullable=False)
    name: str = Field(default="", nullable=False)  # a manual criterion's text; measured ones: by kind
    position: int = Field(default=0, nullable=False)
    threshold: int | None = None  # coach_coverage: percent of teams that must have a primary coach
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", ondelete="SET NULL", index=True)
    met: bool = Field(default=False, nullable=False)  # manual criteria only
    note: str = Field(default="", nullable=False)


class Person(Versioned, table=True):
    __tablename__ = "person"
    __table_args__ = (name_check(), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, index=True)
    email: str | None = Field(default=None, unique=True)
    title: str = Field(default="", nullable=False)
    # use_alter: person and org_unit point at each other; this lets the metadata sort them.
    home_unit_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("org_unit.id", ondelete="SET NULL", use_alter=True), index=True),
    )
    active: bool = Field(default=True, nullable=False)


class OrgUnit(Versioned, table=True):
    __tablename__ = "org_unit"
    __table_args__ = (
        name_check(),
        one_of("kind", UNIT_KINDS),
        one_of("state", ROLLOUT_STATES),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="ck_unit_not_own_parent"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, index=True)
    kind: str = Field(nullable=False, index=True)
    # RESTRICT: removing a subtree is an explicit cascade in the service, never a side effect.
    parent_id: int | None = Field(default=None, foreign_key="org_unit.id", ondelete="RESTRICT", index=True)
    wave_id: int | None = Field(default=None, foreign_key="rollout_wave.id", ondelete="SET NULL", index=True)
    state: str = Field(default="not_started", nullable=False)
    lead_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    sponsor_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    plo_owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    external_id: str | None = Field(default=None, unique=True)
    exempt: bool = Field(default=False, nullable=False)
    notes: str = Field(default="", nullable=False)


class Coach(Versioned, table=True):
    __tablename__ = "coach"
    __table_args__ = (
        one_of("status", COACH_STATUSES),
        CheckConstraint("capacity >= 0 AND capacity <= 100", name="ck_coach_capacity"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", unique=True, nullable=False)
    capacity: int = Field(default=4, nullable=False)
    certified_on: date | None = None
    cohort: str = Field(default="", nullable=False)
    status: str = Field(default="active", nullable=False, index=True)


class Cycle(Versioned, table=True):
    __tablename__ = "cycle"
    __table_args__ = (
        name_check(),
        one_of("state", CYCLE_STATES),
        CheckConstraint("end_on >= start_on", name="ck_cycle_dates"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, nullable=False)
    start_on: date = Field(nullable=False)
    end_on: date = Field(nullable=False)
    state: str = Field(default="planned", nullable=False)


class Assignment(Versioned, table=True):
    __tablename__ = "assignment"
    __table_args__ = (
        one_of("role", ASSIGNMENT_ROLES),
        CheckConstraint(
            "end_on IS NULL OR start_on IS NULL OR end_on >= start_on", name="ck_assignment_dates"
        ),
        UniqueConstraint("coach_id", "unit_id", name="uq_assignment_coach_unit"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="coach.id", ondelete="CASCADE", nullable=False, index=True)
    unit_id: int = Field(foreign_key="org_unit.id", ondelete="CASCADE", nullable=False, index=True)
    role: str = Field(default="primary", nullable=False)
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", ondelete="SET NULL", index=True)
    start_on: date | None = None
    end_on: date | None = None


class CycleEvent(Versioned, table=True):
    __tablename__ = "cycle_event"
    __table_args__ = (
        one_of("kind", EVENT_KINDS),
        one_of("status", EVENT_STATUSES),
        CheckConstraint("end_on IS NULL OR start_on IS NULL OR end_on >= start_on", name="ck_event_dates"),
        Index("ix_cycle_event_cycle_start", "cycle_id", "start_on"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", ondelete="CASCADE", nullable=False)
    kind: str = Field(nullable=False)
    # NULL scope means the event is org-wide.
    unit_id: int | None = Field(default=None, foreign_key="org_unit.id", ondelete="CASCADE", index=True)
    # NULL dates mean the event is not scheduled yet.
    start_on: date | None = Field(default=None, index=True)
    end_on: date | None = None
    coach_id: int | None = Field(default=None, foreign_key="coach.id", ondelete="SET NULL", index=True)
    status: str = Field(default="planned", nullable=False)
    notes: str = Field(default="", nullable=False)
    # A meeting's local start in the cockpit's time zone (setting time_zone); NULL is all day.
    start_time: time | None = None
    duration_minutes: int | None = None


class Stakeholder(Versioned, table=True):
    __tablename__ = "stakeholder"
    __table_args__ = (
        name_check(),
        one_of("attitude", ATTITUDES),
        one_of("desired_attitude", ATTITUDES),
        CheckConstraint("influence BETWEEN 1 AND 5", name="ck_influence_range"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="ck_interest_range"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, index=True)
    # A stakeholder is a person or a group (the works council); a group has no person.
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    is_group: bool = Field(default=False, nullable=False)
    role: str = Field(default="", nullable=False)
    unit_id: int | None = Field(default=None, foreign_key="org_unit.id", ondelete="SET NULL", index=True)
    internal: bool = Field(default=True, nullable=False)
    influence: int = Field(default=3, nullable=False)
    interest: int = Field(default=3, nullable=False)
    attitude: str = Field(default="neutral", nullable=False)
    desired_attitude: str = Field(default="supporter", nullable=False)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    notes: str = Field(default="", nullable=False)
    archived: bool = Field(default=False, nullable=False)


class Interaction(Versioned, table=True):
    __tablename__ = "interaction"
    __table_args__ = (
        one_of("channel", CHANNELS),
        CheckConstraint("sentiment BETWEEN -2 AND 2", name="ck_sentiment_range"),
        CheckConstraint("length(trim(summary)) > 0", name="ck_summary_present"),
        Index("ix_interaction_stakeholder_date", "stakeholder_id", "occurred_on"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    stakeholder_id: int = Field(foreign_key="stakeholder.id", ondelete="CASCADE", nullable=False)
    occurred_on: date = Field(nullable=False)
    channel: str = Field(default="meeting", nullable=False)
    summary: str = Field(nullable=False)
    sentiment: int = Field(default=0, nullable=False)
    follow_up: str = Field(default="", nullable=False)
    follow_up_due: date | None = Field(default=None, index=True)
    follow_up_done: date | None = None
    author: str = Field(default="", nullable=False)


class RaciActivity(Versioned, table=True):
    __tablename__ = "raci_activity"
    __table_args__ = (name_check(), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, nullable=False)
    position: int = Field(default=0, nullable=False)


ONE_ACCOUNTABLE = "letter = 'A'"  # the rows of the partial unique index uq_raci_one_accountable


class RaciCell(Versioned, table=True):
    """One letter of the matrix; its own id and version make a stale cell edit a conflict."""

    __tablename__ = "raci_cell"
    __table_args__ = (
        one_of("role", RACI_ROLES),
        one_of("letter", RACI_LETTERS),
        UniqueConstraint("activity_id", "role", name="uq_raci_cell_activity_role"),
        # The database itself never holds two A's for one activity (on PostgreSQL too: see
        # declare_postgresql_options).
        Index("uq_raci_one_accountable", "activity_id", unique=True, sqlite_where=text(ONE_ACCOUNTABLE)),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="raci_activity.id", ondelete="CASCADE", nullable=False)
    role: str = Field(nullable=False)
    letter: str = Field(nullable=False)


class Learning(Versioned, table=True):
    __tablename__ = "learning"
    __table_args__ = (
        one_of("source", LEARNING_SOURCES),
        one_of("status", CHANGE_STATUSES),
        CheckConstraint("length(trim(lesson)) > 0", name="ck_lesson_present"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    learned_on: date = Field(nullable=False)
    source: str = Field(nullable=False)
    source_cycle_id: int | None = Field(default=None, foreign_key="cycle.id", ondelete="SET NULL", index=True)
    lesson: str = Field(nullable=False)
    change: str = Field(default="", nullable=False)
    rationale: str = Field(default="", nullable=False)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    effective_cycle_id: int | None = Field(
        default=None, foreign_key="cycle.id", ondelete="SET NULL", index=True
    )
    status: str = Field(default="proposed", nullable=False)


class AuditEntry(SQLModel, table=True):
    """Append-only: triggers (migration 0003) refuse UPDATE and DELETE, whoever tries."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        one_of("action", AUDIT_ACTIONS),
        Index("ix_audit_entity", "entity", "entity_id"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(nullable=False, index=True)
    os_user: str = Field(nullable=False, index=True)
    host: str = Field(nullable=False)
    # The database role on PostgreSQL (who the server let in); empty on SQLite.
    db_role: str = Field(default="", nullable=False, sa_column_kwargs={"server_default": ""})
    entity: str = Field(nullable=False)
    entity_id: int = Field(nullable=False)
    label: str = Field(default="", nullable=False)
    action: str = Field(nullable=False)
    # JSON object: field -> [old, new]
    changes: str = Field(default="{}", nullable=False)


class Setting(Versioned, table=True):
    """Small facts the cockpit remembers in the shared file, e.g. when the last report was made."""

    __tablename__ = "setting"
    __table_args__ = (
        CheckConstraint("length(key) > 0", name="ck_setting_key"),
        UniqueConstraint("key", name="uq_setting_key"),
        NEVER_REUSE_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(nullable=False)
    value: str = Field(default="", nullable=False)


def declare_postgresql_options() -> None:
    """The PostgreSQL half of uq_raci_one_accountable, declared when a PostgreSQL engine is made:
    declared with the class, it would import SQLAlchemy's PostgreSQL dialect (35–90 ms) on every
    start, SQLite's included. The schema itself comes from the migrations on both backends."""
    index = next(i for i in RaciCell.__table__.indexes if i.name == "uq_raci_one_accountable")  # type: ignore[attr-defined]
    index.dialect_options["postgresql"]["where"] = text(ONE_ACCOUNTABLE)
