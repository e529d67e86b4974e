"""The audit log read back: paging, filters, who changed what last, and telling our writes from others'."""

from datetime import date

import pytest

from okr_cockpit.db.engine import Actor, Database
from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.audit import (
    TrackedDatabase,
    audit_entities,
    audit_users,
    count_changes,
    describe_fields,
    last_change_of,
    latest_change,
    recent_changes,
)
from okr_cockpit.services.records import delete_row, insert_row, update_row


def as_user(db: Database, user: str) -> Database:
    return Database(db.engine, actor=Actor(user=user, host="shared-host"))


def add_wave(db: Database, name: str) -> int:
    return db.write(lambda s: insert_row(s, RolloutWave, {"name": name, "start_on": date(2027, 1, 1)}))


def rename(db: Database, wave_id: int, name: str) -> None:
    db.write(
        lambda s: update_row(
            s, RolloutWave, wave_id, expected_version=None, changes={"name": name}, what="wave"
        )
    )


def test_recent_changes_newest_first_with_old_and_new_values(db):
    wave = add_wave(as_user(db, "anna"), "Wave 1")
    rename(as_user(db, "ben"), wave, "Wave One")
    changes = db.read(lambda s: recent_changes(s))
    assert [(c.user, c.action) for c in changes] == [("ben", "update"), ("anna", "create")]
    renamed = changes[0]
    assert renamed.host == "shared-host"
    assert renamed.what == "Wave One"
    assert [(f.field, f.old, f.new) for f in renamed.fields] == [("name", "Wave 1", "Wave One")]
    assert describe_fields(renamed.fields, action="update") == "Name: Wave 1 → Wave One"
    assert renamed.sentence() == "ben changed Wave One"
    assert renamed.sentence(me=True) == "you changed Wave One"


def test_filters_by_user_and_entity_and_record(db):
    first = add_wave(as_user(db, "anna"), "Wave 1")
    second = add_wave(as_user(db, "ben"), "Wave 2")
    rename(as_user(db, "anna"), second, "Wave 2b")
    assert count_changes_of(db, user="anna") == 2
    assert [c.entity_id for c in db.read(lambda s: recent_changes(s, user="ben"))] == [second]
    assert [
        c.action for c in db.read(lambda s: recent_changes(s, entity="rollout_wave", entity_id=second))
    ] == [
        "update",
        "create",
    ]
    assert db.read(lambda s: recent_changes(s, entity="org_unit")) == []
    assert db.read(audit_users) == ["anna", "ben"]
    assert db.read(audit_entities) == ["rollout_wave"]
    assert db.read(lambda s: last_change_of(s, "rollout_wave", first)).action == "create"


def count_changes_of(db, **filters):
    return db.read(lambda s: count_changes(s, **filters))


def test_keyset_paging_visits_every_entry_once(db):
    for number in range(25):
        add_wave(db, f"Wave {number}")
    seen, before = [], None
    while True:
        page = db.read(lambda s, before=before: recent_changes(s, before_id=before, limit=10))
        if not page:
            break
        seen.extend(c.id for c in page)
        before = page[-1].id
    assert len(seen) == len(set(seen)) == 25
    assert seen == sorted(seen, reverse=True)


def test_latest_change_and_delete_shows_what_was_removed(db):
    assert db.read(latest_change) is None
    wave = add_wave(db, "Wave 1")
    db.write(lambda s: delete_row(s, RolloutWave, wave, expected_version=None, what="wave"))
    latest = db.read(latest_change)
    assert latest.action == "delete"
    assert latest.sentence(me=False).endswith("deleted Wave 1")
    assert "Name: Wave 1" in describe_fields(latest.fields, action="delete")


def test_tracked_database_remembers_only_this_cockpits_entries(db):
    # Both cockpits run as the same OS user on the same host: only the ids tell them apart.
    tracked = TrackedDatabase(db)
    wave = tracked.write(lambda s: insert_row(s, RolloutWave, {"name": "Mine"}))
    add_wave(db, "Someone else's")
    entries = db.read(lambda s: recent_changes(s))
    mine = tracked.own_audit_ids
    assert {c.id for c in entries if c.id in mine} == {c.id for c in entries if c.entity_id == wave}
    assert len(mine) == 1


def test_tracked_database_keeps_nothing_from_a_failed_write(db):
    tracked = TrackedDatabase(db)

    def fails(session):
        insert_row(session, RolloutWave, {"name": "Doomed"})
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        tracked.write(fails)
    assert tracked.own_audit_ids == set()
    assert db.read(latest_change) is None


def test_tracked_database_tells_its_own_commits_from_someone_elses(db):
    tracked = TrackedDatabase(db)
    add_wave(db, "Before the start")
    tracked.start_noticing()
    tracked.write(lambda s: insert_row(s, RolloutWave, {"name": "Mine"}))
    assert tracked.others_committed() is False
    add_wave(db, "Theirs")
    tracked.write(lambda s: insert_row(s, RolloutWave, {"name": "Mine again"}))
    assert tracked.others_committed() is True  # one of the entries since is someone else's
    assert tracked.others_committed() is True  # a commit that left no entry: whose is unknown


def count_statements(database, work) -> int:
    from sqlalchemy import event

    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        database.write(work)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    return len(statements)


def test_a_tracked_write_costs_two_statements_more_than_a_plain_one(db):
    # The busy timeout, BEGIN IMMEDIATE and the busy timeout again, the row and its audit entry: 5;
    # remembering the audit ids reads the newest id before and the new ids after: 7 (was 9 when the
    # app tracked each write twice).
    plain = count_statements(db, lambda s: insert_row(s, RolloutWave, {"name": "Plain"}))
    tracked = count_statements(TrackedDatabase(db), lambda s: insert_row(s, RolloutWave, {"name": "Tracked"}))
    assert (plain, tracked) == (5, 7)


def test_unreadable_changes_json_shows_no_fields(db):
    from sqlalchemy import text

    # Written by another tool: the log is append-only, so a bad entry can only be added.
    db.write(
        lambda s: s.execute(
            text(
                "INSERT INTO audit_entry (at, os_user, host, entity, entity_id, label, action, changes) "
                "VALUES ('2026-11-16 10:00:00', 'tool', 'h', 'rollout_wave', 1, 'W', 'update', 'not json')"
            )
        )
    )
    assert db.read(latest_change).fields == ()


def test_tracked_database_remembers_whatever_is_written_through_it(db):
    tracked = TrackedDatabase(db)
    wave = tracked.write(lambda s: insert_row(s, RolloutWave, {"name": "Through the app"}))
    add_wave(db, "From another cockpit")
    mine = [c for c in db.read(lambda s: recent_changes(s)) if c.id in tracked.own_audit_ids]
    assert [(c.entity_id, c.action) for c in mine] == [(wave, "create")]


def test_status_line_text_says_who_changed_what_and_when(db):
    from datetime import timedelta

    from okr_cockpit.ui.widgets.status_line import ago, status_text

    add_wave(as_user(db, "anna"), "Team Payments")
    change = db.read(latest_change)
    now = change.at + timedelta(seconds=5)
    assert status_text(change, me=False, now=now) == "anna added Team Payments (shared-host) · 5 s ago"
    assert status_text(change, me=True, now=now) == "you added Team Payments · 5 s ago"
    assert status_text(None, me=False, now=now) == "No changes recorded yet."
    anna = as_user(db, "anna")
    anna.write(
        lambda s: update_row(
            s, RolloutWave, change.entity_id, expected_version=None, what="wave",
            changes={"objective": "Prove the cycle in two divisions and build the first coach cohort"},
        )
    )  # fmt: skip
    edit = db.read(latest_change)
    later = edit.at + timedelta(seconds=5)
    said = {width: status_text(edit, me=False, now=later, width=width) for width in (0, 72, 50, 30)}
    # Whole when there is room; in a narrow line the fields give way first, then the record's name.
    who = "anna changed Team Payments (shared-host)"
    assert said[0] == f"{who} (Objective: — → Prove the cycle in two…) · 5 s ago"
    assert said[72] == f"{who} (Objective: — → Pro…) · 5 s ago"
    assert said[50] == f"{who} · 5 s ago"
    assert said[30] == "anna changed Team P… · 5 s ago"
    assert ago(change.at, change.at + timedelta(seconds=1)) == "just now"
    assert ago(change.at, change.at + timedelta(minutes=3)) == "3 min ago"
    assert ago(change.at, change.at + timedelta(hours=5)) == "5 h ago"
    assert ago(change.at, change.at + timedelta(days=3)) == f"on {change.at.date().isoformat()}"


def test_a_row_without_a_name_is_labelled_by_the_names_it_joins(db):
    from sqlalchemy import select

    from okr_cockpit.db.models import Assignment, AuditEntry, Coach, OrgUnit, Person
    from okr_cockpit.services.records import insert_row

    def create(session):
        unit_id = insert_row(session, OrgUnit, {"name": "Payments", "kind": "team"})
        person_id = insert_row(session, Person, {"name": "Anna"})
        coach_id = insert_row(session, Coach, {"person_id": person_id})
        return insert_row(session, Assignment, {"coach_id": coach_id, "unit_id": unit_id})

    db.write(create)
    audit = AuditEntry.__table__
    labels = db.read(lambda s: dict(s.execute(select(audit.c.entity, audit.c.label)).all()))
    assert labels["assignment"] == "Anna → Payments"
    assert labels["coach"] == "Anna"


def test_bulk_insert_audits_every_row_under_its_own_id(db):
    from okr_cockpit.services.records import fetch_row, insert_rows

    rows = [{"name": f"Wave {n}", "position": n} for n in range(1, 4)]
    ids = db.write(lambda s: insert_rows(s, RolloutWave, rows, label=lambda row: f"bulk {row['name']}"))
    assert [db.read(lambda s, i=i: fetch_row(s, RolloutWave, i))["name"] for i in ids] == [
        "Wave 1",
        "Wave 2",
        "Wave 3",
    ]
    entries = sorted(db.read(lambda s: recent_changes(s)), key=lambda c: c.id)
    assert [(c.entity, c.entity_id, c.action, c.label) for c in entries] == [
        ("rollout_wave", i, "create", f"bulk Wave {n}") for n, i in enumerate(ids, start=1)
    ]
    assert {f.field: f.new for f in entries[1].fields} == {"name": "Wave 2", "position": 2}


def test_run_starts_are_the_first_entries_of_the_runs(db):
    from okr_cockpit.services.audit_runs import run_starts, runs

    anna, ben = as_user(db, "anna"), as_user(db, "ben")
    wave = add_wave(ben, "Wave 1")
    anna.write(lambda s: [insert_row(s, RolloutWave, {"name": f"Bulk {n}"}) for n in range(5)])  # one run
    rename(ben, wave, "Wave One")
    rename(ben, wave, "Wave Uno")  # the same record again: a run of its own
    everything = db.read(lambda s: recent_changes(s, limit=None))
    starts = db.read(lambda s: run_starts(s))[0]
    assert list(starts) == [run[0].id for run in runs(everything)] and len(starts) == 4
    assert list(db.read(lambda s: run_starts(s, user="anna"))[0]) == [
        run[0].id for run in runs(c for c in everything if c.user == "anna")
    ]
    # A window between two starts reads exactly the runs in it.
    between = db.read(lambda s: recent_changes(s, before_id=starts[1] + 1, after_id=starts[3], limit=None))
    assert [run[0].id for run in runs(between)] == list(starts[1:3])


def test_the_run_index_reads_only_new_entries_and_agrees_with_a_full_pass(db, monkeypatch):
    from okr_cockpit.services import audit_runs

    passes = []
    full_pass = audit_runs.run_starts

    def counted(session, **filters):
        passes.append(filters.get("after_id"))
        return full_pass(session, **filters)

    monkeypatch.setattr(audit_runs, "run_starts", counted)
    index = audit_runs.RunIndex()
    anna, ben = as_user(db, "anna"), as_user(db, "ben")
    wave = add_wave(ben, "Wave 1")
    anna.write(lambda s: [insert_row(s, RolloutWave, {"name": f"Bulk {n}"}) for n in range(3)])

    def agrees(**filters) -> list[int]:
        kept = list(db.read(lambda s: index.starts(s, **filters))[0])
        assert kept == list(db.read(lambda s: full_pass(s, **filters))[0])
        return kept

    first = agrees()
    anna.write(lambda s: [insert_row(s, RolloutWave, {"name": f"More {n}"}) for n in range(2)])  # same run
    grown = agrees()
    assert len(grown) == len(first) and grown[0] != first[0], "the newest run grew: its start moved"
    rename(ben, wave, "Wave One")  # a run of its own
    assert len(agrees()) == len(first) + 1
    assert agrees(user="ben") == agrees(user="ben")
    assert passes[0] is None and all(after is not None for after in passes[1:3])


def test_the_run_index_notices_an_entry_committed_late_below_the_newest_one(db):
    """On PostgreSQL an entry can become visible after a newer one (ids are handed out before commit):
    the index must not skip it for good."""
    from sqlalchemy import insert, select

    from okr_cockpit.db.tables import audit as audit_table
    from okr_cockpit.services import audit_runs

    add_wave(as_user(db, "anna"), "Wave 1")
    entry = db.read(lambda s: dict(s.execute(select(audit_table)).mappings().first()))

    def commit(entry_id: int, user: str) -> None:  # as a cockpit would, with the id it was given
        row = {**entry, "id": entry_id, "os_user": user}
        db.write(lambda s: s.execute(insert(audit_table).values(**row)))

    commit(entry["id"] + 10, "ben")  # ben's entry, given a later id, commits first
    index = audit_runs.RunIndex()
    before, counted = db.read(lambda s: index.starts(s))
    assert counted == 2 and list(before) == [entry["id"] + 10, entry["id"]]
    commit(entry["id"] + 5, "clara")  # clara's, given an earlier id, becomes visible after it
    after, counted = db.read(lambda s: index.starts(s))
    assert counted == 3 and list(after) == [entry["id"] + 10, entry["id"] + 5, entry["id"]]
    assert list(after) == list(db.read(lambda s: audit_runs.run_starts(s)).starts)


def test_history_shows_stored_dates_and_codes_in_the_users_language():
    from okr_cockpit.i18n import set_language
    from okr_cockpit.services.audit import FieldChange, describe_fields

    changes = [FieldChange("start_on", "2026-05-20", "2026-05-04"), FieldChange("state", "live", "paused")]
    assert describe_fields(changes, action="update") == "Start: 2026-05-20 → 2026-05-04; State: live → paused"
    set_language("de")
    german = describe_fields(changes, action="update")
    assert german == "Beginn: 20.05.2026 → 04.05.2026; Status: live → pausiert"


def test_a_long_unit_path_gives_way_to_the_units_name_in_a_narrow_status_line():
    from datetime import UTC, datetime, timedelta

    from okr_cockpit.services.audit import Change
    from okr_cockpit.ui.widgets.status_line import status_text

    at = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    label = "Northwind Group › Digital & IT › Platform Engineering › Identity & Access"
    change = Change(1, at, "anna", "shared-host", "org_unit", 7, label, "delete", ())
    later = at + timedelta(seconds=5)
    assert status_text(change, me=False, now=later) == f"anna deleted {label} (shared-host) · 5 s ago"
    assert status_text(change, me=False, now=later, width=60) == (
        "anna deleted Identity & Access (shared-host) · 5 s ago"
    )
