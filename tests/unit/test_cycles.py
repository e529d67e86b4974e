"""Cycles and events: validation, versioned writes, windowed reads, overdue lists and template planning."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, insert, select

from okr_cockpit.db.models import Assignment, AuditEntry, Coach, Cycle, CycleEvent, OrgUnit, Person
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.template import apply_template_plan, plan_from_template, team_slots
from okr_cockpit.services.events.window import timeline_window

TODAY = date(2026, 11, 16)


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


@pytest.fixture
def world(db):
    """A company with a department and three teams, two coaches (one on leave), one cycle."""

    def build(session):
        ids = {}
        ids["company"] = add(session, OrgUnit, name="Northwind", kind="company")
        ids["dept"] = add(session, OrgUnit, name="Payments", kind="department", parent_id=ids["company"])
        ids["team_a"] = add(session, OrgUnit, name="Team A", kind="team", parent_id=ids["dept"], state="live")
        ids["team_b"] = add(
            session, OrgUnit, name="Team B", kind="team", parent_id=ids["dept"], state="pilot"
        )
        ids["team_c"] = add(
            session, OrgUnit, name="Team C", kind="team", parent_id=ids["dept"]
        )  # not started
        ids["other"] = add(
            session, OrgUnit, name="Other", kind="team", parent_id=ids["company"], state="live"
        )
        ada = add(session, Person, name="Ada Coach")
        bob = add(session, Person, name="Bob Away")
        ids["ada"] = add(session, Coach, person_id=ada)
        ids["bob"] = add(session, Coach, person_id=bob, status="on_leave")
        add(session, Assignment, coach_id=ids["ada"], unit_id=ids["team_a"], role="primary")
        ids["q4"] = add(session, Cycle, name="2026-Q4", start_on=date(2026, 10, 1), end_on=date(2026, 12, 31))
        return ids

    return db, db.write(build)


def values(ids, **overrides):
    base = {
        "cycle_id": ids["q4"],
        "kind": "check_in",
        "unit_id": ids["team_a"],
        "start_on": "2026-11-20",
        "end_on": "",
        "coach_id": ids["ada"],
        "notes": "",
    }
    return {**base, **overrides}


def test_create_event_defaults_end_to_start_and_audits(world):
    db, ids = world
    new_id = db.write(lambda s: svc.create_event(session=s, values=values(ids)))
    found = db.read(lambda s: svc.get_event(s, new_id))
    assert (found.start_on, found.end_on, found.status, found.facilitator) == (
        date(2026, 11, 20),
        date(2026, 11, 20),
        "planned",
        "Ada Coach",
    )


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ({"start_on": "2026-11-20", "end_on": "2026-11-19"}, "end_on", "before the start"),
        ({"kind": "party"}, "kind", "must be one of"),
        ({"start_on": "31.11.2026"}, "start_on", "not a date"),
        ({"cycle_id": None}, "cycle_id", "Choose the cycle"),
    ],
)
def test_event_validation_names_the_field(world, override, field, words):
    db, ids = world
    with pytest.raises(ValidationError) as raised:
        db.write(lambda s: svc.create_event(session=s, values=values(ids, **override)))
    assert raised.value.field == field
    assert words in str(raised.value)


def test_facilitator_must_be_an_active_coach(world):
    db, ids = world
    with pytest.raises(ValidationError, match="Bob Away is not an active coach"):
        db.write(lambda s: svc.create_event(session=s, values=values(ids, coach_id=ids["bob"])))


def test_event_outside_its_cycle_needs_explicit_permission(world):
    db, ids = world
    outside = values(ids, start_on="2027-01-05")
    with pytest.raises(svc.OutsideCycleWarning, match="outside cycle 2026-Q4"):
        db.write(lambda s: svc.create_event(session=s, values=outside))
    new_id = db.write(lambda s: svc.create_event(session=s, values=outside, allow_outside_cycle=True))
    assert db.read(lambda s: svc.get_event(s, new_id)).start_on == date(2027, 1, 5)


def test_stale_edit_is_refused_and_status_changes_are_versioned(world):
    db, ids = world
    new_id = db.write(lambda s: svc.create_event(session=s, values=values(ids)))
    db.write(lambda s: svc.set_event_status(session=s, event_id=new_id, status="done", expected_version=1))
    with pytest.raises(ConflictError):
        db.write(
            lambda s: svc.update_event(session=s, event_id=new_id, values=values(ids), expected_version=1)
        )
    with pytest.raises(ConflictError):
        db.write(
            lambda s: svc.set_event_status(session=s, event_id=new_id, status="cancelled", expected_version=1)
        )
    assert db.read(lambda s: svc.get_event(s, new_id)).status == "done"
    db.write(lambda s: svc.delete_event(session=s, event_id=new_id, expected_version=2))
    assert db.read(lambda s: svc.get_event(s, new_id)) is None


def test_cycle_validation_and_update(world):
    db, ids = world
    with pytest.raises(ValidationError, match="already a cycle called"):
        db.write(
            lambda s: svc.create_cycle(
                session=s, values={"name": "2026-q4", "start_on": "2027-01-01", "end_on": "2027-03-31"}
            )
        )
    with pytest.raises(ValidationError, match="before the start"):
        db.write(
            lambda s: svc.create_cycle(
                session=s, values={"name": "2027-Q1", "start_on": "2027-03-31", "end_on": "2027-01-01"}
            )
        )
    new_id = db.write(
        lambda s: svc.create_cycle(
            session=s, values={"name": "2027-Q1", "start_on": "2027-01-01", "end_on": "2027-03-31"}
        )
    )
    db.write(
        lambda s: svc.update_cycle(
            session=s,
            cycle_id=new_id,
            values={"name": "2027-Q1", "start_on": "2027-01-04", "end_on": "2027-03-31", "state": "active"},
            expected_version=1,
        )
    )
    found = {c.name: c for c in db.read(svc.list_cycles)}
    assert (found["2027-Q1"].start_on, found["2027-Q1"].state, found["2027-Q1"].version) == (
        date(2027, 1, 4),
        "active",
        2,
    )


def test_overdue_and_upcoming_lists(world):
    db, ids = world
    made = {}
    for name, start, status in (
        ("late", "2026-11-02", "planned"),
        ("done", "2026-11-03", "done"),
        ("soon", "2026-11-18", "planned"),
        ("today", "2026-11-16", "planned"),
    ):
        made[name] = db.write(
            lambda s, start=start, status=status: svc.create_event(
                session=s, values=values(ids, start_on=start, status=status)
            )
        )
    overdue, total = db.read(lambda s: svc.overdue_events(s, today=TODAY))
    assert ([e.id for e in overdue], total) == ([made["late"]], 1)
    upcoming = db.read(lambda s: svc.upcoming_events(s, today=TODAY))
    assert [e.id for e in upcoming] == [made["today"], made["soon"]]


def test_template_preview_writes_nothing_then_writes_once(world):
    db, ids = world
    plan = db.read(lambda s: plan_from_template(s, cycle_id=ids["q4"], root_unit_id=ids["dept"], today=TODAY))
    assert (plan.teams, plan.teams_skipped, plan.teams_without_coach) == (2, 1, ("Team B",))
    assert plan.events[0].kind == "priorities"
    assert plan.events[0].start_on == date(2026, 9, 10)  # three weeks before the start
    assert {e.scope for e in plan.events[1:]} == {"Team A", "Team B"}
    assert {e.facilitator for e in plan.events if e.scope == "Team A"} == {"Ada Coach"}
    assert db.read(lambda s: s.execute(select(func.count()).select_from(CycleEvent)).scalar_one()) == 0

    created = db.write(lambda s: apply_template_plan(s, plan=plan))
    assert created == len(plan.events)
    audited = db.read(
        lambda s: s.execute(
            select(func.count()).where(AuditEntry.entity == "cycle_event", AuditEntry.action == "create")
        ).scalar_one()
    )
    assert audited == created
    again = db.read(
        lambda s: plan_from_template(s, cycle_id=ids["q4"], root_unit_id=ids["dept"], today=TODAY)
    )
    assert again.new_events == ()
    assert db.write(lambda s: apply_template_plan(s, plan=plan)) == 0


def test_team_slots_follow_the_standard_offsets():
    slots = team_slots(date(2027, 1, 4), date(2027, 4, 4))
    kinds = [kind for kind, _, _ in slots]
    assert kinds[:2] == ["drafting", "alignment"]
    assert kinds[-2:] == ["review", "retrospective"]
    assert "mid_cycle_review" in kinds
    check_ins = [first for kind, first, _ in slots if kind == "check_in"]
    assert all(
        (b - a) % timedelta(weeks=2) == timedelta(0) for a, b in zip(check_ins, check_ins[1:], strict=False)
    )
    assert all(date(2027, 1, 4) <= first <= last <= date(2027, 4, 4) for _, first, last in slots)


def test_window_fetches_only_visible_rows_and_dates(db):
    """20,000 events over 500 series: a window of 30 rows × 8 weeks brings back a few hundred at most."""

    def build(session):
        cycle_id = add(session, Cycle, name="long", start_on=date(2020, 1, 1), end_on=date(2030, 12, 31))
        units = [
            session.execute(
                insert(OrgUnit.__table__).values(name=f"Team {n:03}", kind="team")
            ).inserted_primary_key[0]
            for n in range(100)
        ]
        rows = []
        for n in range(20_000):
            day = date(2024, 1, 1) + timedelta(days=(n * 7) % 1500)
            rows.append(
                {
                    "cycle_id": cycle_id,
                    "kind": svc.EVENT_KINDS[n // 100 % 5],
                    "unit_id": units[n % 100],
                    "start_on": day,
                }
            )
        session.execute(insert(CycleEvent.__table__), rows)

    db.write(build)
    selects = []

    def count_rows(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    sa_event.listen(db.engine, "after_cursor_execute", count_rows)
    window = db.read(
        lambda s: timeline_window(
            s, today=TODAY, start=date(2025, 1, 1), end=date(2025, 2, 26), row_offset=40, row_limit=30
        )
    )
    sa_event.remove(db.engine, "after_cursor_execute", count_rows)
    assert window.total_rows == 500
    assert len(window.rows) == 30
    assert window.rows[0].scope == "Team 008"
    assert 0 < window.fetched <= 200
    assert all(e.start_on <= date(2025, 2, 26) for items in window.events.values() for e in items)
    assert all(key in {r.key for r in window.rows} for key in window.events)
    assert len(selects) == 4  # series page, count, events in view, unscheduled
