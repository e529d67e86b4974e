"""The figures of the Overview screen: rollout at a glance, all counted in SQL."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import (
    ATTITUDES,
    ROLLOUT_STATES,
)
from okr_cockpit.db.tables import coach, cycle, event, interaction, person, stakeholder, unit, wave
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.coaching.coverage import (
    CoachLoad,
    CoverageSummary,
    coaches_over_capacity,
    coverage_summary,
)
from okr_cockpit.services.labels import ORG_WIDE
from okr_cockpit.services.rollout.health import Tally, current_health

NO_WAVE = N_("(no wave)")


@dataclass(frozen=True)
class WaveRow:
    wave: str
    go_live_on: date | None
    decision: str
    counts: dict[str, int]  # rollout state -> number of units

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class UpcomingEvent:
    start_on: date
    kind: str
    scope: str
    facilitator: str
    cycle: str


@dataclass(frozen=True)
class OverdueFollowUp:
    due: date
    stakeholder: str
    follow_up: str
    owner: str


@dataclass(frozen=True)
class Overview:
    today: date
    units_total: int
    state_counts: dict[str, int]
    waves: list[WaveRow]
    coverage: CoverageSummary
    over_capacity: list[CoachLoad]
    coaches_total: int
    next_events: list[UpcomingEvent]
    overdue_follow_ups: list[OverdueFollowUp]
    overdue_follow_ups_total: int
    attitude_counts: dict[str, int]
    stakeholders_total: int
    health_cycle: str  # the cycle running today ("" without cycles), as `health.current_health` picks it
    health: Tally  # its process health: due events held
    health_loaded: bool = True  # False: load_overview(with_health=False) left it for `overview_health`


def rollout_by_wave(session: Session) -> list[WaveRow]:
    rows = session.execute(
        select(
            wave.c.id, wave.c.name, wave.c.go_live_on, wave.c.decision, unit.c.state, func.count(unit.c.id)
        )
        .select_from(unit.outerjoin(wave, wave.c.id == unit.c.wave_id))
        .group_by(wave.c.id, unit.c.state)
        .order_by(wave.c.position.is_(None), wave.c.position, wave.c.id)
    ).all()
    by_wave: dict[int | None, WaveRow] = {}
    for wave_id, name, go_live, decision, state, count in rows:
        row = by_wave.setdefault(wave_id, WaveRow(name or _(NO_WAVE), go_live, decision or "", {}))
        row.counts[state] = count
    return list(by_wave.values())


def next_events(session: Session, *, today: date, limit: int = 8) -> list[UpcomingEvent]:
    scope = unit.alias("scope")
    facilitator = person.alias("facilitator")
    rows = session.execute(
        select(event.c.start_on, event.c.kind, scope.c.name, facilitator.c.name, cycle.c.name)
        .join(cycle, cycle.c.id == event.c.cycle_id)
        .outerjoin(scope, scope.c.id == event.c.unit_id)
        .outerjoin(coach, coach.c.id == event.c.coach_id)
        .outerjoin(facilitator, facilitator.c.id == coach.c.person_id)
        .where(event.c.status == "planned", event.c.start_on >= today)
        .order_by(event.c.start_on, event.c.id)
        .limit(limit)
    ).all()
    return [
        UpcomingEvent(start, kind, scope or _(ORG_WIDE), fac or "—", cyc)
        for start, kind, scope, fac, cyc in rows
    ]


def overdue_condition(today: date):
    return (
        (interaction.c.follow_up_due < today)
        & interaction.c.follow_up_done.is_(None)
        & (func.length(func.trim(interaction.c.follow_up)) > 0)
        & stakeholder.c.archived.is_(False)
    )


def overdue_follow_ups(session: Session, *, today: date, limit: int = 6) -> tuple[list[OverdueFollowUp], int]:
    owner = person.alias("owner")
    base = interaction.join(stakeholder, stakeholder.c.id == interaction.c.stakeholder_id)
    total = session.execute(
        select(func.count()).select_from(base).where(overdue_condition(today))
    ).scalar_one()
    rows = session.execute(
        select(interaction.c.follow_up_due, stakeholder.c.name, interaction.c.follow_up, owner.c.name)
        .select_from(base.outerjoin(owner, owner.c.id == stakeholder.c.owner_id))
        .where(overdue_condition(today))
        .order_by(interaction.c.follow_up_due, interaction.c.id)
        .limit(limit)
    ).all()
    return [OverdueFollowUp(due, name, text, own or "—") for due, name, text, own in rows], total


def attitude_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(stakeholder.c.attitude, func.count())
        .where(stakeholder.c.archived.is_(False))
        .group_by(stakeholder.c.attitude)
    ).all()
    found = dict(rows)
    return {attitude: found.get(attitude, 0) for attitude in ATTITUDES}


def overview_health(session: Session, *, today: date) -> tuple[str, Tally]:
    """The running cycle and its process health: two thirds of the Overview's load on a large
    organisation, so the screen shows the figures first and this after."""
    health = current_health(session, today=today)
    return (health.cycle, health.tally) if health else ("", Tally())


def load_overview(
    session: Session, *, today: date, with_health: bool = True, events: int = 8, follow_ups: int = 6
) -> Overview:
    waves = rollout_by_wave(session)
    states = {state: sum(w.counts.get(state, 0) for w in waves) for state in ROLLOUT_STATES}
    follow_ups_due, overdue_total = overdue_follow_ups(session, today=today, limit=follow_ups)
    attitudes = attitude_counts(session)
    health_cycle, health = overview_health(session, today=today) if with_health else ("", Tally())
    return Overview(
        today=today,
        units_total=sum(states.values()),
        state_counts=states,
        waves=waves,
        coverage=coverage_summary(session, today=today),
        over_capacity=coaches_over_capacity(session, today=today),
        coaches_total=session.execute(select(func.count()).select_from(coach)).scalar_one(),
        next_events=next_events(session, today=today, limit=events),
        overdue_follow_ups=follow_ups_due,
        overdue_follow_ups_total=overdue_total,
        attitude_counts=attitudes,
        stakeholders_total=sum(attitudes.values()),
        health_cycle=health_cycle,
        health=health,
        health_loaded=with_health,
    )
