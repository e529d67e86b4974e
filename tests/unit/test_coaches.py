"""Coach services on a world built here: assign rules, unassign, switch, coach edits, roster, scope."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from okr_cockpit.db.models import Assignment, AuditEntry, Coach, OrgUnit, Person, RolloutWave
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.coaching import coaches as svc
from okr_cockpit.services.coaching.coverage import (
    coach_loads,
    coverage_summary,
    subtree_ids,
    uncovered_by_division,
    uncovered_teams,
)
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


@pytest.fixture
def world(db):
    """Two divisions; Sales has two teams and a department, Ops one team. Ada (2) and Bo (1) coach."""

    def build(session):
        ids = {}
        wave = add(session, RolloutWave, name="Wave 1", decision="go")
        ids["company"] = add(session, OrgUnit, name="Co", kind="company")
        ids["sales"] = add(session, OrgUnit, name="Sales", kind="division", parent_id=ids["company"])
        ids["ops"] = add(session, OrgUnit, name="Ops", kind="division", parent_id=ids["company"])
        ids["dept"] = add(
            session, OrgUnit, name="Field", kind="department", parent_id=ids["sales"], wave_id=wave
        )
        for name, parent in (("North", "dept"), ("South", "dept"), ("Depot", "ops")):
            ids[name] = add(session, OrgUnit, name=name, kind="team", parent_id=ids[parent], wave_id=wave)
        for name, capacity, home, status in (
            ("Ada", 2, "North", "active"),
            ("Bo", 1, "Depot", "active"),
            ("Cy", 3, "South", "on_leave"),
            ("Di", 3, "South", "alumni"),
        ):
            person = add(session, Person, name=name, home_unit_id=ids[home])
            ids[name] = add(session, Coach, person_id=person, capacity=capacity, status=status)
        return ids

    return db, db.write(build)


def assign(db, ids, coach, team, **options):
    return db.write(
        lambda s: svc.assign_coach(session=s, coach_id=ids[coach], unit_id=ids[team], today=TODAY, **options)
    )


def assignments(db):
    a = Assignment.__table__
    return set(db.read(lambda s: s.execute(select(a.c.coach_id, a.c.unit_id, a.c.role)).all()))


def test_assign_covers_the_team_and_is_audited(world):
    db, ids = world
    assert db.read(lambda s: coverage_summary(s, today=TODAY)).teams_covered == 0
    result = assign(db, ids, "Ada", "North")
    assert result.role == "primary"
    assert assignments(db) == {(ids["Ada"], ids["North"], "primary")}
    assert db.read(lambda s: coverage_summary(s, today=TODAY)).teams_covered == 1
    audit = db.read(
        lambda s: s.execute(select(AuditEntry.__table__.c.entity, AuditEntry.__table__.c.label)).all()
    )
    assert ("assignment", "Ada → North") in audit


def test_assign_refuses_departments_alumni_duplicates_and_second_primary(world):
    db, ids = world
    with pytest.raises(ValidationError, match="Field is a department; coaches are assigned to teams"):
        assign(db, ids, "Ada", "dept")
    with pytest.raises(ValidationError, match="alumn"):
        assign(db, ids, "Di", "North")
    assign(db, ids, "Ada", "North")
    with pytest.raises(ValidationError, match="already coaches North"):
        assign(db, ids, "Ada", "North", role="backup")
    with pytest.raises(ValidationError, match="already has a primary coach \\(Ada\\)"):
        assign(db, ids, "Cy", "North", role="primary")
    # role=None picks backup when the team is covered
    assert assign(db, ids, "Cy", "North", role=None).role == "backup"


def test_over_capacity_needs_explicit_allowance(world):
    db, ids = world
    assign(db, ids, "Bo", "Depot")
    with pytest.raises(ValidationError, match="Bo already coaches 1 of 1 teams"):
        assign(db, ids, "Bo", "North")
    assert (ids["Bo"], ids["North"], "primary") not in assignments(db)
    assign(db, ids, "Bo", "North", allow_over_capacity=True)
    loads = {c.name: c for c in db.read(lambda s: coach_loads(s, today=TODAY))}
    assert loads["Bo"].load == 2 and loads["Bo"].over_capacity


def test_primary_on_leave_steps_back_when_an_active_coach_takes_over(world):
    db, ids = world
    assign(db, ids, "Cy", "South")  # on leave: on paper only, the team stays uncovered
    assert [t.name for t in db.read(lambda s: uncovered_teams(s, today=TODAY))] == ["Depot", "North", "South"]
    result = assign(db, ids, "Ada", "South")
    assert result.role == "primary" and result.demoted == "Cy"
    assert assignments(db) == {(ids["Cy"], ids["South"], "backup"), (ids["Ada"], ids["South"], "primary")}


def test_switch_swaps_with_the_other_primary_and_unassign_checks_the_version(world):
    db, ids = world
    assign(db, ids, "Ada", "North")
    backup = assign(db, ids, "Bo", "North", role="backup").assignment_id
    swapped = db.write(
        lambda s: svc.switch_role(session=s, assignment_id=backup, expected_version=1, today=TODAY)
    )
    assert swapped == "Ada"
    assert assignments(db) == {(ids["Ada"], ids["North"], "backup"), (ids["Bo"], ids["North"], "primary")}
    with pytest.raises(ConflictError):  # version 1 is stale now
        db.write(lambda s: svc.unassign(session=s, assignment_id=backup, expected_version=1))
    db.write(lambda s: svc.unassign(session=s, assignment_id=backup, expected_version=2))
    assert assignments(db) == {(ids["Ada"], ids["North"], "backup")}


def test_an_ended_assignment_is_reopened(world):
    db, ids = world
    done = assign(db, ids, "Ada", "North").assignment_id
    a = Assignment.__table__
    db.write(
        lambda s: s.execute(
            a.update()
            .where(a.c.id == done)
            .values(start_on=TODAY - timedelta(days=30), end_on=TODAY - timedelta(days=3))
        )
    )
    again = assign(db, ids, "Ada", "North")
    assert again.assignment_id == done
    assert db.read(lambda s: s.execute(select(a.c.end_on).where(a.c.id == done)).scalar()) is None


def test_create_and_update_coach(world):
    db, ids = world
    new_id = db.write(
        lambda s: svc.create_coach(
            session=s,
            values={"name": "Eve New", "email": "eve@example.org", "capacity": "3", "cohort": "2027-A"},
        )
    )
    row = db.read(lambda s: svc.coach_row(s, coach_id=new_id, today=TODAY))
    assert (row.name, row.email, row.capacity, row.cohort, row.load) == (
        "Eve New",
        "eve@example.org",
        3,
        "2027-A",
        0,
    )
    person_id = db.write(lambda s: add(s, Person, name="Fay Existing"))
    from_person = db.write(lambda s: svc.create_coach(session=s, values={"person_id": person_id}))
    assert db.read(lambda s: svc.coach_row(s, coach_id=from_person, today=TODAY)).name == "Fay Existing"
    with pytest.raises(ValidationError, match="already a coach"):
        db.write(lambda s: svc.create_coach(session=s, values={"person_id": person_id}))
    with pytest.raises(ValidationError, match="Capacity cannot be negative") as refused:
        db.write(
            lambda s: svc.update_coach(
                session=s, coach_id=new_id, expected_version=1, values={"capacity": "-1"}
            )
        )
    assert refused.value.field == "capacity"
    values = {"capacity": "5", "status": "on_leave", "cohort": "2027-B", "certified_on": "2026-10-01"}
    db.write(lambda s: svc.update_coach(session=s, coach_id=new_id, expected_version=1, values=values))
    row = db.read(lambda s: svc.coach_row(s, coach_id=new_id, today=TODAY))
    assert (row.capacity, row.status, row.cohort, row.certified_on) == (
        5,
        "on_leave",
        "2027-B",
        date(2026, 10, 1),
    )
    audit = AuditEntry.__table__
    changes = db.read(
        lambda s: s.execute(
            select(audit.c.changes).where(
                audit.c.entity == "coach", audit.c.entity_id == new_id, audit.c.action == "update"
            )
        ).scalar()
    )
    assert json.loads(changes)["capacity"] == [3, 5]


def test_roster_sort_page_filter_and_scope(world):
    db, ids = world
    assign(db, ids, "Bo", "Depot")
    assign(db, ids, "Ada", "North", role="backup")
    page = db.read(lambda s: svc.roster(s, today=TODAY, query=svc.RosterQuery(sort="load")))
    assert [r.name for r in page.rows] == ["Bo", "Ada", "Cy", "Di"]  # fewest free places first
    assert page.total == 4 and page.over_capacity == 0
    second = db.read(lambda s: svc.roster(s, today=TODAY, query=svc.RosterQuery(offset=2, limit=2)))
    assert [r.name for r in second.rows] == ["Cy", "Di"] and second.total == 4
    assert [
        r.name for r in db.read(lambda s: svc.roster(s, today=TODAY, query=svc.RosterQuery(text="a"))).rows
    ] == ["Ada"]
    ops = db.read(lambda s: svc.roster(s, today=TODAY, query=svc.RosterQuery(scope_id=ids["ops"])))
    assert [r.name for r in ops.rows] == ["Bo"]
    position = db.read(
        lambda s: svc.roster_position(s, today=TODAY, query=svc.RosterQuery(sort="load"), coach_id=ids["Cy"])
    )
    assert position == 2
    assert [r.team for r in db.read(lambda s: svc.teams_of_coach(s, coach_id=ids["Ada"], today=TODAY))] == [
        "North"
    ]


def test_uncovered_teams_by_division_and_scope(world):
    db, ids = world
    assign(db, ids, "Ada", "North")
    teams = db.read(lambda s: uncovered_teams(s, today=TODAY))
    assert [(t.division, t.name) for t in teams] == [("Ops", "Depot"), ("Sales", "South")]
    counts = db.read(lambda s: uncovered_by_division(s, today=TODAY))
    assert [(c.division, c.count) for c in counts] == [("Ops", 1), ("Sales", 1)]
    scoped = db.read(lambda s: uncovered_teams(s, today=TODAY, scope_id=ids["sales"]))
    assert [t.name for t in scoped] == ["South"]
    cov = db.read(lambda s: coverage_summary(s, today=TODAY, unit_ids=subtree_ids(ids["sales"])))
    assert (cov.teams_needing_coach, cov.teams_covered) == (2, 1)


def test_coach_picker_puts_free_coaches_of_the_teams_division_first(world):
    db, ids = world

    def picked():
        found = db.read(lambda s: svc.find_coaches(s, "", today=TODAY, division_id=ids["ops"]))
        return [(row.name, near) for row, near in found]

    assert picked() == [("Bo", True), ("Ada", False), ("Cy", False)]  # no alumni; on leave last
    assign(db, ids, "Bo", "Depot")
    assert picked() == [("Ada", False), ("Bo", True), ("Cy", False)]  # a full coach goes after free ones
