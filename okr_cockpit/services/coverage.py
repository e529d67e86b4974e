"""Coach coverage and load: the one definition used by the Overview, the Coaches screen and the report.

- A wave is *active* when its decision is `go`, and the next pending wave (lowest position) is
  active too: the PLO prepares coaches before go-live.
- A team *needs* a primary coach when it is in an active wave and not exempt.
- A team is *covered* when it has a current primary assignment with an active coach.
- A coach's *load* is the number of current assignments (primary and backup).
- An assignment is *current* when it has not ended before `today`.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import Assignment, Coach, OrgUnit, Person, RolloutWave

wave = RolloutWave.__table__
unit = OrgUnit.__table__
assignment = Assignment.__table__
coach = Coach.__table__
person = Person.__table__


@dataclass(frozen=True)
class CoverageSummary:
    teams_needing_coach: int
    teams_covered: int

    @property
    def teams_uncovered(self) -> int:
        return self.teams_needing_coach - self.teams_covered

    @property
    def percent(self) -> int:
        if not self.teams_needing_coach:
            return 100
        return round(100 * self.teams_covered / self.teams_needing_coach)


@dataclass(frozen=True)
class CoachLoad:
    coach_id: int
    name: str
    status: str
    capacity: int
    load: int

    @property
    def over_capacity(self) -> bool:
        return self.load > self.capacity


def active_wave_ids(session: Session) -> list[int]:
    go = session.execute(select(wave.c.id).where(wave.c.decision == "go")).scalars().all()
    next_pending = session.execute(
        select(wave.c.id).where(wave.c.decision == "pending").order_by(wave.c.position, wave.c.id).limit(1)
    ).scalar()
    return [*go, *([next_pending] if next_pending is not None else [])]


def current_assignment(today: date):
    return or_(assignment.c.end_on.is_(None), assignment.c.end_on >= today)


def has_primary_coach(today: date):
    """SQL condition: the unit row has a current primary assignment with an active coach."""
    return exists(
        select(assignment.c.id)
        .join(coach, coach.c.id == assignment.c.coach_id)
        .where(
            assignment.c.unit_id == unit.c.id,
            assignment.c.role == "primary",
            coach.c.status == "active",
            current_assignment(today),
        )
    )


def teams_needing_coach(session: Session):
    """SQL condition on `unit` for teams that need a primary coach."""
    return and_(unit.c.kind == "team", unit.c.exempt.is_(False), unit.c.wave_id.in_(active_wave_ids(session)))


def coverage_summary(session: Session, *, today: date, unit_ids: list[int] | None = None) -> CoverageSummary:
    """Coverage of all teams, or of the teams among `unit_ids` (a subtree)."""
    needing = teams_needing_coach(session)
    if unit_ids is not None:
        needing = and_(needing, unit.c.id.in_(unit_ids))
    total, covered = session.execute(
        select(func.count(), func.count().filter(has_primary_coach(today))).where(needing)
    ).one()
    return CoverageSummary(teams_needing_coach=total, teams_covered=covered)


def coach_loads(session: Session, *, today: date) -> list[CoachLoad]:
    """Every coach with their load, heaviest first relative to capacity."""
    load = (
        select(func.count(assignment.c.id))
        .where(assignment.c.coach_id == coach.c.id, current_assignment(today))
        .scalar_subquery()
    )
    rows = session.execute(
        select(coach.c.id, person.c.name, coach.c.status, coach.c.capacity, load)
        .join(person, person.c.id == coach.c.person_id)
        .order_by(person.c.name)
    ).all()
    return [CoachLoad(*row) for row in rows]


def coaches_over_capacity(session: Session, *, today: date) -> list[CoachLoad]:
    over = [c for c in coach_loads(session, today=today) if c.over_capacity]
    return sorted(over, key=lambda c: (c.capacity - c.load, c.name))
