"""Meetings with a time: checked input, a migration that keeps old events all-day, an ICS with a TZID."""

import sqlite3
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import insert, select, text

from okr_cockpit.cli import main
from okr_cockpit.db.engine import make_engine, to_url
from okr_cockpit.db.models import Cycle, CycleEvent
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import HEAD_REVISION, migrate
from okr_cockpit.errors import ValidationError
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.time_zone import cockpit_time_zone, set_time_zone, system_time_zone
from okr_cockpit.services.exporting.ics import export_events_ics

DAY = date(2026, 11, 16)


@pytest.fixture
def cycle_db(db):
    cycle_id = db.write(
        lambda s: s.execute(
            insert(Cycle.__table__).values(
                name="2026-Q4", start_on=date(2026, 10, 1), end_on=date(2026, 12, 31)
            )
        ).inserted_primary_key[0]
    )
    return db, cycle_id


def create(db, cycle_id, **values):
    event = {"kind": "check_in", "cycle_id": cycle_id, "start_on": DAY.isoformat(), **values}
    return db.write(lambda s: svc.create_event(session=s, values=event))


def test_a_meeting_at_0930_for_60_minutes_exports_with_its_berlin_tzid(cycle_db):
    db, cycle_id = cycle_db
    db.write(lambda s: set_time_zone(s, "Europe/Berlin"))
    create(db, cycle_id, start_time="09:30", duration_minutes="60")
    create(db, cycle_id, start_on="2026-11-20")  # all day, as before
    ics = db.read(lambda s: export_events_ics(s)).ics
    raw = ics.decode()
    assert "DTSTART;TZID=Europe/Berlin:20261116T093000" in raw
    assert "DTEND;TZID=Europe/Berlin:20261116T103000" in raw
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in raw
    assert "DTSTART;VALUE=DATE:20261120" in raw
    meeting, all_day = Calendar.from_ical(ics).walk("VEVENT")
    berlin = ZoneInfo("Europe/Berlin")
    assert meeting.decoded("DTSTART") == datetime(2026, 11, 16, 9, 30, tzinfo=berlin)
    assert meeting.decoded("DTSTART").utcoffset().total_seconds() == 3600  # CET in November
    assert meeting.decoded("DTEND") == datetime(2026, 11, 16, 10, 30, tzinfo=berlin)
    assert str(meeting["TRANSP"]) == "OPAQUE" and str(all_day["TRANSP"]) == "TRANSPARENT"
    assert all_day.decoded("DTSTART") == date(2026, 11, 20)


def test_time_input_is_checked_and_a_duration_defaults_to_an_hour(cycle_db):
    db, cycle_id = cycle_db
    event_id = create(db, cycle_id, start_time="9.30")
    stored = db.read(lambda s: svc.get_event(s, event_id))
    assert (stored.start_time, stored.duration_minutes, stored.ends_at) == (time(9, 30), 60, time(10, 30))
    refused = (
        ({"start_time": "25:00"}, "start_time", "'25:00' is not a time of day"),
        ({"duration_minutes": "30"}, "start_time", "A duration needs a start time"),
        ({"start_on": "", "start_time": "09:00"}, "start_on", "needs a date too"),
        ({"end_on": "2026-11-17", "start_time": "09:00"}, "end_on", "is on one day"),
        ({"start_time": "23:30", "duration_minutes": "60"}, "duration_minutes", "past midnight"),
        ({"start_time": "09:00", "duration_minutes": "0"}, "duration_minutes", "between 1 and 720"),
    )
    for values, field, message in refused:
        with pytest.raises(ValidationError, match=message) as caught:
            create(db, cycle_id, **values)
        assert caught.value.field == field
    all_day = db.read(lambda s: svc.get_event(s, create(db, cycle_id)))
    assert (all_day.start_time, all_day.duration_minutes) == (None, None)


def test_migration_keeps_existing_events_all_day_and_the_table_in_place(db_path):
    engine = make_engine(to_url(str(db_path)))
    migrate(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cycle (name, start_on, end_on, state, version) "
                "VALUES ('Q', '2026-10-01', '2026-12-31', 'active', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO cycle_event (cycle_id, kind, start_on, end_on, status, notes, version) "
                "VALUES (1, 'review', '2026-12-01', '2026-12-01', 'planned', '', 1)"
            )
        )
    engine.dispose()
    opened = open_database(str(db_path))
    assert HEAD_REVISION >= "0005"  # upgraded through 0005 (later revisions add other things)
    row = opened.db.read(
        lambda s: s.execute(
            select(CycleEvent.start_on, CycleEvent.start_time, CycleEvent.duration_minutes)
        ).one()
    )
    assert tuple(row) == (date(2026, 12, 1), None, None)
    opened.db.dispose()
    schema = (
        sqlite3.connect(db_path)
        .execute("SELECT sql FROM sqlite_master WHERE name = 'cycle_event'")
        .fetchone()[0]
    )
    assert "AUTOINCREMENT" in schema  # added in place, not rebuilt without it


def test_time_zone_defaults_to_the_system_and_is_set_once_for_everyone(
    db, db_path, tmp_path, monkeypatch, capsys
):
    zoneinfo = tmp_path / "usr/share/zoneinfo/Europe"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "Berlin").write_bytes(b"")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "Berlin")
    monkeypatch.delenv("TZ", raising=False)
    assert system_time_zone(localtime=link) == "Europe/Berlin"
    assert system_time_zone(localtime=tmp_path / "missing") == "UTC"
    monkeypatch.setenv("TZ", "America/New_York")
    assert db.read(cockpit_time_zone) == "America/New_York"
    with pytest.raises(ValidationError, match="'Mars/Olympus' is not a time zone"):
        db.write(lambda s: set_time_zone(s, "Mars/Olympus"))
    assert main(["time-zone", "Europe/Berlin", "--db", str(db_path)]) == 0
    assert "Meeting times are now in Europe/Berlin." in capsys.readouterr().out
    assert main(["time-zone", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == "Europe/Berlin"
    assert main(["time-zone", "Nowhere", "--db", str(db_path)]) == 1
    assert "'Nowhere' is not a time zone" in capsys.readouterr().err
