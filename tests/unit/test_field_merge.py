"""Field-level merge: an edit writes only what its user changed; only a field both changed is a conflict."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from okr_cockpit.db.models import AuditEntry, Cycle, OrgUnit
from okr_cockpit.errors import ConflictError
from okr_cockpit.services.events import cycles
from okr_cockpit.services.org import units as svc
from okr_cockpit.services.records import fetch_row, update_row

audit = AuditEntry.__table__


@pytest.fixture
def opened_unit(db):
    """A unit and the values a form showed when it was opened (as the edit form builds them)."""
    unit_id = db.write(lambda s: svc.create_unit(session=s, parent_id=None, name="Sales", kind="company"))
    row = db.read(lambda s: fetch_row(s, OrgUnit, unit_id))
    form = {name: row[name] for name in svc.EDITABLE}
    form["external_id"] = ""  # the form shows no external id as empty text
    return unit_id, row["version"], form


def save(db, unit_id, version, form, **typed):
    """What the edit form sends: every field (typed ones changed), the version and the opened values."""
    values = {**form, **typed}
    return db.write(
        lambda s: svc.update_unit(
            session=s, unit_id=unit_id, expected_version=version, values=values, original=form
        )
    )


def stored(db, unit_id):
    return db.read(lambda s: fetch_row(s, OrgUnit, unit_id))


def last_audit_changes(db) -> dict:
    row = db.read(lambda s: s.execute(select(audit.c.changes).order_by(audit.c.id.desc())).first())
    return json.loads(row.changes)


def test_changes_to_different_fields_are_both_kept(db, opened_unit):
    unit_id, version, form = opened_unit
    save(db, unit_id, version, form, name="Sales & Marketing")  # the other user, first
    save(db, unit_id, version, form, notes="Pilot in Q3")  # this user, from the same stale form
    row = stored(db, unit_id)
    assert (row["name"], row["notes"], row["version"]) == ("Sales & Marketing", "Pilot in Q3", version + 2)
    assert last_audit_changes(db) == {"notes": ["", "Pilot in Q3"]}  # only what this user changed


def test_the_same_field_changed_to_another_value_is_a_conflict_naming_it(db, opened_unit):
    unit_id, version, form = opened_unit
    save(db, unit_id, version, form, notes="Theirs", state="pilot")
    with pytest.raises(ConflictError) as raised:
        save(db, unit_id, version, form, notes="Mine", name="Sales EU")
    assert raised.value.fields == ("notes",)
    row = stored(db, unit_id)
    assert (row["notes"], row["name"], row["state"]) == ("Theirs", "Sales", "pilot")  # nothing written


def test_the_same_field_changed_to_the_same_value_is_no_conflict(db, opened_unit):
    unit_id, version, form = opened_unit
    save(db, unit_id, version, form, notes="Agreed")
    save(db, unit_id, version, form, notes="Agreed", name="Sales EU")
    row = stored(db, unit_id)
    assert (row["notes"], row["name"]) == ("Agreed", "Sales EU")


def test_overwrite_with_mine_writes_only_my_changed_fields(db, opened_unit):
    unit_id, version, form = opened_unit
    save(db, unit_id, version, form, notes="Theirs", name="Sales & Marketing")
    save(db, unit_id, None, form, notes="Mine")  # "Overwrite with mine" after the conflict
    row = stored(db, unit_id)
    assert (row["notes"], row["name"]) == ("Mine", "Sales & Marketing")


def test_a_kind_changed_by_someone_else_is_kept_when_i_edit_the_notes(db, opened_unit):
    unit_id, version, form = opened_unit
    child = db.write(lambda s: svc.create_unit(session=s, parent_id=unit_id, name="Field", kind="division"))
    child_row = stored(db, child)
    child_form = {**{n: child_row[n] for n in svc.EDITABLE}, "external_id": ""}
    save(db, child, child_row["version"], child_form, kind="department")
    save(db, child, child_row["version"], child_form, notes="Kept")
    row = stored(db, child)
    assert (row["kind"], row["notes"]) == ("department", "Kept")


def test_without_the_opened_values_any_newer_version_is_a_conflict(db, opened_unit):
    unit_id, version, form = opened_unit
    save(db, unit_id, version, form, name="Sales & Marketing")
    with pytest.raises(ConflictError) as raised:
        db.write(
            lambda s: update_row(
                s, OrgUnit, unit_id, expected_version=version, changes={"notes": "x"}, what="unit"
            )
        )
    assert raised.value.fields == ()
    assert stored(db, unit_id)["notes"] == ""


def test_a_date_typed_as_text_is_not_taken_for_a_change(db):
    values = {"name": "2027-Q1", "start_on": "2027-01-01", "end_on": "2027-03-31", "state": "planned"}
    cycle_id = db.write(lambda s: cycles.create_cycle(session=s, values=values))
    db.write(
        lambda s: cycles.update_cycle(
            session=s, cycle_id=cycle_id, values={**values, "end_on": "2027-04-15"}, expected_version=1
        )
    )
    db.write(
        lambda s: cycles.update_cycle(
            session=s, cycle_id=cycle_id, values={**values, "name": "Q1"}, expected_version=1, original=values
        )
    )
    row = db.read(lambda s: fetch_row(s, Cycle, cycle_id))
    assert (row["name"], row["end_on"], row["start_on"]) == ("Q1", date(2027, 4, 15), date(2027, 1, 1))
