"""Rollout plan services on a world built here: wave rules, readiness that flips with the data, decisions.

Readiness is compared across its three readers (the service, `export waves`, the report) on every flip.
"""

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, insert, select, update

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
    WaveCriterion,
)
from okr_cockpit.errors import ValidationError
from okr_cockpit.services.exporting.tables import export_rows, write_export
from okr_cockpit.services.reporting.facts import build_report
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.rollout.readiness import wave_readiness
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY
unit, wave_table = OrgUnit.__table__, RolloutWave.__table__


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


def counts(db) -> tuple[int, int, int]:
    """Waves, criteria and audit entries: what a refused write must leave as it was."""

    def read(session):
        return tuple(
            session.execute(select(func.count()).select_from(m.__table__)).scalar_one()
            for m in (RolloutWave, WaveCriterion, AuditEntry)
        )

    return db.read(read)


@pytest.fixture
def world(db):
    """Sales (sponsor Sam) > Field > two teams, all in wave W; Ada coaches both; drafting planned on Field."""

    def build(session):
        ids = {}
        ids["wave"] = add(session, RolloutWave, name="W", position=1, go_live_on=TODAY + timedelta(days=30))
        ids["lea"] = add(session, Person, name="Lea Lead")
        ids["sam"] = add(session, Person, name="Sam Sponsor")
        ids["ada_person"] = add(session, Person, name="Ada Coach")
        ids["co"] = add(session, OrgUnit, name="Co", kind="company", lead_id=ids["lea"])
        common = {"wave_id": ids["wave"], "lead_id": ids["lea"]}
        ids["sales"] = add(
            session,
            OrgUnit,
            name="Sales",
            kind="division",
            parent_id=ids["co"],
            sponsor_id=ids["sam"],
            **common,
        )
        ids["field"] = add(
            session, OrgUnit, name="Field", kind="department", parent_id=ids["sales"], **common
        )
        ids["t1"] = add(
            session, OrgUnit, name="T1", kind="team", parent_id=ids["field"], state="pilot", **common
        )
        ids["t2"] = add(
            session, OrgUnit, name="T2", kind="team", parent_id=ids["field"], state="pilot", **common
        )
        ids["ada"] = add(
            session, Coach, person_id=ids["ada_person"], capacity=2, certified_on=TODAY - timedelta(days=90)
        )
        for team in ("t1", "t2"):
            add(session, Assignment, coach_id=ids["ada"], unit_id=ids[team], role="primary")
        ids["cycle"] = add(
            session,
            Cycle,
            name="C1",
            start_on=TODAY - timedelta(days=40),
            end_on=TODAY + timedelta(days=50),
            state="active",
        )
        ids["drafting"] = add(
            session,
            CycleEvent,
            cycle_id=ids["cycle"],
            kind="drafting",
            unit_id=ids["field"],
            start_on=TODAY + timedelta(days=5),
        )
        return ids

    ids = db.write(build)
    for kind in (
        "coach_coverage",
        "coach_capacity",
        "unit_leads",
        "sponsor",
        "drafting_planned",
        "coaches_certified",
    ):
        db.write(
            lambda s, k=kind: ws.add_criterion(
                session=s, wave_id=ids["wave"], values={"kind": k, "threshold": 100}
            )
        )
    ids["manual"] = db.write(
        lambda s: ws.add_criterion(
            session=s,
            wave_id=ids["wave"],
            values={"kind": "manual", "name": "Works council informed", "met": True},
        )
    )
    return ids


def exported_readiness(db) -> dict:
    stream = io.StringIO()

    def work(session):
        columns, rows = export_rows(session=session, kind="waves", today=TODAY)
        write_export(columns, rows, fmt="json", stream=stream)

    db.read(work)
    return {w["name"]: w for w in json.loads(stream.getvalue())}


def check_readers_agree(db, wave_id: int):
    """The service's readiness, as the export and the report show it."""
    measured = db.read(lambda s: wave_readiness(s, wave_id=wave_id, today=TODAY))
    exported = exported_readiness(db)["W"]
    assert exported["readiness"] == measured.percent
    assert exported["criteria"] == [
        {"name": c.name, "met": c.met, "figure": c.figure} for c in measured.criteria
    ]
    report = db.read(lambda s: build_report(s, today=TODAY))
    assert report.readiness["W"].percent == measured.percent
    return measured


FLIPS = {
    "coach_coverage": lambda s, ids: s.execute(
        delete(Assignment.__table__).where(Assignment.unit_id == ids["t2"])
    ),
    "coach_capacity": lambda s, ids: s.execute(update(Coach.__table__).values(capacity=1)),
    "unit_leads": lambda s, ids: s.execute(update(unit).where(unit.c.id == ids["t2"]).values(lead_id=None)),
    "sponsor": lambda s, ids: add(s, Stakeholder, name="Sam", person_id=ids["sam"], attitude="blocker"),
    "drafting_planned": lambda s, ids: s.execute(update(CycleEvent.__table__).values(status="cancelled")),
    "coaches_certified": lambda s, ids: s.execute(update(Coach.__table__).values(certified_on=None)),
    "manual": lambda s, ids: s.execute(
        update(WaveCriterion.__table__).where(WaveCriterion.id == ids["manual"]).values(met=False)
    ),
}


@pytest.mark.parametrize("kind", sorted(FLIPS))
def test_each_criterion_flips_with_the_data_and_every_reader_agrees(db, world, kind):
    before = check_readers_agree(db, world["wave"])
    assert [c.met for c in before.criteria] == [True] * 7 and before.percent == 100

    db.write(lambda s: FLIPS[kind](s, world))

    after = check_readers_agree(db, world["wave"])
    assert [c.kind for c in after.unmet] == [kind]
    assert after.percent == round(100 * 6 / 7) and after.label == "6/7 · 86%"


def test_figures_say_what_was_measured(db, world):
    db.write(lambda s: FLIPS["coach_coverage"](s, world))
    found = {
        c.kind: c for c in db.read(lambda s: wave_readiness(s, wave_id=world["wave"], today=TODAY)).criteria
    }
    assert found["coach_coverage"].name == "Teams with a primary coach ≥ 100%"
    assert found["coach_coverage"].figure == "1 of 2 teams (50%), needs 100%"
    assert found["unit_leads"].figure == "all 4 units have a lead"
    assert found["drafting_planned"].figure == "2 of 2 teams have drafting scheduled in C1"
    assert found["manual"].figure == "checked"


# -- bad input: one clear message, nothing written ------------------------------------------


def test_go_live_before_start_is_refused(db):
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        db.write(
            lambda s: ws.create_wave(
                session=s, values={"name": "W", "start_on": "2027-02-01", "go_live_on": "2027-01-01"}
            )
        )
    assert str(error.value) == "Go-live (2027-01-01) is before the start (2027-02-01)."
    assert error.value.field == "go_live_on"
    assert counts(db) == before


def test_duplicate_name_is_refused_whatever_the_case(db):
    db.write(lambda s: ws.create_wave(session=s, values={"name": "Wave 2"}))
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        db.write(lambda s: ws.create_wave(session=s, values={"name": "wave 2"}))
    assert str(error.value) == "A wave called 'wave 2' already exists; choose another name."
    assert counts(db) == before


@pytest.mark.parametrize("threshold", ["-1", "101", "lots"])
def test_threshold_outside_0_to_100_is_refused(db, threshold):
    wave_id = db.write(lambda s: ws.create_wave(session=s, values={"name": "W"}))
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        db.write(
            lambda s: ws.add_criterion(
                session=s, wave_id=wave_id, values={"kind": "coach_coverage", "threshold": threshold}
            )
        )
    expected = "must be a whole number" if threshold == "lots" else "must be between 0 and 100"
    assert f"The threshold (percent) {expected}." == str(error.value)
    assert error.value.field == "threshold"
    assert counts(db) == before


def test_deleting_a_wave_with_units_needs_the_count_and_keeps_the_units(db, world):
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        db.write(lambda s: ws.delete_wave(session=s, wave_id=world["wave"], expected_version=None))
    assert str(error.value) == (
        "'W' has 4 units; deleting it takes the wave from each of them (the units are kept). "
        "Confirm that to delete the wave."
    )
    with pytest.raises(ValidationError) as error:  # told 3, but there are 4 now: nothing happens
        db.write(
            lambda s: ws.delete_wave(
                session=s, wave_id=world["wave"], expected_version=None, units_released=3
            )
        )
    assert str(error.value) == "'W' now has 4 units, not 3; nothing was deleted."
    assert counts(db) == before

    released = db.write(
        lambda s: ws.delete_wave(session=s, wave_id=world["wave"], expected_version=None, units_released=4)
    )
    assert released == 4
    units = db.read(lambda s: s.execute(select(unit.c.name, unit.c.wave_id).order_by(unit.c.id)).all())
    assert [tuple(u) for u in units] == [
        ("Co", None),
        ("Sales", None),
        ("Field", None),
        ("T1", None),
        ("T2", None),
    ]
    audited = db.read(
        lambda s: s.execute(
            select(func.count()).where(AuditEntry.entity == "org_unit", AuditEntry.action == "update")
        ).scalar_one()
    )
    assert audited == 4  # one entry per unit that lost its wave


def test_a_go_with_unmet_criteria_needs_a_rationale(db, world):
    db.write(lambda s: FLIPS["sponsor"](s, world))
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        db.write(
            lambda s: ws.record_decision(
                session=s,
                wave_id=world["wave"],
                decision="go",
                rationale=" ",
                today=TODAY,
                expected_version=None,
            )
        )
    assert str(error.value) == (
        "1 criteria are not met (Division sponsors recorded, none a blocker…): a go needs a rationale."
    )
    assert counts(db) == before
    db.write(
        lambda s: ws.record_decision(
            session=s,
            wave_id=world["wave"],
            decision="go",
            rationale="Sponsor won over in the steering.",
            today=TODAY,
            expected_version=None,
        )
    )
    stored = db.read(lambda s: ws.get_wave(s, world["wave"]))
    assert (stored.shown_decision, stored.decided_on, stored.rationale) == (
        "go",
        TODAY,
        "Sponsor won over in the steering.",
    )


def test_postponed_is_pending_with_a_reason_and_keeps_the_wave_out_of_go(db, world):
    db.write(
        lambda s: ws.record_decision(
            session=s,
            wave_id=world["wave"],
            decision="postponed",
            rationale="ERP cut-over in January.",
            today=TODAY,
            expected_version=None,
        )
    )
    stored = db.read(lambda s: ws.get_wave(s, world["wave"]))
    assert (stored.decision, stored.postponed, stored.shown_decision) == ("pending", True, "postponed")
    assert exported_readiness(db)["W"]["decision"] == "postponed"


def test_waves_are_reordered_and_new_ones_go_last(db):
    for name in ("A", "B", "C"):
        db.write(lambda s, n=name: ws.create_wave(session=s, values={"name": n}))
    ids = [w.id for w in db.read(ws.list_waves)]
    assert db.write(lambda s: ws.move_wave(session=s, wave_id=ids[2], step=-1)) is True
    assert [w.name for w in db.read(ws.list_waves)] == ["A", "C", "B"]
    assert db.write(lambda s: ws.move_wave(session=s, wave_id=ids[0], step=-1)) is False
    assert [w.position for w in db.read(ws.list_waves)] == [1, 2, 3]


def test_a_wave_detail_names_its_fullest_coaches_and_counts_all(demo_db, monkeypatch):
    from okr_cockpit.services.coaching.coverage import coach_loads
    from okr_cockpit.services.rollout import detail as wave_details

    def details():
        return demo_db.read(
            lambda session: [
                wave_details.wave_detail(session, wave_id=w.id, today=FIXED_TODAY)
                for w in ws.list_waves(session)
            ]
        )

    everyone = max(details(), key=lambda d: d.coaches_total)
    assert everyone.coaches_total > 2
    monkeypatch.setattr(wave_details, "COACHES_SHOWN", 2)
    capped = next(d for d in details() if d.wave_id == everyone.wave_id)
    assert len(capped.coaches) == 2 and capped.coaches_total == everyone.coaches_total
    free = [c.capacity - c.load for c in everyone.coaches]
    assert [c.capacity - c.load for c in capped.coaches] == sorted(free)[:2]
    loads = {c.coach_id: c for c in demo_db.read(lambda session: coach_loads(session, today=FIXED_TODAY))}
    assert capped.coaches_over == sum(loads[c.coach_id].over_capacity for c in everyone.coaches)
