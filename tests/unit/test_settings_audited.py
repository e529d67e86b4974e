"""Settings are versioned and audited like every other row; the report's own date is no 'change'."""

from datetime import date

import pytest
from sqlalchemy import select

from okr_cockpit.cli import main
from okr_cockpit.db.models import AuditEntry, Setting
from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.services.events.time_zone import TIME_ZONE, set_time_zone
from okr_cockpit.services.reporting.facts import build_report, remember_report
from okr_cockpit.services.settings import DATABASE_ID, database_id, get_setting, put_setting
from tests.conftest import FIXED_TODAY


def setting_audit(db):
    table = AuditEntry.__table__
    return db.read(
        lambda s: s.execute(
            select(table.c.action, table.c.label, table.c.changes, table.c.os_user)
            .where(table.c.entity == "setting")
            .order_by(table.c.id)
        ).all()
    )


def version_of(db, key):
    table = Setting.__table__
    return db.read(lambda s: s.execute(select(table.c.version).where(table.c.key == key)).scalar())


def test_setting_the_time_zone_is_audited_and_bumps_the_version(db):
    db.write(lambda s: set_time_zone(s, "Europe/Berlin"))
    db.write(lambda s: set_time_zone(s, "Europe/Vienna"))
    assert [(a.action, a.label, a.changes) for a in setting_audit(db)] == [
        ("create", TIME_ZONE, '{"key": [null, "time_zone"], "value": [null, "Europe/Berlin"]}'),
        ("update", TIME_ZONE, '{"value": ["Europe/Berlin", "Europe/Vienna"]}'),
    ]
    assert {a.os_user for a in setting_audit(db)} == {db.actor.user}
    assert version_of(db, TIME_ZONE) == 2
    db.write(lambda s: set_time_zone(s, "Europe/Vienna"))  # the same value: nothing to record
    assert len(setting_audit(db)) == 2 and version_of(db, TIME_ZONE) == 2


def test_a_setting_changed_since_it_was_seen_is_a_conflict(db):
    db.write(lambda s: put_setting(s, TIME_ZONE, "Europe/Berlin"))
    seen = version_of(db, TIME_ZONE)
    db.write(lambda s: put_setting(s, TIME_ZONE, "Europe/Vienna"))
    with pytest.raises(ConflictError, match="This setting was changed by someone else"):
        db.write(lambda s: put_setting(s, TIME_ZONE, "UTC", expected_version=seen))
    assert db.read(lambda s: get_setting(s, TIME_ZONE)) == "Europe/Vienna"


def test_the_database_identity_cannot_be_overwritten(db):
    identity = db.read(database_id)
    with pytest.raises(CockpitError, match="identity is never changed"):
        db.write(lambda s: put_setting(s, DATABASE_ID, "forged"))
    assert db.read(database_id) == identity


def test_the_time_zone_command_leaves_an_audit_entry(db_path, db, capsys):
    assert main(["time-zone", "Europe/Berlin", "--db", str(db_path)]) == 0
    assert [(a.action, a.label) for a in setting_audit(db)] == [("create", TIME_ZONE)]


def test_the_report_remembers_its_date_audited_but_does_not_count_it_as_a_change(demo_db):
    since = date(2026, 11, 10)
    before = demo_db.read(lambda s: build_report(s, today=FIXED_TODAY, since=since)).changes
    demo_db.write(lambda s: remember_report(s, today=FIXED_TODAY))
    demo_db.write(lambda s: remember_report(s, today=date(2026, 11, 20)))
    remembered = [(a.action, a.changes) for a in setting_audit(demo_db) if a.label == "last_report_on"]
    assert remembered == [
        ("create", f'{{"key": [null, "last_report_on"], "value": [null, "{FIXED_TODAY.isoformat()}"]}}'),
        ("update", f'{{"value": ["{FIXED_TODAY.isoformat()}", "2026-11-20"]}}'),
    ]
    after = demo_db.read(lambda s: build_report(s, today=FIXED_TODAY, since=since)).changes
    assert (after.total, after.by_entity, [c.id for c in after.latest]) == (
        before.total,
        before.by_entity,
        [c.id for c in before.latest],
    )
