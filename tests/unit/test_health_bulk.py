"""Process health on a hand-made cycle (the same figure in export, Overview and report), and bulk changes."""

import io
import json
import time
from datetime import timedelta

from sqlalchemy import func, insert, select

from okr_cockpit.db.models import AuditEntry, Cycle, CycleEvent, OrgUnit, RolloutWave
from okr_cockpit.errors import CockpitError, ValidationError
from okr_cockpit.services.coaching.coverage import subtree_ids
from okr_cockpit.services.exporting.rollout import health_export
from okr_cockpit.services.exporting.tables import write_export
from okr_cockpit.services.org import bulk
from okr_cockpit.services.overview import load_overview
from okr_cockpit.services.reporting.facts import build_report
from okr_cockpit.services.reporting.render import render_markdown
from okr_cockpit.services.rollout.health import current_health, process_health
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY
unit = OrgUnit.__table__


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


def build_cycle(session) -> dict:
    ids = {"co": add(session, OrgUnit, name="Co", kind="company")}
    ids["div"] = add(session, OrgUnit, name="Sales", kind="division", parent_id=ids["co"])
    ids["t1"] = add(session, OrgUnit, name="T1", kind="team", parent_id=ids["div"], state="pilot")
    ids["t2"] = add(session, OrgUnit, name="T2", kind="team", parent_id=ids["div"], state="live")
    add(session, OrgUnit, name="Not yet", kind="team", parent_id=ids["div"], state="not_started")
    add(session, OrgUnit, name="Exempt", kind="team", parent_id=ids["div"], state="live", exempt=True)
    cycle = add(
        session, Cycle, name="2026-Q4", start_on=TODAY - timedelta(days=40), end_on=TODAY + timedelta(days=40)
    )
    past, future = TODAY - timedelta(days=10), TODAY + timedelta(days=10)
    for kind, scope, day, status in (
        ("drafting", None, past, "done"),  # org-wide: applies to every team
        ("check_in", ids["t1"], past, "done"),
        ("check_in", ids["t1"], past, "planned"),  # overdue
        ("review", ids["t1"], future, "planned"),  # not due yet
        ("review", ids["t2"], past, "cancelled"),  # cancelled: as if missing
        ("training", ids["t2"], past, "planned"),  # not a tracked kind
    ):
        add(session, CycleEvent, cycle_id=cycle, kind=kind, unit_id=scope, start_on=day, status=status)
    ids["cycle"] = cycle
    return ids


def test_health_per_team_division_and_everywhere_it_is_shown(db):
    ids = db.write(build_cycle)
    health = db.read(lambda s: process_health(s, cycle_id=ids["cycle"], today=TODAY))
    teams = {t.name: t for t in health.teams}
    assert sorted(teams) == ["T1", "T2"]  # only teams running OKRs (pilot, live), none exempt
    assert {k: v.status for k, v in teams["T1"].kinds.items()} == {
        "drafting": "done",
        "check_in": "overdue",
        "review": "planned",
        "retrospective": "missing",
    }
    assert {k: v.status for k, v in teams["T2"].kinds.items()} == {
        "drafting": "done",
        "check_in": "missing",
        "review": "missing",
        "retrospective": "missing",
    }
    assert (teams["T1"].tally.held, teams["T1"].tally.due, teams["T1"].tally.percent) == (2, 4, 50)
    assert (teams["T2"].tally.held, teams["T2"].tally.due, teams["T2"].tally.percent) == (1, 4, 25)
    assert [(d.name, d.tally.held, d.tally.due, d.tally.percent) for d in health.divisions] == [
        ("Sales", 3, 8, 38)
    ]
    assert [t.name for t in health.worst(10)] == ["T2", "T1"]

    stream = io.StringIO()
    db.read(
        lambda s: write_export(
            *health_export(s, cycle_name="2026-q4", today=TODAY), fmt="json", stream=stream
        )
    )
    exported = {row["team"]: row for row in json.loads(stream.getvalue())}
    assert exported["T1"] == {
        "cycle": "2026-Q4",
        "team": "T1",
        "division": "Sales",
        "wave": "(no wave)",
        "drafting": "done",
        "check_in": "overdue",
        "review": "planned",
        "retrospective": "missing",
        "held": 2,
        "due": 4,
        "health": 50,
    }
    assert exported["T2"]["health"] == 25

    overview = db.read(lambda s: load_overview(s, today=TODAY))
    assert (overview.health_cycle, overview.health.held, overview.health.due) == ("2026-Q4", 3, 8)
    text = render_markdown(db.read(lambda s: build_report(s, today=TODAY)))
    assert "- Process health of 2026-Q4 (due events held): **38% (3 of 8)**" in text


def test_an_unknown_cycle_names_the_known_ones(db):
    db.write(build_cycle)
    try:
        db.read(lambda s: health_export(s, cycle_name="2027-Q9", today=TODAY))
    except CockpitError as error:
        assert str(error) == "There is no cycle called '2027-Q9'; the cycles are: 2026-Q4."
    else:
        raise AssertionError("an unknown cycle was accepted")


def test_no_cycle_means_no_health(db):
    assert db.read(lambda s: current_health(s, today=TODAY)) is None


def test_bulk_wave_change_of_2000_units_is_one_quick_transaction_with_one_entry_per_unit(db):
    def build(session):
        wave = add(session, RolloutWave, name="Wave 2", position=1)
        root = add(session, OrgUnit, name="Group", kind="company")
        session.execute(
            insert(unit),
            [
                {"name": f"Team {n}", "kind": "team", "parent_id": root, "wave_id": wave if n < 10 else None}
                for n in range(1999)
            ],
        )
        return wave, root

    wave, root = db.write(build)
    preview = db.read(lambda s: bulk.preview_wave(s, unit_ids=subtree_ids(root), wave_id=wave))
    assert preview.describe() == "→ Wave 2 for 1,990 of 2,000 units, 10 already there"

    audits_before = db.read(lambda s: s.execute(select(func.count()).select_from(AuditEntry)).scalar_one())
    start = time.perf_counter()
    changed = db.write(lambda s: bulk.set_wave(s, unit_ids=subtree_ids(root), wave_id=wave))
    elapsed = time.perf_counter() - start
    assert changed == 1990
    assert elapsed < 2.0, f"bulk wave change took {elapsed:.2f} s"

    def stored(session):
        in_wave = session.execute(select(func.count()).where(unit.c.wave_id == wave)).scalar_one()
        entries = session.execute(
            select(AuditEntry.entity_id, AuditEntry.changes).where(AuditEntry.id > audits_before)
        ).all()
        versions = session.execute(select(unit.c.version).where(unit.c.name == "Team 500")).scalar_one()
        return in_wave, entries, versions

    in_wave, entries, version = db.read(stored)
    assert in_wave == 2000
    assert len(entries) == 1990 and len({e.entity_id for e in entries}) == 1990
    assert json.loads(entries[0].changes) == {"wave_id": [None, wave]}
    assert version == 2  # a stale edit of a moved unit is refused like any other


def test_bulk_state_change_and_bad_targets_write_nothing(db):
    def build(session):
        root = add(session, OrgUnit, name="Group", kind="company")
        add(session, OrgUnit, name="A", kind="team", parent_id=root)
        return root

    root = db.write(build)
    assert db.write(lambda s: bulk.set_state(s, unit_ids=subtree_ids(root), state="pilot")) == 2
    for bad in (
        lambda s: bulk.set_state(s, unit_ids=[root], state="done"),
        lambda s: bulk.set_wave(s, unit_ids=[root], wave_id=999),
    ):
        try:
            db.write(bad)
        except ValidationError as error:
            assert str(error) in (
                "The state must be one of: not started, preparing, pilot, live, paused.",
                "That wave no longer exists.",
            )
        else:
            raise AssertionError("a bad bulk target was accepted")
    states = db.read(lambda s: s.execute(select(unit.c.state, unit.c.wave_id)).all())
    assert [tuple(r) for r in states] == [("pilot", None), ("pilot", None)]
