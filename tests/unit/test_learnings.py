"""Learnings and process changes: validation, versioned writes, filters, and changes in effect per cycle."""

from datetime import date

import pytest
from sqlalchemy import insert, select

from okr_cockpit.db.models import AuditEntry, Cycle, Person
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.process import learnings as svc


@pytest.fixture
def world(db):
    def build(session):
        def add(model, **values):
            return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]

        return {
            "q3": add(
                Cycle, name="2026-Q3", start_on=date(2026, 7, 1), end_on=date(2026, 9, 30), state="closed"
            ),
            "q4": add(Cycle, name="2026-Q4", start_on=date(2026, 10, 1), end_on=date(2026, 12, 31)),
            "q1": add(Cycle, name="2027-Q1", start_on=date(2027, 1, 1), end_on=date(2027, 3, 31)),
            "pia": add(Person, name="Pia PLO", title="PLO lead"),
            "old": add(Person, name="Otto Gone", active=False),
        }

    return db, db.write(build)


def values(ids, **overrides):
    base = {
        "learned_on": "2026-10-02",
        "source": "retrospective",
        "source_cycle_id": ids["q3"],
        "lesson": "Check-ins longer than 30 minutes lose the team.",
        "change": "Time-box check-ins to 20 minutes.",
        "rationale": "Short check-ins kept the rhythm.",
        "owner_id": ids["pia"],
        "effective_cycle_id": ids["q4"],
        "status": "in_effect",
    }
    return {**base, **overrides}


def create(db, vals):
    return db.write(lambda s: svc.create_learning(s, values=vals))


def test_create_and_read_back_with_names(world):
    db, ids = world
    new = create(db, values(ids))
    item = db.read(lambda s: svc.learning_record(s, new))
    assert item.learned_on == date(2026, 10, 2)
    assert (item.source_cycle, item.effective_cycle, item.owner) == ("2026-Q3", "2026-Q4", "Pia PLO")
    assert item.status == "in_effect" and item.version == 1
    entry = db.read(lambda s: s.execute(select(AuditEntry.__table__.c.label, AuditEntry.entity)).all())
    assert entry[-1] == ("Time-box check-ins to 20 minutes.", "learning")


INVALID = [
    ({"lesson": "  "}, "lesson", "Lesson must not be empty"),
    ({"learned_on": "2026-13-01"}, "learned_on", "not a date"),
    ({"learned_on": ""}, "learned_on", "required"),
    ({"source": "gossip"}, "source", "Source must be one of"),
    ({"status": "done"}, "status", "Status must be one of"),
    ({"change": "", "status": "accepted"}, "change", "needs the process change"),
    ({"effective_cycle_id": 0}, "effective_cycle_id", "cycle it takes effect in"),
    ({"owner_id": 9999}, "owner_id", "no longer exists"),
]


def test_invalid_input_names_the_field(world):
    db, ids = world
    for overrides, field, message in INVALID:  # one database for all cases keeps this fast
        with pytest.raises(ValidationError, match=message) as refused:
            create(db, values(ids, **overrides))
        assert refused.value.field == field
    assert db.read(lambda s: svc.list_learnings(s)).total == 0


def test_a_lesson_without_a_change_is_fine_while_proposed(world):
    db, ids = world
    new = create(db, values(ids, change="", effective_cycle_id="", owner_id=None, status="proposed"))
    item = db.read(lambda s: svc.learning_record(s, new))
    assert (item.change, item.effective_cycle_id, item.owner) == ("", None, "")


def test_update_is_versioned_and_delete_is_too(world):
    db, ids = world
    new = create(db, values(ids, status="proposed"))
    db.write(lambda s: svc.update_learning(s, new, values=values(ids, status="accepted"), expected_version=1))
    assert db.read(lambda s: svc.learning_record(s, new)).status == "accepted"
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.update_learning(s, new, values=values(ids), expected_version=1))
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.delete_learning(s, new, expected_version=1))
    db.write(lambda s: svc.delete_learning(s, new, expected_version=2))
    assert db.read(lambda s: svc.learning_record(s, new)) is None


def test_filters_by_cycle_and_status(world):
    db, ids = world
    a = create(db, values(ids, learned_on="2026-10-01"))  # Q3 -> Q4, in effect
    b = create(
        db,
        values(
            ids,
            learned_on="2026-11-01",
            source_cycle_id=ids["q4"],
            effective_cycle_id=ids["q1"],
            status="accepted",
        ),
    )
    c = create(
        db,
        values(ids, learned_on="2026-11-05", source_cycle_id=None, effective_cycle_id=None, status="dropped"),
    )

    def listed(**filters):
        return [i.id for i in db.read(lambda s: svc.list_learnings(s, **filters)).items]

    assert listed() == [c, b, a]  # newest first
    assert listed(cycle_id=ids["q4"]) == [b, a]  # learned in Q4 or taking effect in Q4
    assert listed(cycle_id=ids["q1"]) == [b]
    assert listed(status="dropped") == [c]
    assert listed(cycle_id=ids["q4"], status="in_effect") == [a]
    cut = db.read(lambda s: svc.list_learnings(s, limit=2))
    assert (len(cut.items), cut.total) == (2, 3)


def test_changes_in_effect_for_a_cycle(world):
    db, ids = world
    in_effect = create(db, values(ids))
    accepted = create(
        db, values(ids, learned_on="2026-10-09", status="accepted", change="Cap coaches at four teams.")
    )
    create(db, values(ids, status="proposed"))
    create(db, values(ids, status="dropped"))
    found = db.read(lambda s: svc.changes_in_effect(s, ids["q4"]))
    assert [c.id for c in found] == [in_effect, accepted]
    assert found[1].change == "Cap coaches at four teams."
    assert db.read(lambda s: svc.changes_in_effect(s, ids["q1"])) == []


def test_choices_for_forms(world):
    db, ids = world
    assert [c.name for c in db.read(svc.cycle_choices)] == ["2027-Q1", "2026-Q4", "2026-Q3"]
    assert db.read(lambda s: svc.find_owners(s, "o")) == [(ids["pia"], "Pia PLO", "PLO lead")]
