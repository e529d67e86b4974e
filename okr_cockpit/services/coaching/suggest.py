"""Suggest a primary coach for every uncovered team: a pure proposal, the data it needs, and its acceptance.

`propose` works on plain data so it can be tested on any input. Its promises:
- only active coaches, never past capacity (load + proposals <= capacity);
- every team gets a coach while any active coach has a free place (coaches already on a team are
  skipped for it, so such a team can stay open);
- first, within each division, the least loaded coach of that division; then the teams still open
  take the least loaded coaches of any division.
`accept_proposals` writes the accepted rows in one transaction through `assign_coach`, which checks
capacity and coverage again, so a change made meanwhile by someone else refuses the whole batch.
"""

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _
from okr_cockpit.services.coaching.coaches import assign_coach
from okr_cockpit.services.coaching.coverage import (
    assignment,
    coach,
    coach_load,
    current_assignment,
    division_tree,
    person,
    uncovered_condition,
    uncovered_teams,
    unit,
)


@dataclass(frozen=True)
class CoachSupply:
    coach_id: int
    name: str
    status: str
    load: int
    capacity: int
    division_id: int | None


@dataclass(frozen=True)
class TeamNeed:
    unit_id: int
    name: str
    division_id: int | None
    division: str = ""
    # coaches already on this team (e.g. its backup or a primary on leave): not proposed again
    taken: frozenset[int] = field(default_factory=frozenset)
    away_primary: str = ""  # the primary who is on leave or alumni: accepting makes them the backup


@dataclass(frozen=True)
class Proposal:
    unit_id: int
    team: str
    division: str
    coach_id: int
    coach: str
    same_division: bool
    load_after: int  # the coach's load once this and the proposals above it are accepted
    capacity: int
    replaces: str = ""  # the team's primary who is away and becomes its backup on accepting


@dataclass(frozen=True)
class Suggestion:
    proposals: tuple[Proposal, ...]
    uncovered: int  # uncovered teams considered
    left_open: int  # of those, how many got no proposal (no free place)


def _by_lightest(coaches: Iterable[CoachSupply], load: dict[int, int]) -> list[tuple]:
    # (relative load, load, name, id): balancing favours the emptiest coach, then a stable order.
    heap = [((load[c.coach_id]) / c.capacity, load[c.coach_id], c.name, c.coach_id) for c in coaches]
    heapq.heapify(heap)
    return heap


def _take(heap: list[tuple], team: TeamNeed, load: dict[int, int], capacity: dict[int, int]) -> int | None:
    """Pop the lightest coach with a free place not already on `team`; push the others back."""
    skipped, chosen = [], None
    while heap:
        entry = heapq.heappop(heap)
        coach_id = entry[3]
        if load[coach_id] >= capacity[coach_id]:
            continue  # full: drop for good
        if coach_id in team.taken:
            skipped.append(entry)
            continue
        chosen = coach_id
        load[coach_id] += 1
        if load[coach_id] < capacity[coach_id]:
            heapq.heappush(heap, (load[coach_id] / capacity[coach_id], load[coach_id], entry[2], coach_id))
        break
    for entry in skipped:
        heapq.heappush(heap, entry)
    return chosen


def propose(coaches: Sequence[CoachSupply], teams: Sequence[TeamNeed]) -> list[Proposal]:
    """One primary coach per team where possible; see the module docstring for the rules."""
    able = [c for c in coaches if c.status == "active" and c.capacity > 0 and c.load < c.capacity]
    load = {c.coach_id: c.load for c in able}
    capacity = {c.coach_id: c.capacity for c in able}
    names = {c.coach_id: c.name for c in able}
    chosen: dict[int, tuple[int, bool]] = {}  # team id -> (coach id, same division)
    by_division: dict[int | None, list[CoachSupply]] = {}
    for c in able:
        by_division.setdefault(c.division_id, []).append(c)
    for division_id, members in by_division.items():
        if division_id is None:
            continue  # a coach without a division is nobody's "same division"
        heap = _by_lightest(members, load)
        for team in teams:
            if team.division_id == division_id and team.unit_id not in chosen:
                coach_id = _take(heap, team, load, capacity)
                if coach_id is not None:
                    chosen[team.unit_id] = (coach_id, True)
    heap = _by_lightest([c for c in able if load[c.coach_id] < c.capacity], load)
    for team in teams:
        if team.unit_id not in chosen:
            coach_id = _take(heap, team, load, capacity)
            if coach_id is not None:
                chosen[team.unit_id] = (coach_id, False)
    # Report load_after in list order, so each row reads as "after accepting up to here".
    running = {c.coach_id: c.load for c in able}
    proposals = []
    for team in teams:
        if team.unit_id in chosen:
            coach_id, same = chosen[team.unit_id]
            running[coach_id] += 1
            proposals.append(
                Proposal(
                    team.unit_id,
                    team.name,
                    team.division,
                    coach_id,
                    names[coach_id],
                    same,
                    running[coach_id],
                    capacity[coach_id],
                    team.away_primary,
                )
            )
    return proposals


def gather_supply(session: Session, *, today: date) -> list[CoachSupply]:
    """Every active coach with their load and the division of their home unit."""
    tree = division_tree()
    rows = session.execute(
        select(
            coach.c.id, person.c.name, coach.c.status, coach_load(today), coach.c.capacity, tree.c.division_id
        )
        .join(person, person.c.id == coach.c.person_id)
        .outerjoin(tree, tree.c.unit_id == person.c.home_unit_id)
        .where(coach.c.status == "active")
        .order_by(coach.c.id)
    ).all()
    return [CoachSupply(*row) for row in rows]


def gather_needs(session: Session, *, today: date, scope_id: int | None = None) -> list[TeamNeed]:
    """The uncovered teams (in the scope), each with the coaches already on it."""
    teams = uncovered_teams(session, today=today, scope_id=scope_id)
    taken: dict[int, set[int]] = {}
    away: dict[int, str] = {}  # team -> its primary who is not active
    for unit_id, coach_id, role, status, name in session.execute(
        select(assignment.c.unit_id, assignment.c.coach_id, assignment.c.role, coach.c.status, person.c.name)
        .join(coach, coach.c.id == assignment.c.coach_id)
        .join(person, person.c.id == coach.c.person_id)
        .where(
            current_assignment(today),
            assignment.c.unit_id.in_(
                select(unit.c.id).where(uncovered_condition(session, today=today, scope_id=scope_id))
            ),
        )
    ):
        taken.setdefault(unit_id, set()).add(coach_id)
        if role == "primary" and status != "active":
            away[unit_id] = name
    return [
        TeamNeed(t.unit_id, t.name, t.division_id, t.division, frozenset(taken.get(t.unit_id, ())),
                 away.get(t.unit_id, ""))  # fmt: skip
        for t in teams
    ]


def suggest_assignments(session: Session, *, today: date, scope_id: int | None = None) -> Suggestion:
    """Proposals for the uncovered teams in the scope; any active coach may take one."""
    needs = gather_needs(session, today=today, scope_id=scope_id)
    proposals = propose(gather_supply(session, today=today), needs)
    return Suggestion(tuple(proposals), len(needs), len(needs) - len(proposals))


def accept_proposals(*, session: Session, proposals: Sequence[Proposal], today: date) -> int:
    """Write the accepted proposals as primary assignments, all or none. Returns how many."""
    for p in proposals:
        try:
            assign_coach(session=session, coach_id=p.coach_id, unit_id=p.unit_id, role="primary", today=today)
        except ValidationError as error:
            raise ValidationError(
                _(
                    "Nothing was assigned: {error} Someone changed the coaches since the "
                    "suggestion; suggest again."
                ).format(error=error)
            ) from error
    return len(proposals)
