"""Stakeholder and interaction services: paged, sorted, narrowed register; audited writes; grid; overdue."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from okr_cockpit.db.models import AuditEntry, Interaction, OrgUnit, Person, Stakeholder
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.overview import overdue_follow_ups
from okr_cockpit.services.records import fetch_row
from okr_cockpit.services.stakeholders import interactions as ix
from okr_cockpit.services.stakeholders import log as sh

TODAY = date(2026, 11, 16)


@pytest.fixture
def seeded(db):
    """Three stakeholders, two owners, two units, a few interactions."""

    def seed(session):
        ids = {}
        for key, name in (("anna", "Anna Berg"), ("ben", "Ben Okafor")):
            ids[key] = session.execute(insert(Person.__table__).values(name=name)).inserted_primary_key[0]
        for key, name in (("hr", "HR"), ("sales", "Sales")):
            ids[key] = session.execute(
                insert(OrgUnit.__table__).values(name=name, kind="department")
            ).inserted_primary_key[0]
        people = (
            ("cfo", "Clara CFO", "sales", "anna", 5, 5, "sceptic"),
            ("wc", "Works council", "hr", "ben", 4, 2, "blocker"),
            ("dev", "Dev lead", None, "anna", 2, 4, "champion"),
        )
        for key, name, unit, own, influence, interest, attitude in people:
            ids[key] = sh.create_stakeholder(
                session,
                values={
                    "name": name, "role": "role of " + name, "unit_id": ids.get(unit), "owner_id": ids[own],
                    "influence": influence, "interest": interest, "attitude": attitude,
                    "desired_attitude": "supporter",
                },
            )  # fmt: skip
        for offset, sentiment in ((40, 2), (30, 1), (20, 1), (10, -1), (5, -2), (2, -2)):
            ix.add_interaction(
                session,
                stakeholder_id=ids["cfo"],
                values={"occurred_on": TODAY - timedelta(days=offset), "channel": "meeting",
                        "sentiment": sentiment, "summary": f"talk {offset}"},
                today=TODAY,
            )  # fmt: skip
        ids["late"] = ix.add_interaction(
            session,
            stakeholder_id=ids["wc"],
            values={"occurred_on": "2026-10-01", "channel": "email", "sentiment": "0", "summary": "letter",
                    "follow_up": "send draft", "follow_up_due": "2026-10-10"},
            today=TODAY,
        )  # fmt: skip
        return ids

    return db, db.write(seed)


def page(db, **query):
    return db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery(**query)))


def test_register_rows_carry_names_last_contact_and_open_follow_ups(seeded):
    db, ids = seeded
    rows = {row.name: row for row in page(db).rows}
    assert rows["Clara CFO"].unit == "Sales" and rows["Clara CFO"].owner == "Anna Berg"
    assert rows["Clara CFO"].last_contact == TODAY - timedelta(days=2)
    assert rows["Works council"].open_follow_ups == 1 and rows["Dev lead"].last_contact is None


@pytest.mark.parametrize(
    ("sort", "descending", "first"),
    [("name", False, "Clara CFO"), ("influence", True, "Clara CFO"), ("interest", False, "Works council"),
     ("attitude", False, "Dev lead"), ("unit", False, "Works council"),
     ("open_follow_ups", True, "Works council"),
     ("last_contact", True, "Clara CFO"), ("owner", True, "Works council")],
)  # fmt: skip
def test_register_sorts_by_any_column(seeded, sort, descending, first):
    db, _ = seeded
    assert page(db, sort=sort, descending=descending).rows[0].name == first


def test_register_filters_by_text_and_narrows(seeded):
    db, ids = seeded
    assert [r.name for r in page(db, text="council").rows] == ["Works council"]
    assert [r.name for r in page(db, text="sales").rows] == ["Clara CFO"]  # unit name matches too
    assert [r.name for r in page(db, owner_id=ids["anna"]).rows] == ["Clara CFO", "Dev lead"]
    assert [r.name for r in page(db, attitude="blocker").rows] == ["Works council"]
    assert [r.name for r in page(db, unit_id=ids["hr"]).rows] == ["Works council"]


def test_register_pages_in_sql(seeded):
    db, _ = seeded
    first = db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery(), offset=0, limit=2))
    second = db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery(), offset=2, limit=2))
    assert first.total == 3 and len(first.rows) == 2 and [r.name for r in second.rows] == ["Works council"]


def test_archive_hides_and_restore_shows(seeded):
    db, ids = seeded
    db.write(lambda s: sh.set_archived(s, ids["wc"], archived=True, expected_version=1))
    assert "Works council" not in [r.name for r in page(db).rows]
    assert "Works council" in [r.name for r in page(db, include_archived=True).rows]
    assert db.read(lambda s: fetch_row(s, Stakeholder, ids["wc"])) is not None  # never deleted
    db.write(lambda s: sh.set_archived(s, ids["wc"], archived=False, expected_version=2))
    assert "Works council" in [r.name for r in page(db).rows]


def test_stakeholder_validation_names_fields(seeded):
    db, _ = seeded
    for values, field in (
        ({"name": " ", "attitude": "neutral", "desired_attitude": "neutral"}, "name"),
        ({"name": "X", "influence": 6, "attitude": "neutral", "desired_attitude": "neutral"}, "influence"),
        ({"name": "X", "interest": 0, "attitude": "neutral", "desired_attitude": "neutral"}, "interest"),
        ({"name": "X", "attitude": "fan", "desired_attitude": "neutral"}, "attitude"),
        ({"name": "X", "attitude": "neutral", "desired_attitude": "neutral", "owner_id": 999}, "owner_id"),
    ):
        with pytest.raises(ValidationError) as caught:
            db.write(lambda s, v=values: sh.create_stakeholder(s, values=v))
        assert caught.value.field == field


def test_interaction_validation_names_fields(seeded):
    db, ids = seeded
    base = {"channel": "meeting", "sentiment": 0, "summary": "ok"}
    for values, field in (
        ({**base, "summary": "  "}, "summary"),
        ({**base, "sentiment": 3}, "sentiment"),
        ({**base, "sentiment": "-3"}, "sentiment"),
        ({**base, "follow_up": "x", "follow_up_due": "next week"}, "follow_up_due"),
        ({**base, "occurred_on": "2026-13-01"}, "occurred_on"),
        ({**base, "follow_up_due": "2026-12-01"}, "follow_up"),
        ({**base, "channel": "fax"}, "channel"),
    ):
        with pytest.raises(ValidationError) as caught:
            db.write(
                lambda s, v=values: ix.add_interaction(s, stakeholder_id=ids["cfo"], values=v, today=TODAY)
            )
        assert caught.value.field == field


def test_add_interaction_defaults_to_today_and_the_os_user(seeded):
    db, ids = seeded
    new = db.write(
        lambda s: ix.add_interaction(
            s,
            stakeholder_id=ids["dev"],
            values={"occurred_on": "", "channel": "chat", "summary": "hi"},
            today=TODAY,
        )
    )
    row = db.read(lambda s: ix.get_interaction(s, new))
    assert row.occurred_on == TODAY and row.author == db.actor.user and row.sentiment == 0


def test_log_is_newest_first_and_paged(seeded):
    db, ids = seeded
    log = db.read(lambda s: ix.log_page(s, stakeholder_id=ids["cfo"], offset=0, limit=4))
    assert log.total == 6 and [r.summary for r in log.rows] == ["talk 2", "talk 5", "talk 10", "talk 20"]
    rest = db.read(lambda s: ix.log_page(s, stakeholder_id=ids["cfo"], offset=4, limit=4))
    assert [r.summary for r in rest.rows] == ["talk 30", "talk 40"]


def test_edit_keeps_the_original_in_the_audit_and_refuses_stale_versions(seeded):
    db, ids = seeded
    values = {"occurred_on": "2026-10-01", "channel": "email", "sentiment": -1, "summary": "angry letter",
              "follow_up": "send draft", "follow_up_due": "2026-10-10"}  # fmt: skip
    db.write(lambda s: ix.edit_interaction(s, ids["late"], values=values, today=TODAY, expected_version=1))
    entry = db.read(
        lambda s: s.execute(
            select(AuditEntry.__table__).where(AuditEntry.__table__.c.entity == "interaction",
                                               AuditEntry.__table__.c.action == "update")
        ).mappings().one()
    )  # fmt: skip
    changes = json.loads(entry["changes"])
    assert changes["summary"] == ["letter", "angry letter"] and changes["sentiment"] == [0, -1]
    with pytest.raises(ConflictError):
        db.write(
            lambda s: ix.edit_interaction(s, ids["late"], values=values, today=TODAY, expected_version=1)
        )


def test_complete_follow_up_and_overdue_agree_with_the_overview(seeded):
    db, ids = seeded
    overdue = db.read(lambda s: ix.overdue_page(s, today=TODAY))
    _, overview_total = db.read(lambda s: overdue_follow_ups(s, today=TODAY))
    assert overdue.total == overview_total == 1
    item = overdue.items[0]
    assert (item.stakeholder, item.owner, item.days_overdue) == ("Works council", "Ben Okafor", 37)
    db.write(lambda s: ix.complete_follow_up(s, ids["late"], today=TODAY, expected_version=1))
    assert db.read(lambda s: ix.get_interaction(s, ids["late"])).follow_up_done == TODAY
    assert db.read(lambda s: ix.overdue_page(s, today=TODAY)).total == 0
    with pytest.raises(ValidationError):
        db.write(lambda s: ix.complete_follow_up(s, ids["late"], today=TODAY, expected_version=None))


def test_grid_places_stakeholders_in_quadrants(seeded):
    db, _ = seeded
    grid = db.read(lambda s: sh.influence_grid(s))
    names = {key: [e.name for e in q.entries] for key, q in grid.items()}
    assert names == {"manage_closely": ["Clara CFO"], "keep_satisfied": ["Works council"],
                     "keep_informed": ["Dev lead"], "monitor": []}  # fmt: skip
    assert sh.quadrant_of(3, 3) == "monitor" and sh.quadrant_of(4, 4) == "manage_closely"


def test_sentiment_series_shows_cooling(seeded):
    db, ids = seeded
    series = db.read(lambda s: ix.sentiment_series(s, stakeholder_id=ids["cfo"]))
    assert [v for _, v in series.points] == [2, 1, 1, -1, -2, -2] and series.trend == "cooling"
    assert ix.sentiment_trend([-2, -1, -2, 1, 2, 2])[0] == "warming"
    assert ix.sentiment_trend([1, 1])[0] == "unknown"


def test_position_finds_the_page_of_a_stakeholder(seeded):
    db, ids = seeded
    query = sh.RegisterQuery(sort="name", descending=True)
    assert db.read(lambda s: sh.register_position(s, query=query, stakeholder_id=ids["cfo"])) == 2


def test_narrowing_options_list_attitudes_owners_and_units(seeded):
    db, _ = seeded
    options = db.read(lambda s: sh.narrowing_options(s, ""))
    kinds = {(kind, label): count for kind, _, label, count in options}
    assert kinds[("attitude", "blocker")] == 1 and kinds[("owner", "Anna Berg")] == 2
    assert kinds[("unit", "HR")] == 1


def test_interaction_table_is_indexed_for_the_log(db):
    assert any(ix.name == "ix_interaction_stakeholder_date" for ix in Interaction.__table__.indexes)
