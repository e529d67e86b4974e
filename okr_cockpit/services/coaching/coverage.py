"""Coach coverage and load: the one definition used by the Overview, the Coaches screen and the report.

- A wave is *active* when its decision is `go`, and the next pending wave (lowest position) is
  active too: the PLO prepares coaches before go-live.
- A team *needs* a primary coach when it is in an active wave and not exempt.
- A team is *covered* when it has a current primary assignment with an active coach.
- A coach's *load* is the number of current assignments (primary and backup).
- An assignment is *current* when it has not ended before `today`.
- A team is *uncovered* when it needs a primary coach and is not covered.
- A unit's *division* is its nearest ancestor (or itself) of kind division; a *scope* is a unit's subtree.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from okr_cockpit.db.folding import fold, folded, folded_like
from okr_cockpit.db.position import position_of
from okr_cockpit.db.tables import assignment, coach, person, unit, wave


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


def coverage_summary(
    session: Session, *, today: date, unit_ids: list[int] | Select | None = None
) -> CoverageSummary:
    """Coverage of all teams, or of the teams among `unit_ids` (a list, or a select such as `subtree_ids`)."""
    needing = teams_needing_coach(session)
    if unit_ids is not None:
        needing = and_(needing, unit.c.id.in_(unit_ids))
    total, covered = session.execute(
        select(func.count(), func.count().filter(has_primary_coach(today))).where(needing)
    ).one()
    return CoverageSummary(teams_needing_coach=total, teams_covered=covered)


def coach_load(today: date) -> ColumnElement[int]:
    """SQL expression on `coach` rows: the coach's load (current assignments, primary and backup)."""
    return (
        select(func.count(assignment.c.id))
        .where(assignment.c.coach_id == coach.c.id, current_assignment(today))
        # Only `coach` comes from the enclosing query, even when that query reads assignments too.
        .correlate(coach)
        .scalar_subquery()
    )


def coach_loads(session: Session, *, today: date) -> list[CoachLoad]:
    """Every coach with their load, by name."""
    load = coach_load(today)
    rows = session.execute(
        select(coach.c.id, person.c.name, coach.c.status, coach.c.capacity, load)
        .join(person, person.c.id == coach.c.person_id)
        .order_by(folded(person.c.name), person.c.id)
    ).all()
    return [CoachLoad(*row) for row in rows]


def coaches_over_capacity(session: Session, *, today: date) -> list[CoachLoad]:
    over = [c for c in coach_loads(session, today=today) if c.over_capacity]
    return sorted(over, key=lambda c: (c.capacity - c.load, fold(c.name), c.coach_id))


# -- scopes, divisions and uncovered teams ---------------------------------------------------------


@dataclass(frozen=True)
class UncoveredTeam:
    unit_id: int
    name: str
    division_id: int | None
    division: str  # "" when the team is under no division
    wave: str
    state: str


@dataclass(frozen=True)
class DivisionCount:
    division_id: int | None
    division: str
    count: int


def subtree_ids(root_id: int) -> Select:
    """SELECT of the ids of `root_id` and every unit below it (a portable recursive CTE)."""
    tree = select(unit.c.id).where(unit.c.id == root_id).cte("subtree", recursive=True)
    child = unit.alias("subtree_child")
    tree = tree.union_all(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
    return select(tree.c.id)


def unit_name(session: Session, unit_id: int) -> str | None:
    return session.execute(select(unit.c.name).where(unit.c.id == unit_id)).scalar()


def division_tree():
    """CTE (unit_id, division_id): every unit at or under a division, with that division."""
    tree = (
        select(unit.c.id.label("unit_id"), unit.c.id.label("division_id"))
        .where(unit.c.kind == "division")
        .cte("division_tree", recursive=True)
    )
    child = unit.alias("division_child")
    # A division below a division is its own, so it is not counted twice.
    return tree.union_all(
        select(child.c.id, tree.c.division_id)
        .join(tree, child.c.parent_id == tree.c.unit_id)
        .where(child.c.kind != "division")
    )


def uncovered_condition(session: Session, *, today: date, scope_id: int | None = None, name: str = ""):
    """SQL condition on `unit`: uncovered teams, optionally in a subtree and matching a LIKE pattern."""
    condition = and_(teams_needing_coach(session), ~has_primary_coach(today))
    if scope_id is not None:
        condition = and_(condition, unit.c.id.in_(subtree_ids(scope_id)))
    if name:
        condition = and_(condition, folded_like(unit.c.name, name))
    return condition


def _uncovered_order(division) -> tuple:
    """By division (none last), then by name; the ids keep the order total."""
    return (division.c.id.is_(None), folded(division.c.name), division.c.id, folded(unit.c.name), unit.c.id)


def uncovered_teams(
    session: Session,
    *,
    today: date,
    scope_id: int | None = None,
    name: str = "",
    offset: int = 0,
    limit: int | None = None,
) -> list[UncoveredTeam]:
    """Uncovered teams ordered by division then name; one page of them when `limit` is given.

    `name` is a LIKE pattern (see `search.like_pattern`); teams under no division come last.
    """
    tree = division_tree()
    division = unit.alias("division")
    rows = session.execute(
        select(
            unit.c.id,
            unit.c.name,
            division.c.id,
            func.coalesce(division.c.name, ""),
            func.coalesce(wave.c.name, ""),
            unit.c.state,
        )
        .outerjoin(tree, tree.c.unit_id == unit.c.id)
        .outerjoin(division, division.c.id == tree.c.division_id)
        .outerjoin(wave, wave.c.id == unit.c.wave_id)
        .where(uncovered_condition(session, today=today, scope_id=scope_id, name=name))
        .order_by(*_uncovered_order(division))
        .offset(offset)
        .limit(limit)
    ).all()
    return [UncoveredTeam(*row) for row in rows]


def uncovered_position(
    session: Session, *, today: date, unit_id: int, scope_id: int | None = None, name: str = ""
) -> int | None:
    """Where the team is among `uncovered_teams` (0-based), or None when it is not among them."""
    tree = division_tree()
    division = unit.alias("division")
    ids = (
        select(unit.c.id)
        .outerjoin(tree, tree.c.unit_id == unit.c.id)
        .outerjoin(division, division.c.id == tree.c.division_id)
        .where(uncovered_condition(session, today=today, scope_id=scope_id, name=name))
    )
    return position_of(session, ids, order_by=_uncovered_order(division), wanted=unit_id)


def uncovered_by_division(
    session: Session, *, today: date, scope_id: int | None = None, name: str = ""
) -> list[DivisionCount]:
    """How many uncovered teams each division has, in the order `uncovered_teams` lists them."""
    tree = division_tree()
    division = unit.alias("division")
    rows = session.execute(
        select(division.c.id, func.coalesce(division.c.name, ""), func.count())
        .select_from(unit)
        .outerjoin(tree, tree.c.unit_id == unit.c.id)
        .outerjoin(division, division.c.id == tree.c.division_id)
        .where(uncovered_condition(session, today=today, scope_id=scope_id, name=name))
        .group_by(division.c.id, division.c.name)
        .order_by(division.c.id.is_(None), folded(division.c.name), division.c.id)
    ).all()
    return [DivisionCount(*row) for row in rows]
