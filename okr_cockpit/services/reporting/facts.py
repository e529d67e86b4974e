"""The leadership report's facts, read in one transaction; `report_md` and `report_html` render them.

Every figure that the Overview also shows comes from the same functions (`services/overview.py`,
`services/coverage.py`), so the report and the screen can never disagree.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold, folded
from okr_cockpit.db.models import (
    ROLLOUT_STATES,
    AuditEntry,
    CycleEvent,
    OrgUnit,
    Person,
    Stakeholder,
)
from okr_cockpit.services.audit import Change, recent_changes
from okr_cockpit.services.coaching.coverage import (
    CoachLoad,
    coach_loads,
    division_tree,
    has_primary_coach,
    teams_needing_coach,
)
from okr_cockpit.services.events.cycles import CycleInfo, EventInfo, event_columns, list_cycles, to_event
from okr_cockpit.services.overview import OverdueFollowUp, Overview, load_overview, overdue_follow_ups
from okr_cockpit.services.process.raci import RaciRow, raci_rows
from okr_cockpit.services.rollout.readiness import WaveReadiness, waves_readiness
from okr_cockpit.services.rollout.waves import list_waves
from okr_cockpit.services.settings import LAST_REPORT_ON, get_setting, put_setting

unit = OrgUnit.__table__
event = CycleEvent.__table__
stakeholder = Stakeholder.__table__
person = Person.__table__
entries = AuditEntry.__table__

DEFAULT_SINCE_DAYS = 14
OUTSIDE_DIVISIONS = "(outside any division)"
# Long lists are cut in the report: leadership reads the head, the cockpit has the rest.
LIST_LIMIT = 25
EVENT_LIMIT = 12  # per list of events: done, upcoming, overdue
CHANGES_LIMIT = 30
KEY_INFLUENCE = 4


@dataclass(frozen=True)
class DivisionRow:
    name: str
    counts: dict[str, int]  # rollout state -> units in the division's subtree (the division included)
    teams_needing_coach: int
    teams_covered: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class CycleEvents:
    name: str
    start_on: date
    end_on: date
    state: str
    done: list[EventInfo]  # most recent first
    upcoming: list[EventInfo]  # soonest first
    overdue: list[EventInfo]  # oldest first
    counts: dict[str, int]  # done, upcoming, overdue, unscheduled, cancelled -> number


@dataclass(frozen=True)
class KeyStakeholder:
    name: str
    role: str
    influence: int
    interest: int
    attitude: str
    desired_attitude: str
    owner: str


@dataclass(frozen=True)
class ChangesSince:
    since: date
    total: int
    by_entity: dict[tuple[str, str], int]  # (entity, action) -> number
    latest: list[Change]  # newest first, at most CHANGES_LIMIT


@dataclass(frozen=True)
class Report:
    today: date
    overview: Overview
    divisions: list[DivisionRow]
    loads: list[CoachLoad]
    cycle: CycleEvents | None
    key_stakeholders: list[KeyStakeholder]
    follow_ups: list[OverdueFollowUp]
    changes: ChangesSince
    raci: list[RaciRow]
    # Rollout plan (readiness.py, waves.py): by wave name, the wave table's readiness and decision.
    readiness: dict[str, WaveReadiness]
    decisions: dict[str, str]
    time_zone: str = "UTC"  # the cockpit's (services/events/time_zone.py): change times are shown in it
    sponsor_blockers: int = 0  # sponsors of a unit recorded as blocker or sceptic
    trend: list = field(default_factory=list)  # trend.TrendPoint per past report date and month end
    outside_divisions: str = OUTSIDE_DIVISIONS


def rollout_by_division(session: Session, *, today: date, overview: Overview) -> list[DivisionRow]:
    tree = division_tree()
    names = dict(session.execute(select(unit.c.id, unit.c.name).where(unit.c.kind == "division")).all())
    counts: dict[int, dict[str, int]] = {division_id: {} for division_id in names}
    state_rows = session.execute(
        select(tree.c.division_id, unit.c.state, func.count())
        .join(unit, unit.c.id == tree.c.unit_id)
        .group_by(tree.c.division_id, unit.c.state)
    ).all()
    for division_id, state, count in state_rows:
        counts[division_id][state] = count
    coverage_rows = session.execute(
        select(tree.c.division_id, func.count(), func.count().filter(has_primary_coach(today)))
        .join(unit, unit.c.id == tree.c.unit_id)
        .where(teams_needing_coach(session))
        .group_by(tree.c.division_id)
    ).all()
    coverage = {division_id: (total, covered) for division_id, total, covered in coverage_rows}
    rows = [
        DivisionRow(names[division_id], counts[division_id], *coverage.get(division_id, (0, 0)))
        for division_id in sorted(names, key=lambda d: (fold(names[d]), d))
    ]
    outside = {
        s: overview.state_counts.get(s, 0) - sum(r.counts.get(s, 0) for r in rows) for s in ROLLOUT_STATES
    }
    cov = overview.coverage
    outside_needing = cov.teams_needing_coach - sum(r.teams_needing_coach for r in rows)
    outside_covered = cov.teams_covered - sum(r.teams_covered for r in rows)
    if any(outside.values()) or outside_needing:
        rows.append(DivisionRow(OUTSIDE_DIVISIONS, outside, outside_needing, outside_covered))
    return rows


def current_cycle(session: Session, *, today: date) -> CycleInfo | None:
    """The cycle running today (an active one first); else the last one begun; else the next one."""
    cycles = list_cycles(session)
    running = [c for c in cycles if c.contains(today)]
    if running:
        return sorted(running, key=lambda c: (c.state != "active", c.start_on))[0]
    begun = [c for c in cycles if c.start_on <= today]
    if begun:
        return max(begun, key=lambda c: (c.start_on, c.id))
    return cycles[0] if cycles else None


def cycle_events(session: Session, *, today: date) -> CycleEvents | None:
    found = current_cycle(session, today=today)
    if found is None:
        return None
    columns, joined = event_columns()
    rows = session.execute(
        select(*columns).select_from(joined).where(event.c.cycle_id == found.id).order_by(event.c.start_on)
    ).all()
    events = [to_event(row) for row in rows]
    planned = [e for e in events if e.status == "planned"]
    overdue = [e for e in planned if e.is_overdue(today)]
    upcoming = [e for e in planned if e.start_on is not None and not e.is_overdue(today)]
    done = sorted(
        (e for e in events if e.status == "done"), key=lambda e: e.start_on or date.min, reverse=True
    )
    counts = {
        "done": len(done),
        "upcoming": len(upcoming),
        "overdue": len(overdue),
        "unscheduled": sum(1 for e in planned if e.start_on is None),
        "cancelled": sum(1 for e in events if e.status == "cancelled"),
    }
    return CycleEvents(found.name, found.start_on, found.end_on, found.state, done, upcoming, overdue, counts)


def key_stakeholders(session: Session) -> list[KeyStakeholder]:
    """Stakeholders with high influence: whose attitude leadership should know."""
    owner = person.alias("owner")
    rows = session.execute(
        select(
            stakeholder.c.name,
            stakeholder.c.role,
            stakeholder.c.influence,
            stakeholder.c.interest,
            stakeholder.c.attitude,
            stakeholder.c.desired_attitude,
            owner.c.name,
        )
        .outerjoin(owner, owner.c.id == stakeholder.c.owner_id)
        .where(stakeholder.c.archived.is_(False), stakeholder.c.influence >= KEY_INFLUENCE)
        .order_by(stakeholder.c.influence.desc(), stakeholder.c.interest.desc(), folded(stakeholder.c.name))
        .limit(LIST_LIMIT)
    ).all()
    return [KeyStakeholder(*row[:6], row[6] or "—") for row in rows]


def _is_bookkeeping(change) -> bool:
    """The previous report's own date: audited like every setting, but no change anyone made."""
    return change.entity == "setting" and change.label == LAST_REPORT_ON


def changes_since(session: Session, *, since: date) -> ChangesSince:
    start = datetime.combine(since, time.min, tzinfo=UTC)
    counted = (entries.c.at >= start) & ~(
        (entries.c.entity == "setting") & (entries.c.label == LAST_REPORT_ON)
    )
    grouped = session.execute(
        select(entries.c.entity, entries.c.action, func.count())
        .where(counted)
        .group_by(entries.c.entity, entries.c.action)
    ).all()
    by_entity = {(entity, action): count for entity, action, count in grouped}
    first_id = session.execute(select(func.min(entries.c.id)).where(counted)).scalar()
    latest = []
    if first_id is not None:
        recent = recent_changes(session, limit=CHANGES_LIMIT)
        latest = [c for c in recent if c.id >= first_id and not _is_bookkeeping(c)]
    return ChangesSince(since, sum(by_entity.values()), by_entity, latest)


def default_since(session: Session, *, today: date) -> date:
    """The previous report's date, else two weeks ago."""
    stored = get_setting(session, LAST_REPORT_ON)
    try:
        return date.fromisoformat(stored) if stored else today - timedelta(days=DEFAULT_SINCE_DAYS)
    except ValueError:
        return today - timedelta(days=DEFAULT_SINCE_DAYS)


def sponsor_blockers(session: Session) -> int:
    """Sponsors (of any unit) whose stakeholder record says blocker or sceptic: a risk in numbers, no names."""
    sponsors = select(unit.c.sponsor_id).where(unit.c.sponsor_id.is_not(None))
    return session.execute(
        select(func.count(func.distinct(stakeholder.c.person_id))).where(
            stakeholder.c.archived.is_(False),
            stakeholder.c.attitude.in_(("blocker", "sceptic")),
            stakeholder.c.person_id.in_(sponsors),
        )
    ).scalar_one()


def build_report(session: Session, *, today: date, since: date | None = None) -> Report:
    from okr_cockpit.services.events.time_zone import cockpit_time_zone
    from okr_cockpit.services.reporting.trend import rollout_trend

    overview = load_overview(session, today=today)
    since = since or default_since(session, today=today)
    follow_ups, _total = overdue_follow_ups(session, today=today, limit=LIST_LIMIT)
    return Report(
        today=today,
        overview=overview,
        divisions=rollout_by_division(session, today=today, overview=overview),
        loads=coach_loads(session, today=today),
        cycle=cycle_events(session, today=today),
        key_stakeholders=key_stakeholders(session),
        follow_ups=follow_ups,
        changes=changes_since(session, since=since),
        raci=raci_rows(session),
        **wave_plan(session, today=today),
        time_zone=cockpit_time_zone(session),
        sponsor_blockers=sponsor_blockers(session),
        trend=rollout_trend(session, today=today, since=since),
    )


def wave_plan(session: Session, *, today: date) -> dict:
    """The wave table's readiness (measured today) and decision (postponed included), by wave name."""
    waves = list_waves(session)
    measured = waves_readiness(session, today=today, wave_ids=[w.id for w in waves])
    return {
        "readiness": {w.name: measured[w.id] for w in waves},
        "decisions": {w.name: w.shown_decision for w in waves},
    }


def remember_report(session: Session, *, today: date) -> None:
    """The next report's changes start from this one's date."""
    put_setting(session, LAST_REPORT_ON, today.isoformat())
