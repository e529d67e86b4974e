"""The iCalendar export parses back (with the icalendar library) into the same events as the database."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from okr_cockpit.cli import main
from okr_cockpit.db.models import Coach, CycleEvent, Person
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.exporting.ics import event_uid, export_events_ics, select_events
from okr_cockpit.services.settings import database_id


def parse(ics: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(ics)
    return {
        str(item["UID"]): {
            "start": item.decoded("DTSTART"),
            "end": item.decoded("DTEND"),
            "summary": str(item["SUMMARY"]),
            "description": str(item["DESCRIPTION"]),
            "status": str(item["STATUS"]),
        }
        for item in calendar.walk("VEVENT")
    }


def test_every_dated_event_comes_back_with_its_dates_status_and_text(demo_db):
    events = demo_db.read(lambda s: select_events(s, cycle_name=None, coach_name=None))
    export = demo_db.read(lambda s: export_events_ics(s))
    parsed = parse(export.ics)
    dated = [e for e in events if e.start_on is not None]
    identity = demo_db.read(database_id)
    assert len(dated) > 100 and export.exported == len(dated) == len(parsed)
    assert export.unscheduled == len(events) - len(dated) > 0
    for event in dated:
        item = parsed[event_uid(event.id, identity)]  # id and database: stable across exports
        assert item["start"] == event.start_on
        assert item["end"] == (event.end_on or event.start_on) + timedelta(days=1)  # all-day, exclusive end
        assert item["status"] == ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
        assert event.scope in item["summary"] and event.kind.replace("_", " ") in item["summary"].lower()
        assert f"Facilitator: {event.facilitator}" in item["description"]
        assert event.notes.strip() in item["description"]


def test_filters_by_cycle_and_coach(demo_db):
    def coach_with_events(session):
        return session.execute(
            select(Person.name, Person.email, CycleEvent.coach_id)
            .join(Coach, Coach.person_id == Person.id)
            .join(CycleEvent, CycleEvent.coach_id == Coach.id)
            .where(CycleEvent.start_on.is_not(None))
            .limit(1)
        ).one()

    name, email, coach_id = demo_db.read(coach_with_events)
    by_coach = parse(demo_db.read(lambda s: export_events_ics(s, coach_name=name.upper())).ics)
    by_email = parse(demo_db.read(lambda s: export_events_ics(s, coach_name=email)).ics)
    assert by_coach and by_coach.keys() == by_email.keys()
    assert all(f"Facilitator: {name}" in item["description"] for item in by_coach.values())
    in_cycle = parse(demo_db.read(lambda s: export_events_ics(s, cycle_name="2026-Q4")).ics)
    assert in_cycle and all("Cycle: 2026-Q4" in item["description"] for item in in_cycle.values())
    both = parse(demo_db.read(lambda s: export_events_ics(s, cycle_name="2026-q4", coach_name=name)).ics)
    assert both.keys() == in_cycle.keys() & by_coach.keys()
    with pytest.raises(CockpitError, match="no cycle called"):
        demo_db.read(lambda s: export_events_ics(s, cycle_name="1999-Q1"))
    with pytest.raises(CockpitError, match="no coach called"):
        demo_db.read(lambda s: export_events_ics(s, coach_name="Nobody Atall"))


def test_export_command_writes_the_calendar_to_stdout(demo_path, capsysbinary):
    assert main(["export", "events", "--format", "ics", "--cycle", "2026-Q4", "--db", str(demo_path)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"BEGIN:VCALENDAR") and b"\r\n" in out  # RFC 5545 line endings
    assert parse(out)
    assert main(["export", "units", "--format", "ics", "--db", str(demo_path)]) == 1
    assert b"only for `export events`" in capsysbinary.readouterr().err
    assert main(["export", "events", "--coach", "X", "--db", str(demo_path)]) == 1
    assert b"add --format ics" in capsysbinary.readouterr().err


def test_two_cockpits_never_share_a_uid_and_a_new_event_never_takes_a_deleted_ones(tmp_path):
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.demo.generate import load_demo
    from okr_cockpit.services.events import cycles
    from tests.conftest import FIXED_TODAY

    databases = []
    for name in ("north.db", "south.db"):
        opened = open_database(str(tmp_path / name))
        load_demo(opened.db, size="small", today=FIXED_TODAY)
        databases.append(opened.db)
    north, south = databases
    north_uids = set(parse(north.read(lambda s: export_events_ics(s)).ics))
    south_uids = set(parse(south.read(lambda s: export_events_ics(s)).ics))
    north.dispose()
    assert len(north_uids) == len(south_uids) > 100
    assert north_uids.isdisjoint(south_uids)  # the same demo, the same event ids: still different UIDs

    events = south.read(lambda s: select_events(s, cycle_name=None, coach_name=None))
    newest = max((e for e in events if e.start_on is not None), key=lambda e: e.id)
    south.write(lambda s: cycles.delete_event(session=s, event_id=newest.id, expected_version=None))
    values = {"cycle_id": newest.cycle_id, "kind": "review", "start_on": newest.start_on}
    south.write(lambda s: cycles.create_event(session=s, values=values, allow_outside_cycle=True))
    after = set(parse(south.read(lambda s: export_events_ics(s)).ics))
    identity = south.read(database_id)
    south.dispose()
    gone = event_uid(newest.id, identity)
    assert gone in south_uids and gone not in after
    assert len(after - south_uids) == 1  # the new event has a UID no calendar has seen
