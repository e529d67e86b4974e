"""The demo data tells the rollout story the screens rely on, the same way every time."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from okr_cockpit.db import models as m
from okr_cockpit.errors import CockpitError
from okr_cockpit.services import overview
from okr_cockpit.services.coaching import coverage
from okr_cockpit.services.demo.generate import clear_all, database_is_empty, load_demo
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY


def count(db, model, *where) -> int:
    table = model.__table__
    return db.read(lambda s: s.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_small_demo_has_the_sizes_of_the_story(demo_db):
    unit = m.OrgUnit.__table__
    assert count(demo_db, m.OrgUnit, unit.c.kind == "company") == 1
    assert count(demo_db, m.OrgUnit, unit.c.kind == "division") == 6
    assert 55 <= count(demo_db, m.OrgUnit, unit.c.kind == "team") <= 65
    assert 12 <= count(demo_db, m.Coach) <= 18
    assert count(demo_db, m.RolloutWave) == 3
    assert count(demo_db, m.Cycle) == 4
    assert 25 <= count(demo_db, m.Stakeholder) <= 35
    assert 120 <= count(demo_db, m.Interaction) <= 180
    assert count(demo_db, m.Learning) >= 4
    assert count(demo_db, m.AuditEntry) >= 5


def test_there_is_work_for_the_plo(demo_db):
    cov = demo_db.read(lambda s: coverage.coverage_summary(s, today=TODAY))
    assert cov.teams_uncovered > 0 and cov.teams_covered > 0
    assert demo_db.read(lambda s: coverage.coaches_over_capacity(s, today=TODAY))
    _, overdue = demo_db.read(lambda s: overview.overdue_follow_ups(s, today=TODAY))
    assert overdue > 0
    event = m.CycleEvent.__table__
    assert count(demo_db, m.CycleEvent, event.c.status == "planned", event.c.start_on < TODAY) > 0
    assert count(demo_db, m.CycleEvent, event.c.start_on.is_(None)) > 0
    assert count(demo_db, m.CycleEvent, event.c.status == "cancelled") > 0
    assert {k for (k,) in demo_db.read(lambda s: s.execute(select(event.c.kind).distinct()).all())} == set(
        m.EVENT_KINDS
    )


def test_teams_in_the_first_waves_are_left_uncovered(demo_db):
    unit, wave = m.OrgUnit.__table__, m.RolloutWave.__table__

    def uncovered_in_early_waves(session):
        early = select(wave.c.id).where(wave.c.position <= 2)
        return session.execute(
            select(func.count()).where(
                unit.c.kind == "team",
                unit.c.exempt.is_(False),
                unit.c.wave_id.in_(early),
                ~coverage.has_primary_coach(TODAY),
            )
        ).scalar_one()

    assert demo_db.read(uncovered_in_early_waves) > 0


def test_cycles_are_relative_to_today(demo_db):
    cycle = m.Cycle.__table__
    rows = demo_db.read(
        lambda s: s.execute(
            select(cycle.c.name, cycle.c.state, cycle.c.start_on, cycle.c.end_on).order_by(cycle.c.start_on)
        ).all()
    )
    assert [r.state for r in rows] == ["closed", "active", "planned", "planned"]
    assert rows[1].name == "2026-Q4" and rows[1].start_on <= TODAY <= rows[1].end_on


def test_raci_has_exactly_one_accountable_per_activity(demo_db):
    cell, activity = m.RaciCell.__table__, m.RaciActivity.__table__
    rows = demo_db.read(
        lambda s: s.execute(
            select(activity.c.name, func.count().filter(cell.c.letter == "A"), func.count())
            .join(cell, cell.c.activity_id == activity.c.id)
            .group_by(activity.c.name)
        ).all()
    )
    assert len(rows) == 12
    assert all(accountable == 1 and cells == len(m.RACI_ROLES) for _, accountable, cells in rows)
    plan = demo_db.read(
        lambda s: dict(
            s.execute(
                select(cell.c.role, cell.c.letter)
                .join(activity, activity.c.id == cell.c.activity_id)
                .where(activity.c.name == "Rollout plan")
            ).all()
        )
    )
    assert plan["plo"] == "A" and plan["sponsor"] == "C"


def test_every_team_has_a_company_ancestor(demo_db):
    unit = m.OrgUnit.__table__
    rows = demo_db.read(lambda s: s.execute(select(unit.c.id, unit.c.parent_id, unit.c.kind)).all())
    parent = {r.id: r.parent_id for r in rows}
    kind = {r.id: r.kind for r in rows}
    for team in (i for i, k in kind.items() if k == "team"):
        node, seen = team, set()
        while parent[node] is not None:
            assert node not in seen
            seen.add(node)
            node = parent[node]
        assert kind[node] == "company"


def test_works_council_is_a_group_without_a_person(demo_db):
    holder = m.Stakeholder.__table__
    query = select(holder.c.is_group, holder.c.person_id).where(holder.c.name == "Works Council")
    row = demo_db.read(lambda s: s.execute(query).one())
    assert row.is_group is True and row.person_id is None


def test_audit_history_is_recent_and_readable(demo_db):
    audit = m.AuditEntry.__table__
    rows = demo_db.read(lambda s: s.execute(select(audit.c.at, audit.c.os_user, audit.c.changes)).all())
    assert {r.os_user for r in rows} <= {"anna", "ben", "clara", "david"}
    assert all(TODAY - timedelta(days=14) <= r.at.date() < TODAY for r in rows)
    assert all(all(len(v) == 2 for v in json.loads(r.changes).values()) for r in rows)


def snapshot(db) -> dict[str, list[tuple]]:
    tables = (m.OrgUnit, m.Person, m.Coach, m.Assignment, m.CycleEvent, m.Stakeholder, m.Interaction)
    return db.read(
        lambda s: {
            t.__tablename__: s.execute(select(t.__table__).order_by(t.__table__.c.id)).all() for t in tables
        }
    )


def test_the_same_day_gives_the_same_data(db, demo_db):
    load_demo(db, size="small", today=TODAY)
    assert snapshot(db) == snapshot(demo_db)


def test_refuses_a_database_with_data_and_replaces_when_told(demo_db):
    assert not database_is_empty(demo_db)
    before = count(demo_db, m.OrgUnit)
    with pytest.raises(CockpitError):
        load_demo(demo_db, size="small", today=TODAY)
    assert count(demo_db, m.OrgUnit) == before
    load_demo(demo_db, size="small", today=date(2027, 3, 3), replace=True)
    assert count(demo_db, m.OrgUnit) == before
    assert count(demo_db, m.Cycle, m.Cycle.__table__.c.name == "2027-Q1") == 1


def test_clear_all_empties_every_table_but_the_audit_log_and_the_identity(demo_db, db):
    assert database_is_empty(db)
    entries = count(demo_db, m.AuditEntry)
    demo_db.write(clear_all)
    assert database_is_empty(demo_db)
    assert count(demo_db, m.Interaction) == count(demo_db, m.RaciCell) == 0
    assert count(demo_db, m.AuditEntry) == entries > 0
    assert demo_db.read(lambda s: s.execute(select(m.Setting.key)).scalars().all()) == ["database_id"]


def test_unknown_size_is_refused(db):
    with pytest.raises(CockpitError, match="small or large"):
        load_demo(db, size="huge", today=TODAY)


@pytest.mark.slow
def test_large_demo_is_big(db):
    """Its speed is measured by benchmarks/demo_large.py, never by a timed assertion here."""
    summary = load_demo(db, size="large", today=TODAY)
    assert summary.units >= 9_000 and summary.teams >= 7_500
    assert summary.coaches >= 900 and summary.cycles == 8
    assert summary.events >= 20_000 and summary.stakeholders >= 1_900 and summary.interactions >= 90_000
    assert count(db, m.Interaction) == summary.interactions


def demo_texts(db) -> dict[str, list[str]]:
    """What a user reads of the demo: unit names, wave texts, criteria, notes, logs, learnings, RACI."""

    def read(session):
        def column(*columns):
            return [value for row in session.execute(select(*columns)) for value in row if value]

        unit, wave, criterion = m.OrgUnit.__table__, m.RolloutWave.__table__, m.WaveCriterion.__table__
        interaction, learning, event = m.Interaction.__table__, m.Learning.__table__, m.CycleEvent.__table__
        return {
            "units": column(unit.c.name, unit.c.notes),
            "waves": column(wave.c.name, wave.c.objective, wave.c.entry_criteria, wave.c.exit_criteria),
            "criteria": column(criterion.c.name, criterion.c.note),
            "stakeholders": column(m.Stakeholder.__table__.c.role),
            "interactions": column(interaction.c.summary, interaction.c.follow_up),
            "learnings": column(learning.c.lesson, learning.c.change, learning.c.rationale),
            "events": column(event.c.notes),
            "raci": column(m.RaciActivity.__table__.c.name),
        }

    return db.read(read)


def test_a_german_demo_writes_german_texts_in_the_same_story(db, demo_db):
    """`demo` run in German (`--lang de`) writes the story in German; its shape is the English one's."""
    from okr_cockpit.i18n import set_language

    set_language("de")
    load_demo(db, size="small", today=TODAY)  # the language in force decides
    german, english = demo_texts(db), demo_texts(demo_db)
    assert {"Logistik", "Handel", "Datenplattform", "Betriebsratsbüro"} <= set(german["units"])
    assert "Welle 1 – Pilot" in german["waves"] and "Wave 1 – Pilot" not in german["waves"]
    assert any("Sponsor-Mandat" in text for text in german["waves"])
    assert "Sponsor-Mandat unterschrieben" in german["criteria"]
    assert "Datenschutzbeauftragte" in german["stakeholders"]
    assert "Führungsprioritäten" in german["raci"] and "Rollout plan" not in german["raci"]
    assert any("Alignment-Tag" in text for text in german["events"])
    assert any("Betriebsrat" in text for text in german["learnings"])
    same_in_both = {  # names and words German uses as they are
        "Digital & IT", "E-Commerce", "Marketing", "Controlling", "Treasury", "Alignment", "Review",
        "Check-ins", "Service Desk", "Mobile App", "Checkout", "Recruiting", "Onboarding", "Transport",
        "Visual Merchandising", "Developer Experience", "Business Controlling", "Chief Information Officer",
        "Chief Operating Officer", "Northwind Group",
    }  # fmt: skip
    for area, texts in german.items():  # nothing English is left, but the words German uses as they are
        assert set(texts) & set(english[area]) <= same_in_both, area
    for model in (m.OrgUnit, m.Stakeholder, m.Interaction, m.CycleEvent, m.Learning, m.WaveCriterion):
        assert count(db, model) == count(demo_db, model), model.__name__


def test_the_english_demo_stays_english_whatever_language_runs(db):
    from okr_cockpit.i18n import set_language

    set_language("de")
    load_demo(db, size="small", today=TODAY, language="en")
    assert "Wave 1 – Pilot" in demo_texts(db)["waves"]
