"""A merged row is checked again before it is saved: two changes valid alone may not be valid together.

Coach A and coach B open the same record; B saves one field, A another. The field-level merge
keeps both, so the row that would be stored is B's change plus A's: it gets the same checks as a
form's input, and a refusal names A's field and says what B saved (a MergedChangeError).
"""

from datetime import date

import pytest
from sqlalchemy import select

from okr_cockpit.db.models import AuditEntry, Cycle, CycleEvent, RolloutWave
from okr_cockpit.errors import MergedChangeError
from okr_cockpit.services.events import cycles
from okr_cockpit.services.records import fetch_row
from okr_cockpit.services.rollout import waves

audit = AuditEntry.__table__


def audit_count(db) -> int:
    return db.read(lambda s: len(s.execute(select(audit.c.id)).all()))


@pytest.fixture
def wave(db):
    """Wave 1 from 4 Jan to 1 Mar 2027, and the values its edit form shows."""
    values = {"name": "Wave 1", "start_on": "2027-01-04", "go_live_on": "2027-03-01"}
    wave_id = db.write(lambda s: waves.create_wave(session=s, values=values))
    row = db.read(lambda s: fetch_row(s, RolloutWave, wave_id))
    return wave_id, {name: row[name] for name in waves.WAVE_FIELDS}, row["version"]


def save_wave(db, wave_id, opened, version, **typed):
    return db.write(
        lambda s: waves.update_wave(
            session=s, wave_id=wave_id, values={**opened, **typed}, expected_version=version, original=opened
        )
    )


def test_a_go_live_before_a_start_someone_else_moved_is_refused_on_my_field(db, wave):
    wave_id, opened, version = wave
    save_wave(db, wave_id, opened, version, start_on="2027-02-15")  # B: valid with go-live 1 Mar
    entries = audit_count(db)
    with pytest.raises(MergedChangeError) as refused:
        save_wave(db, wave_id, opened, version, go_live_on="2027-02-01")  # A: valid with start 4 Jan
    assert str(refused.value) == "Go-live (2027-02-01) is before the start (2027-02-15)."
    assert refused.value.field == "go_live_on"  # where A typed
    assert refused.value.theirs == {"start_on": date(2027, 2, 15)}
    row = db.read(lambda s: fetch_row(s, RolloutWave, wave_id))
    assert (row["start_on"], row["go_live_on"]) == (date(2027, 2, 15), date(2027, 3, 1))
    assert audit_count(db) == entries  # nothing written


def test_the_message_is_on_my_field_even_when_the_rule_names_theirs(db, wave):
    wave_id, opened, version = wave
    save_wave(db, wave_id, opened, version, go_live_on="2027-01-20")  # B
    with pytest.raises(MergedChangeError) as refused:
        save_wave(db, wave_id, opened, version, start_on="2027-02-01")  # A moves the start
    assert refused.value.field == "start_on"  # the rule's field is go_live_on, which A never touched
    assert refused.value.theirs == {"go_live_on": date(2027, 1, 20)}


def test_overwrite_with_mine_checks_the_merged_row_too(db, wave):
    wave_id, opened, version = wave
    save_wave(db, wave_id, opened, version, start_on="2027-02-15")
    with pytest.raises(MergedChangeError, match="is before the start"):
        save_wave(db, wave_id, opened, None, go_live_on="2027-02-01")  # "overwrite with mine"


def test_changes_that_fit_together_are_merged_as_before(db, wave):
    wave_id, opened, version = wave
    save_wave(db, wave_id, opened, version, start_on="2027-01-11")
    save_wave(db, wave_id, opened, version, go_live_on="2027-02-01", objective="Pilot teams live")
    row = db.read(lambda s: fetch_row(s, RolloutWave, wave_id))
    assert (row["start_on"], row["go_live_on"], row["objective"]) == (
        date(2027, 1, 11),
        date(2027, 2, 1),
        "Pilot teams live",
    )


def test_a_cycle_end_before_a_start_someone_else_moved_is_refused(db):
    values = {"name": "2027-Q1", "start_on": "2027-01-01", "end_on": "2027-03-31", "state": "planned"}
    cycle_id = db.write(lambda s: cycles.create_cycle(session=s, values=values))
    row = db.read(lambda s: fetch_row(s, Cycle, cycle_id))
    opened = {k: row[k] for k in ("name", "start_on", "end_on", "state")}

    def save(version, **typed):
        db.write(
            lambda s: cycles.update_cycle(
                session=s,
                cycle_id=cycle_id,
                values={**opened, **typed},
                expected_version=version,
                original=opened,
            )
        )

    save(row["version"], start_on="2027-02-01")
    with pytest.raises(MergedChangeError) as refused:
        save(row["version"], end_on="2027-01-31")
    assert (refused.value.field, refused.value.theirs) == ("end_on", {"start_on": date(2027, 2, 1)})
    assert db.read(lambda s: fetch_row(s, Cycle, cycle_id))["end_on"] == date(2027, 3, 31)


def test_an_event_date_outside_the_cycle_someone_else_moved_it_to_is_a_warning_to_confirm(db):
    def build(s):
        q1 = cycles.create_cycle(
            session=s, values={"name": "Q1", "start_on": "2027-01-01", "end_on": "2027-03-31"}
        )
        q2 = cycles.create_cycle(
            session=s, values={"name": "Q2", "start_on": "2027-04-01", "end_on": "2027-06-30"}
        )
        event = cycles.create_event(
            session=s, values={"kind": "drafting", "cycle_id": q1, "start_on": "2027-01-10"}
        )
        return q1, q2, event

    q1, q2, event_id = db.write(build)
    row = db.read(lambda s: fetch_row(s, CycleEvent, event_id))
    fields = ("kind", "status", "cycle_id", "unit_id", "start_on", "end_on", "start_time", "duration_minutes")
    opened = {k: row[k] for k in (*fields, "coach_id", "notes")}

    def save(version, *, allow=False, **typed):
        db.write(
            lambda s: cycles.update_event(
                session=s,
                event_id=event_id,
                values={**opened, **typed},
                expected_version=version,
                allow_outside_cycle=allow,
                original=opened,
            )
        )

    save(row["version"], cycle_id=q2, allow=True)  # B moves it to Q2 and confirms the date outside it
    # Notes fit: B's confirmed date is not this user's to confirm again.
    save(row["version"], notes="Bring the draft OKRs")
    with pytest.raises(MergedChangeError) as warned:
        # Now a user moves the date, inside Q1 as that user's form still shows it.
        save(row["version"], start_on="2027-01-20", end_on="2027-01-20")
    assert isinstance(warned.value.cause, cycles.OutsideCycleWarning)
    assert warned.value.field == "start_on" and warned.value.theirs == {
        "cycle_id": q2,
        "notes": "Bring the draft OKRs",
    }
    assert "lies outside cycle Q2" in str(warned.value)
    save(row["version"], start_on="2027-01-20", end_on="2027-01-20", allow=True)  # saved again: kept
    stored = db.read(lambda s: fetch_row(s, CycleEvent, event_id))
    assert (stored["cycle_id"], stored["start_on"], stored["notes"]) == (
        q2,
        date(2027, 1, 20),
        "Bring the draft OKRs",
    )


def test_editing_the_notes_of_an_event_that_always_lay_outside_its_cycle_asks_nothing(db):
    """The demo's priorities lie before their cycle starts: a note is not a move to confirm again."""

    def build(s):
        q1 = cycles.create_cycle(
            session=s, values={"name": "Q1", "start_on": "2027-01-01", "end_on": "2027-03-31"}
        )
        values = {"kind": "priorities", "cycle_id": q1, "start_on": "2026-12-11"}
        return cycles.create_event(session=s, values=values, allow_outside_cycle=True)

    event_id = db.write(build)
    row = db.read(lambda s: fetch_row(s, CycleEvent, event_id))
    opened = {k: row[k] for k in ("kind", "status", "cycle_id", "unit_id", "start_on", "end_on", "notes")}

    def save(**typed):
        values = {**opened, **typed}
        db.write(
            lambda s: cycles.update_event(
                session=s, event_id=event_id, values=values, expected_version=row["version"], original=opened
            )
        )

    save(notes="Sponsor sends the priorities")
    assert db.read(lambda s: fetch_row(s, CycleEvent, event_id))["notes"] == "Sponsor sends the priorities"
    with pytest.raises(cycles.OutsideCycleWarning) as warned:  # a move is still asked about
        save(start_on="2026-12-12", end_on="2026-12-12")
    assert "2026-12-12 – 2026-12-12 lies outside cycle Q1 (2027-01-01 – 2027-03-31)" in str(warned.value)
