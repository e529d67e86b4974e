"""German names compare and sort the way people expect: case, umlauts, ß and accents folded, in SQL too."""


from icalendar import Calendar
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql

from okr_cockpit.cli import main
from okr_cockpit.db.folding import _fold_table, fold, folded
from okr_cockpit.db.models import Coach, Cycle, CycleEvent, OrgUnit, Person, Stakeholder
from okr_cockpit.services.coaching import coaches
from okr_cockpit.services.coaching.coaches import RosterQuery
from okr_cockpit.services.search import find_by_name
from okr_cockpit.services.stakeholders import log as stakeholders
from okr_cockpit.services.stakeholders.log import RegisterQuery
from tests.conftest import FIXED_TODAY

NAMES = ("Zoe Zander", "Ömer Öztürk", "Olaf Alt", "oskar Ost", "Ärzte Team", "Anna Berg")


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


def test_fold_drops_case_umlauts_sharp_s_and_accents():
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Öffentlichkeitsarbeit") == "offentlichkeitsarbeit"
    assert fold("Björn Öz") == fold("björn öz") == "bjorn oz"
    assert fold("Åse Ørsted Éloïse Łukasz ẞ") == "ase orsted eloise lukasz ss"
    assert all(fold(fold(name)) == fold(name) for name in NAMES)


def test_the_postgresql_expression_folds_like_python():
    """The translate()/replace() chain PostgreSQL runs gives what `fold` gives, letter for letter."""
    singles, multiples = _fold_table()
    table = str.maketrans(singles)

    def as_postgresql(text: str) -> str:
        for source, target in multiples:
            text = text.replace(source, target)
        return text.translate(table).lower()

    letters = [
        chr(c) for block in (range(0x20, 0x7F), range(0xC0, 0x250), range(0x1E00, 0x1F00)) for c in block
    ]
    latin = [ch for ch in letters if fold(ch).isascii()]
    assert len(latin) > 500
    assert [as_postgresql(ch) for ch in latin] == [fold(ch) for ch in latin]
    sql = str(select(folded(Person.__table__.c.name)).compile(dialect=postgresql.dialect()))
    assert "lower(translate(replace(" in sql


def test_palette_search_finds_umlauts_and_sharp_s(db):
    def build(session):
        add(session, OrgUnit, name="Öffentlichkeitsarbeit", kind="division")
        add(session, OrgUnit, name="Straße & Wege", kind="team")
        add(session, OrgUnit, name="Offene Posten", kind="team")

    db.write(build)
    found = lambda query: [f.name for f in db.read(lambda s: find_by_name(s, query))]  # noqa: E731
    assert found("öffentlich") == ["Öffentlichkeitsarbeit"]
    assert found("Offentl") == ["Öffentlichkeitsarbeit"]
    assert found("strasse") == ["Straße & Wege"]
    assert found("STRAßE") == ["Straße & Wege"]


def test_coach_roster_is_paged_in_sql_with_o_umlaut_among_the_os(db):
    def build(session):
        for name in NAMES:
            add(session, Coach, person_id=add(session, Person, name=name), capacity=2)

    db.write(build)
    page = lambda offset: db.read(  # noqa: E731
        lambda s: coaches.roster(s, today=FIXED_TODAY, query=RosterQuery(offset=offset, limit=2))
    )
    shown = [row.name for offset in (0, 2, 4) for row in page(offset).rows]
    assert shown == ["Anna Berg", "Ärzte Team", "Olaf Alt", "Ömer Öztürk", "oskar Ost", "Zoe Zander"]
    filtered = db.read(lambda s: coaches.roster(s, today=FIXED_TODAY, query=RosterQuery(text="ozt")))
    assert [row.name for row in filtered.rows] == ["Ömer Öztürk"]


def test_stakeholder_register_is_paged_in_sql_with_o_umlaut_among_the_os(db):
    db.write(lambda s: [add(s, Stakeholder, name=name) for name in NAMES])
    pages = [
        db.read(lambda s, o=o: stakeholders.register_page(s, query=RegisterQuery(), offset=o, limit=3))
        for o in (0, 3)
    ]
    assert [row.name for page in pages for row in page.rows] == [
        "Anna Berg",
        "Ärzte Team",
        "Olaf Alt",
        "Ömer Öztürk",
        "oskar Ost",
        "Zoe Zander",
    ]
    backwards = db.read(
        lambda s: stakeholders.register_page(s, query=RegisterQuery(descending=True), limit=2)
    )
    assert [row.name for row in backwards.rows] == ["Zoe Zander", "oskar Ost"]
    found = db.read(lambda s: stakeholders.register_page(s, query=RegisterQuery(text="arzte")))
    assert [row.name for row in found.rows] == ["Ärzte Team"]


def test_ics_export_finds_a_coach_by_a_name_with_umlauts(db, db_path, capsysbinary):
    def build(session):
        person = add(session, Person, name="Björn Öz", email="bjoern@example.org")
        coach = add(session, Coach, person_id=person, capacity=2)
        cycle = add(session, Cycle, name="2026-Q4", start_on=FIXED_TODAY, end_on=FIXED_TODAY)
        add(session, CycleEvent, cycle_id=cycle, kind="check_in", start_on=FIXED_TODAY, coach_id=coach)

    db.write(build)
    for name in ("Björn Öz", "björn öz", "BJORN OZ"):
        assert main(["export", "events", "--format", "ics", "--coach", name, "--db", str(db_path)]) == 0
        events = Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")
        assert ["Facilitator: Björn Öz" in str(e["DESCRIPTION"]) for e in events] == [True]


def test_folded_sort_pages_ten_thousand_names(db):
    """The fold is computed per row (no index); its speed is for benchmarks, the order is checked here."""
    db.write(
        lambda s: s.execute(insert(Person.__table__), [{"name": f"Ömer {n:05d}"} for n in range(10_000)])
    )
    first = db.read(
        lambda s: s.execute(select(Person.name).order_by(folded(Person.name), Person.id).limit(50)).all()
    )
    assert [row.name for row in first[:2]] == ["Ömer 00000", "Ömer 00001"] and len(first) == 50
