"""What the Rollout plan shows of one wave: its units by state, their coverage, its coaches, its critics."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded
from okr_cockpit.db.tables import stakeholder
from okr_cockpit.services.coaching.coverage import (
    CoachLoad,
    CoverageSummary,
    coach,
    coach_load,
    has_primary_coach,
    person,
    unit,
)
from okr_cockpit.services.rollout.readiness import wave_coach_ids, wave_teams

CRITICS = ("sceptic", "blocker")
CRITICS_SHOWN = 8
COACHES_SHOWN = 10  # the fullest; a large wave has hundreds, which no detail pane can show


@dataclass(frozen=True)
class Critic:
    name: str
    attitude: str
    unit: str


@dataclass(frozen=True)
class WaveDetail:
    wave_id: int
    states: dict[str, int]  # rollout state -> units of the wave
    coverage: CoverageSummary  # the wave's teams, whether or not the wave is active yet
    coaches: tuple[CoachLoad, ...]  # the COACHES_SHOWN fullest, over capacity first
    coaches_total: int
    coaches_over: int
    critics: tuple[Critic, ...]
    critics_total: int


def wave_detail(session: Session, *, wave_id: int, today: date) -> WaveDetail:
    rows = session.execute(
        select(unit.c.state, func.count()).where(unit.c.wave_id == wave_id).group_by(unit.c.state)
    ).all()
    states = {state: count for state, count in rows}
    total, covered = session.execute(
        select(func.count(), func.count().filter(has_primary_coach(today))).where(wave_teams(wave_id))
    ).one()
    load = coach_load(today)
    in_wave = coach.c.id.in_(wave_coach_ids(wave_id, today))
    coaches = session.execute(
        select(coach.c.id, person.c.name, coach.c.status, coach.c.capacity, load)
        .join(person, person.c.id == coach.c.person_id)
        .where(in_wave)
        .order_by(coach.c.capacity - load, folded(person.c.name), coach.c.id)
        .limit(COACHES_SHOWN)
    ).all()
    coaches_total, coaches_over = session.execute(
        select(func.count(), func.count().filter(load > coach.c.capacity)).select_from(coach).where(in_wave)
    ).one()
    critical = (
        stakeholder.c.attitude.in_(CRITICS),
        stakeholder.c.archived.is_(False),
        unit.c.wave_id == wave_id,
    )
    critics = session.execute(
        select(stakeholder.c.name, stakeholder.c.attitude, unit.c.name)
        .join(unit, unit.c.id == stakeholder.c.unit_id)
        .where(*critical)
        .order_by(stakeholder.c.attitude == "sceptic", stakeholder.c.influence.desc(), stakeholder.c.name)
        .limit(CRITICS_SHOWN)
    ).all()
    critics_total = session.execute(
        select(func.count())
        .select_from(stakeholder)
        .join(unit, unit.c.id == stakeholder.c.unit_id)
        .where(*critical)
    ).scalar_one()
    return WaveDetail(
        wave_id=wave_id,
        states=states,
        coverage=CoverageSummary(teams_needing_coach=total, teams_covered=covered),
        coaches=tuple(CoachLoad(*row) for row in coaches),
        coaches_total=coaches_total,
        coaches_over=coaches_over,
        critics=tuple(Critic(*row) for row in critics),
        critics_total=critics_total,
    )
