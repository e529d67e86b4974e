"""The suggestion as a pure function (property-style loops over random inputs), and gathered and accepted."""

import random
from collections import Counter

import pytest
from sqlalchemy import func, select

from okr_cockpit.db.models import Assignment, Coach
from okr_cockpit.errors import ValidationError
from okr_cockpit.services.coaching.coverage import coach_loads, coverage_summary
from okr_cockpit.services.coaching.suggest import (
    CoachSupply,
    TeamNeed,
    accept_proposals,
    propose,
    suggest_assignments,
)
from tests.conftest import FIXED_TODAY

STATUSES = ("active", "active", "active", "on_leave", "alumni")


def random_world(rng: random.Random) -> tuple[list[CoachSupply], list[TeamNeed]]:
    divisions = [None, *range(1, rng.randint(2, 6))]
    coaches = []
    for i in range(rng.randint(0, 25)):
        capacity = rng.randint(0, 5)
        coaches.append(
            CoachSupply(
                i,
                f"coach {i}",
                rng.choice(STATUSES),
                rng.randint(0, capacity + 2),
                capacity,
                rng.choice(divisions),
            )
        )
    teams = [TeamNeed(1000 + t, f"team {t}", rng.choice(divisions)) for t in range(rng.randint(0, 60))]
    return coaches, teams


def free_places(coaches: list[CoachSupply]) -> int:
    return sum(max(0, c.capacity - c.load) for c in coaches if c.status == "active")


def test_never_over_capacity_never_on_leave_and_covers_all_it_can():
    rng = random.Random(4)
    for _ in range(400):
        coaches, teams = random_world(rng)
        proposals = propose(coaches, teams)
        by_id = {c.coach_id: c for c in coaches}
        added = Counter(p.coach_id for p in proposals)
        for coach_id, count in added.items():
            coach = by_id[coach_id]
            assert coach.status == "active"
            assert coach.load + count <= coach.capacity
        assert len({p.unit_id for p in proposals}) == len(proposals)  # one primary per team
        assert len(proposals) == min(len(teams), free_places(coaches))
        for p in proposals:
            assert p.load_after <= p.capacity


def test_prefers_the_same_division_when_it_has_room():
    rng = random.Random(7)
    for _ in range(200):
        coaches, teams = random_world(rng)
        proposals = {p.unit_id: p for p in propose(coaches, teams)}
        for division in {t.division_id for t in teams} - {None}:
            local = [c for c in coaches if c.division_id == division and c.status == "active"]
            local_free = free_places(local)
            needing = [t for t in teams if t.division_id == division]
            same = sum(1 for t in needing if t.unit_id in proposals and proposals[t.unit_id].same_division)
            assert same == min(len(needing), local_free)


def test_balances_load():
    coaches = [CoachSupply(1, "Busy", "active", 3, 5, 1), CoachSupply(2, "Free", "active", 0, 5, 1)]
    teams = [TeamNeed(10 + i, f"t{i}", 1) for i in range(4)]
    added = Counter(p.coach for p in propose(coaches, teams))
    assert added == {"Free": 3, "Busy": 1}  # both end at 3/5 and 4/5, the emptiest filled first


def test_skips_a_coach_already_on_the_team():
    coaches = [CoachSupply(1, "Backup", "active", 1, 3, 1), CoachSupply(2, "Other", "active", 2, 3, 2)]
    proposals = propose(coaches, [TeamNeed(10, "t", 1, taken=frozenset({1}))])
    assert [(p.coach, p.same_division) for p in proposals] == [("Other", False)]


def test_suggest_and_accept_on_the_demo(demo_db):
    today = FIXED_TODAY
    before = demo_db.read(lambda s: coverage_summary(s, today=today))
    suggestion = demo_db.read(lambda s: suggest_assignments(s, today=today))
    assert suggestion.uncovered == before.teams_uncovered and suggestion.proposals
    written = demo_db.write(
        lambda s: accept_proposals(session=s, proposals=suggestion.proposals, today=today)
    )
    after = demo_db.read(lambda s: coverage_summary(s, today=today))
    assert after.teams_covered == before.teams_covered + written
    loads = {c.coach_id: c for c in demo_db.read(lambda s: coach_loads(s, today=today))}
    for p in suggestion.proposals:
        assert loads[p.coach_id].load <= loads[p.coach_id].capacity


def test_accept_refuses_the_whole_batch_after_a_concurrent_change(demo_db):
    today = FIXED_TODAY
    suggestion = demo_db.read(lambda s: suggest_assignments(s, today=today))
    first = suggestion.proposals[0]
    coach = Coach.__table__
    # Meanwhile someone lowers that coach's capacity to what they already carry.
    demo_db.write(
        lambda s: s.execute(
            coach.update().where(coach.c.id == first.coach_id).values(capacity=first.load_after - 1)
        )
    )
    a = Assignment.__table__
    before = demo_db.read(lambda s: s.execute(select(func.count()).select_from(a)).scalar())
    with pytest.raises(ValidationError, match="Nothing was assigned"):
        demo_db.write(lambda s: accept_proposals(session=s, proposals=suggestion.proposals, today=today))
    assert demo_db.read(lambda s: s.execute(select(func.count()).select_from(a)).scalar()) == before


def test_a_proposal_says_whose_place_it_takes_when_the_teams_primary_is_away(demo_db):
    """Accepting makes an away primary (on leave, alumni) the team's backup: the proposal names them."""
    from okr_cockpit.db.tables import assignment, coach, person

    today = FIXED_TODAY
    suggestion = demo_db.read(lambda s: suggest_assignments(s, today=today))
    replacing = [p for p in suggestion.proposals if p.replaces]
    assert replacing, "the demo has a team whose primary is on leave"
    proposal = replacing[0]
    demo_db.write(lambda s: accept_proposals(session=s, proposals=[proposal], today=today))

    def roles(session):
        rows = session.execute(
            select(person.c.name, assignment.c.role)
            .join(coach, coach.c.id == assignment.c.coach_id)
            .join(person, person.c.id == coach.c.person_id)
            .where(assignment.c.unit_id == proposal.unit_id, assignment.c.end_on.is_(None))
        )
        return dict(rows.all())

    roles_now = demo_db.read(roles)
    assert roles_now[proposal.replaces] == "backup" and roles_now[proposal.coach] == "primary"
