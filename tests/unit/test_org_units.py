"""Org-unit services: kind nesting, validation, move-cycle prevention, delete cascade, reads, audit."""

import json
import shutil
from datetime import date

import pytest
from sqlalchemy import func, insert, select, update

from okr_cockpit.db.models import (
    Assignment,
    AuditEntry,
    Coach,
    Cycle,
    CycleEvent,
    OrgUnit,
    Person,
    RolloutWave,
    Stakeholder,
)
from okr_cockpit.db.open import open_database
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.coaching.coverage import coverage_summary
from okr_cockpit.services.org import reads
from okr_cockpit.services.org import units as svc
from okr_cockpit.services.org.people import search_people
from tests.conftest import FIXED_TODAY

unit = OrgUnit.__table__


def add(db, parent_id, name, kind, **values):
    return db.write(lambda s: svc.create_unit(session=s, parent_id=parent_id, name=name, kind=kind, **values))


ORG = ("acme", "sales", "ops", "field", "north", "south")


@pytest.fixture(scope="module")
def org_template(tmp_path_factory):
    """Acme → Sales (division) → Field (department) → Team North, Team South; Acme → Ops (division).

    Built once per module (migrating a file costs more than the tests); each test gets a copy.
    """
    path = tmp_path_factory.mktemp("org") / "org.db"
    opened = open_database(str(path))
    db = opened.db
    acme = add(db, None, "Acme", "company")
    sales = add(db, acme, "Sales", "division")
    ops = add(db, acme, "Ops", "division")
    field = add(db, sales, "Field", "department")
    north = add(db, field, "Team North", "team")
    south = add(db, field, "Team South", "team")
    db.dispose()
    return path, dict(zip(ORG, (acme, sales, ops, field, north, south), strict=True))


@pytest.fixture
def db(org_template, tmp_path):
    target = tmp_path / "org.db"
    shutil.copyfile(org_template[0], target)
    opened = open_database(str(target))
    yield opened.db
    opened.db.dispose()


@pytest.fixture
def org(org_template):
    return org_template[1]


def row(db, unit_id):
    return db.read(lambda s: s.execute(select(unit).where(unit.c.id == unit_id)).mappings().first())


def audit(db, unit_id):
    table = AuditEntry.__table__
    return db.read(
        lambda s: [
            (r.action, json.loads(r.changes))
            for r in s.execute(
                select(table)
                .where(table.c.entity == "org_unit", table.c.entity_id == unit_id)
                .order_by(table.c.id)
            )
        ]
    )


def refused(db, work) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        db.write(work)
    return caught.value


# -- create and kinds --------------------------------------------------------------------------
def test_create_writes_row_and_audit(db, org):
    stored = row(db, org["north"])
    assert (stored["name"], stored["kind"], stored["parent_id"], stored["state"]) == (
        "Team North",
        "team",
        org["field"],
        "not_started",
    )
    [(action, changes)] = audit(db, org["north"])
    assert action == "create"
    assert changes["name"] == [None, "Team North"]


@pytest.mark.parametrize(
    ("parent", "kind", "message"),
    [
        ("sales", "company", "A company cannot be inside a division; choose department or team."),
        ("field", "division", "A division cannot be inside a department; choose team."),
        ("north", "team", "A team cannot have units below it."),
    ],
)
def test_kind_must_be_below_parent(db, org, parent, kind, message):
    error = refused(db, lambda s: svc.create_unit(session=s, parent_id=org[parent], name="X", kind=kind))
    assert (str(error), error.field) == (message, "kind")


def test_names_are_checked(db, org):
    for name, text in (
        ("   ", "Name must not be empty."),
        ("a\x07b", "Name must not contain control characters."),
    ):
        error = refused(
            db, lambda s, n=name: svc.create_unit(session=s, parent_id=org["ops"], name=n, kind="team")
        )
        assert (str(error), error.field) == (text, "name")
    assert db.read(lambda s: s.execute(select(func.count()).select_from(unit)).scalar()) == 6


def test_markup_in_names_is_stored_as_typed(db, org):
    new_id = add(db, org["ops"], "[red]x[/]", "team")
    assert row(db, new_id)["name"] == "[red]x[/]"


# -- update ----------------------------------------------------------------------------------------
def test_update_changes_fields_and_audits_the_difference(db, org):
    wave = db.write(lambda s: s.execute(insert(RolloutWave).values(name="Wave 1")).inserted_primary_key[0])
    lead = db.write(lambda s: s.execute(insert(Person).values(name="Lee Lead")).inserted_primary_key[0])
    values = {"name": "Team N", "wave_id": wave, "state": "pilot", "lead_id": lead, "external_id": " HR-7 "}
    db.write(lambda s: svc.update_unit(session=s, unit_id=org["north"], expected_version=1, values=values))
    stored = row(db, org["north"])
    assert (stored["name"], stored["wave_id"], stored["state"], stored["lead_id"], stored["external_id"]) == (
        "Team N",
        wave,
        "pilot",
        lead,
        "HR-7",
    )
    assert stored["version"] == 2
    action, changes = audit(db, org["north"])[-1]
    assert action == "update"
    assert changes["name"] == ["Team North", "Team N"]
    assert changes["state"] == ["not_started", "pilot"]


def test_stale_update_is_refused(db, org):
    db.write(lambda s: svc.set_state(session=s, unit_id=org["north"], expected_version=1, state="live"))
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.set_state(session=s, unit_id=org["north"], expected_version=1, state="paused"))
    assert row(db, org["north"])["state"] == "live"


def test_duplicate_external_id_names_the_other_unit(db, org):
    vals = {"external_id": "HR-1"}
    db.write(lambda s: svc.update_unit(session=s, unit_id=org["north"], expected_version=None, values=vals))
    error = refused(
        db,
        lambda s: svc.update_unit(
            session=s, unit_id=org["south"], expected_version=None, values={"external_id": "hr-1"}
        ),
    )
    assert (str(error), error.field) == (
        "External id hr-1 is already used by the unit 'Team North'.",
        "external_id",
    )
    # Saving a unit with its own external id is fine.
    db.write(lambda s: svc.update_unit(session=s, unit_id=org["north"], expected_version=None, values=vals))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"state": "done"}, "state"),
        ({"kind": "tribe"}, "kind"),
        ({"lead_id": 9999}, "lead_id"),
        ({"wave_id": 9999}, "wave_id"),
        ({"notes": "x" * 5000}, "notes"),
    ],
)
def test_bad_values_name_their_field(db, org, values, field):
    error = refused(
        db, lambda s: svc.update_unit(session=s, unit_id=org["north"], expected_version=None, values=values)
    )
    assert error.field == field


def test_kind_change_must_fit_parent_and_children(db, org):
    def change(unit_id, kind):
        return refused(
            db,
            lambda s: svc.update_unit(
                session=s, unit_id=unit_id, expected_version=None, values={"kind": kind}
            ),
        )

    assert "cannot have the team units" in str(change(org["field"], "team"))
    assert str(change(org["north"], "division")) == "A division cannot be inside a department; choose team."


def test_team_with_coaches_stays_a_team(db, org):
    def assign(s):
        person_id = s.execute(insert(Person).values(name="Coach C")).inserted_primary_key[0]
        coach_id = s.execute(insert(Coach).values(person_id=person_id)).inserted_primary_key[0]
        s.execute(insert(Assignment).values(coach_id=coach_id, unit_id=org["north"]))

    db.write(assign)
    db.write(
        lambda s: svc.move_unit(
            session=s, unit_id=org["north"], expected_version=None, new_parent_id=org["ops"]
        )
    )
    error = refused(
        db,
        lambda s: svc.update_unit(
            session=s, unit_id=org["north"], expected_version=None, values={"kind": "department"}
        ),
    )
    assert error.field == "kind" and "only teams have coaches" in str(error)


# -- move ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["sales", "field", "north"])
def test_move_into_own_subtree_is_refused(db, org, target):
    error = refused(
        db,
        lambda s: svc.move_unit(
            session=s, unit_id=org["sales"], expected_version=1, new_parent_id=org[target]
        ),
    )
    assert error.field == "parent_id"
    if target == "sales":
        assert str(error) == "Sales cannot be moved under itself."
    else:
        assert "own subtree" in str(error)
    assert row(db, org["sales"])["parent_id"] == org["acme"]
    assert [a for a, _ in audit(db, org["sales"])] == ["create"]


def test_move_reparents_the_subtree_and_audits(db, org):
    db.write(
        lambda s: svc.move_unit(session=s, unit_id=org["field"], expected_version=1, new_parent_id=org["ops"])
    )
    assert row(db, org["field"])["parent_id"] == org["ops"]
    assert db.read(lambda s: reads.ancestor_path(s, org["north"])) == [
        org["acme"],
        org["ops"],
        org["field"],
        org["north"],
    ]
    assert audit(db, org["field"])[-1] == ("update", {"parent_id": [org["sales"], org["ops"]]})


def test_move_must_respect_kinds(db, org):
    error = refused(
        db,
        lambda s: svc.move_unit(
            session=s, unit_id=org["ops"], expected_version=1, new_parent_id=org["field"]
        ),
    )
    assert (str(error), error.field) == (
        "A division cannot be inside a department; choose team.",
        "parent_id",
    )
    error = refused(
        db,
        lambda s: svc.move_unit(
            session=s, unit_id=org["ops"], expected_version=1, new_parent_id=org["north"]
        ),
    )
    assert str(error) == "A team cannot have units below it."


def test_tree_walks_terminate_on_a_damaged_parent_loop(db, org):
    # Another tool could write a loop; reads must still finish.
    db.write(
        lambda s: s.execute(update(OrgUnit).where(unit.c.id == org["acme"]).values(parent_id=org["north"]))
    )
    path = db.read(lambda s: reads.ancestor_path(s, org["field"]))
    assert set(path) == {org["acme"], org["sales"], org["field"], org["north"], org["south"]} - {org["south"]}
    error = refused(
        db,
        lambda s: svc.move_unit(session=s, unit_id=org["ops"], expected_version=1, new_parent_id=org["ops"]),
    )
    assert error.field == "parent_id"


# -- reads -----------------------------------------------------------------------------------------
def test_children_are_fetched_one_level_with_counts(db, org):
    top = db.read(lambda s: reads.children(s, None))
    assert [(n.name, n.child_count) for n in top] == [("Acme", 2)]
    below = db.read(lambda s: reads.children(s, org["acme"]))
    assert [(n.name, n.kind, n.child_count) for n in below] == [
        ("Ops", "division", 0),
        ("Sales", "division", 1),
    ]
    many = db.read(lambda s: reads.children_of_many(s, [org["acme"], org["field"], org["north"]]))
    assert [n.name for n in many[org["field"]]] == ["Team North", "Team South"]
    assert many[org["north"]] == []


def test_filter_returns_matches_with_their_ancestors(db, org):
    found = db.read(lambda s: reads.filter_units(s, "south"))
    assert found.matches == {org["south"]}
    assert {n.name for n in found.nodes} == {"Acme", "Sales", "Field", "Team South"}
    capped = db.read(lambda s: reads.filter_units(s, "team", limit=1))
    assert capped.truncated and len(capped.matches) == 1


def test_subtree_levels_stop_before_the_cap(db, org):
    full = db.read(lambda s: reads.subtree_levels(s, org["acme"], cap=100))
    assert full.complete and full.levels == 3
    assert {n.name for n in full.children[org["field"]]} == {"Team North", "Team South"}
    capped = db.read(lambda s: reads.subtree_levels(s, org["acme"], cap=3))
    assert (capped.complete, capped.levels, capped.next_level_size) == (False, 2, 2)


def test_search_people_and_units(db, org):
    def people(s):
        s.execute(insert(Person).values(name="Ada Active", title="CFO", email="ada@x.org"))
        s.execute(insert(Person).values(name="Alan Gone", active=False))

    db.write(people)
    found = db.read(lambda s: search_people(s, "a", 10))
    assert [(name, detail) for _, name, detail in found] == [
        ("Ada Active", "CFO · ada@x.org"),
        ("Alan Gone", "inactive"),
    ]
    assert db.read(lambda s: reads.search_units(s, "north", 5))[0][1:] == ("Team North", "team · in Field")


# -- delete ----------------------------------------------------------------------------------------
def test_delete_with_children_is_refused_unless_cascaded(db, org):
    error = refused(db, lambda s: svc.delete_unit(session=s, unit_id=org["sales"], expected_version=1))
    assert str(error) == "Sales has 3 units below it; confirm deleting all of it, or move them first."
    assert row(db, org["sales"]) is not None


def test_cascade_deletes_subtree_with_assignments_and_events_audited(db, org):
    def setup(s):
        person_id = s.execute(
            insert(Person).values(name="Coach C", home_unit_id=org["north"])
        ).inserted_primary_key[0]
        coach_id = s.execute(insert(Coach).values(person_id=person_id)).inserted_primary_key[0]
        s.execute(insert(Assignment).values(coach_id=coach_id, unit_id=org["north"]))
        cycle_id = s.execute(
            insert(Cycle).values(name="Q1", start_on=date(2027, 1, 1), end_on=date(2027, 3, 31))
        ).inserted_primary_key[0]
        s.execute(insert(CycleEvent).values(cycle_id=cycle_id, kind="review", unit_id=org["field"]))
        s.execute(insert(Stakeholder).values(name="Works council", is_group=True, unit_id=org["sales"]))

    db.write(setup)
    impact = db.read(lambda s: svc.deletion_impact(s, org["sales"]))
    assert (impact.units, impact.assignments, impact.events, impact.stakeholders, impact.people) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert impact.describe() == "3 units below it, 1 coach assignment and 1 event"
    error = refused(db, lambda s: svc.delete_unit(session=s, unit_id=org["north"], expected_version=1))
    assert "1 coach assignment" in str(error)

    db.write(
        lambda s: svc.delete_unit(
            session=s, unit_id=org["sales"], expected_version=1, cascade=True, confirmed=impact
        )
    )
    names = db.read(lambda s: s.execute(select(unit.c.name).order_by(unit.c.id)).scalars().all())
    assert names == ["Acme", "Ops"]
    table = AuditEntry.__table__
    deleted = db.read(
        lambda s: s.execute(
            select(table.c.entity, func.count()).where(table.c.action == "delete").group_by(table.c.entity)
        ).all()
    )
    assert dict(deleted) == {"org_unit": 4, "assignment": 1, "cycle_event": 1}
    stake = db.read(lambda s: s.execute(select(Stakeholder.__table__.c.unit_id)).scalar())
    assert stake is None


def test_cascade_refuses_when_more_would_go_than_confirmed(db, org):
    impact = db.read(lambda s: svc.deletion_impact(s, org["sales"]))
    add(db, org["field"], "Team West", "team")
    error = refused(
        db,
        lambda s: svc.delete_unit(
            session=s, unit_id=org["sales"], expected_version=1, cascade=True, confirmed=impact
        ),
    )
    assert "than you confirmed" in str(error)
    assert row(db, org["sales"]) is not None


def test_delete_leaf_is_audited(db, org):
    db.write(lambda s: svc.delete_unit(session=s, unit_id=org["ops"], expected_version=1))
    assert row(db, org["ops"]) is None
    assert audit(db, org["ops"])[-1][0] == "delete"


# -- detail ----------------------------------------------------------------------------------------
def test_detail_coverage_agrees_with_the_overview(demo_db):
    def check(s):
        [company] = reads.children(s, None)
        detail = reads.unit_detail(s, company.id, today=FIXED_TODAY)
        summary = coverage_summary(s, today=FIXED_TODAY)
        assert (detail.teams_needing_coach, detail.teams_with_primary) == (
            summary.teams_needing_coach,
            summary.teams_covered,
        )
        assert detail.teams_below == s.execute(select(func.count()).where(unit.c.kind == "team")).scalar()
        division = reads.children(s, company.id)[0]
        part = reads.unit_detail(s, division.id, today=FIXED_TODAY)
        ids = reads.subtree_ids(s, division.id)
        scoped = coverage_summary(s, today=FIXED_TODAY, unit_ids=ids)
        assert (part.teams_needing_coach, part.teams_with_primary) == (
            scoped.teams_needing_coach,
            scoped.teams_covered,
        )
        assert part.lead and part.plo_owner and part.external_id

    demo_db.read(check)


def test_detail_lists_events_stakeholders_and_changes(db, org):
    def setup(s):
        cycle_id = s.execute(
            insert(Cycle).values(name="Q1", start_on=date(2026, 11, 1), end_on=date(2027, 1, 31))
        ).inserted_primary_key[0]
        for day, scope in (
            (date(2026, 12, 1), org["field"]),
            (date(2026, 11, 1), org["field"]),
            (date(2026, 12, 2), None),
        ):
            s.execute(
                insert(CycleEvent).values(cycle_id=cycle_id, kind="check_in", unit_id=scope, start_on=day)
            )
        s.execute(
            insert(Stakeholder).values(name="Nora", role="Head", unit_id=org["north"], attitude="sceptic")
        )

    db.write(setup)
    db.write(lambda s: svc.set_state(session=s, unit_id=org["north"], expected_version=1, state="pilot"))
    detail = db.read(lambda s: reads.unit_detail(s, org["north"], today=FIXED_TODAY))
    assert [(e.start_on, e.scope) for e in detail.next_events] == [
        (date(2026, 12, 1), "Field"),
        (date(2026, 12, 2), "Org-wide"),
    ]
    assert [(p.name, p.attitude) for p in detail.stakeholders] == [("Nora", "sceptic")]
    assert [c.action for c in detail.changes] == ["update", "create"]
    assert db.read(lambda s: reads.unit_detail(s, 9999, today=FIXED_TODAY)) is None
