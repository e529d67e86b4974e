"""Both backends: the migrations, the database's identity, the append-only audit, folded search, ids."""

import pytest
from sqlalchemy import delete, insert, inspect, text

from okr_cockpit.cli import main
from okr_cockpit.db.ids import highest_id_ever
from okr_cockpit.db.models import AuditEntry, Coach, OrgUnit, Person
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import HEAD_REVISION, stored_revision
from okr_cockpit.services.coaching import coaches
from okr_cockpit.services.coaching.coaches import RosterQuery
from okr_cockpit.services.records import delete_row, insert_row
from okr_cockpit.services.search import find_by_name
from okr_cockpit.services.settings import database_id
from tests.conftest import FIXED_TODAY

TABLES = {
    "org_unit", "person", "coach", "assignment", "rollout_wave", "cycle", "cycle_event", "stakeholder",
    "interaction", "raci_activity", "raci_cell", "learning", "audit_entry", "wave_criterion", "setting",
}  # fmt: skip


@pytest.fixture
def opened(backend_location):
    opened = open_database(backend_location)
    yield opened
    opened.db.dispose()


def test_migrations_create_every_table_in_order_and_match_the_models(opened):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = opened.db.engine
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert stored_revision(engine) == HEAD_REVISION
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    # org_unit's links to person exist on both backends (on PostgreSQL added after person).
    links = {tuple(fk["constrained_columns"]) for fk in inspect(engine).get_foreign_keys("org_unit")}
    assert {("lead_id",), ("sponsor_id",), ("plo_owner_id",), ("parent_id",), ("wave_id",)} <= links


def test_init_on_an_empty_postgresql_database_migrates_it(pg_empty_url, capsys):
    assert main(["--db", pg_empty_url, "init"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Created the cockpit schema in postgresql://") and "Opened" not in said
    assert main(["--lang", "de", "--db", pg_empty_url, "init"]) == 0  # it is a cockpit now
    again = capsys.readouterr().out.strip()
    assert again.startswith("postgresql://") and again.endswith(" geöffnet.")
    opened = open_database(pg_empty_url)
    assert stored_revision(opened.db.engine) == HEAD_REVISION
    assert len(opened.db.read(database_id)) == 36
    opened.db.dispose()


def test_every_database_has_its_own_identity(opened):
    assert len(opened.db.read(database_id)) == 36


def test_the_audit_log_refuses_updates_and_deletes(opened):
    db = opened.db
    db.write(lambda s: insert_row(s, Person, {"name": "Ada"}))
    with pytest.raises(Exception, match="append-only"):
        db.write(lambda s: s.execute(delete(AuditEntry.__table__)))
    with pytest.raises(Exception, match="append-only"):
        db.write(lambda s: s.execute(text("UPDATE audit_entry SET label = 'x'")))
    assert db.read(lambda s: s.execute(text("SELECT count(*) FROM audit_entry")).scalar()) == 1


def test_folded_search_and_order_find_umlauts(opened):
    db = opened.db
    names = ("Zoe Zander", "Ömer Öztürk", "Olaf Alt", "oskar Ost", "Ärzte Team", "Anna Berg")

    def build(session):
        session.execute(insert(OrgUnit.__table__).values(name="Straße & Wege", kind="team"))
        for name in names:
            person = session.execute(insert(Person.__table__).values(name=name)).inserted_primary_key[0]
            session.execute(insert(Coach.__table__).values(person_id=person, capacity=2))

    db.write(build)
    assert [f.name for f in db.read(lambda s: find_by_name(s, "STRAßE"))] == ["Straße & Wege"]
    roster = db.read(lambda s: coaches.roster(s, today=FIXED_TODAY, query=RosterQuery(limit=10)))
    assert [row.name for row in roster.rows] == [
        "Anna Berg", "Ärzte Team", "Olaf Alt", "Ömer Öztürk", "oskar Ost", "Zoe Zander",
    ]  # fmt: skip


def test_a_deleted_id_is_never_handed_out_again(opened):
    db = opened.db
    first_id = db.write(lambda s: insert_row(s, Person, {"name": "Ada"}))
    db.write(lambda s: delete_row(s, Person, first_id, expected_version=None, what="person"))
    table = Person.__table__
    with db.engine.connect() as connection:
        assert highest_id_ever(connection, table) == first_id
    assert db.write(lambda s: insert_row(s, Person, {"name": "Bob"})) > first_id


def test_a_row_added_after_the_demo_gets_a_new_id(demo_location):
    opened = open_database(demo_location)
    db = opened.db
    highest = db.read(lambda s: s.execute(text("SELECT max(id) FROM person")).scalar())
    assert db.write(lambda s: insert_row(s, Person, {"name": "Newcomer"})) > highest
    opened.db.dispose()


def test_the_commands_work_on_postgresql(pg_empty_url, tmp_path, capsys):
    assert main(["--db", pg_empty_url, "init"]) == 0
    assert main(["--db", pg_empty_url, "demo", "--no-open"]) == 0
    capsys.readouterr()
    assert main(["--db", pg_empty_url, "export", "coaches"]) == 0
    assert "Elif Engel" in capsys.readouterr().out
    report = tmp_path / "report.md"
    assert main(["--db", pg_empty_url, "report", "-o", str(report)]) == 0
    assert "Wave 1" in report.read_text()


def test_a_password_never_appears_in_messages(capsys):
    url = "postgresql://coach:s3cret-pw@127.0.0.1:1/okr?connect_timeout=1"
    assert main(["--db", url, "check"]) != 0
    assert main(["--db", url, "export", "units"]) != 0
    said = capsys.readouterr()
    assert "s3cret-pw" not in said.out + said.err
    assert "cannot be reached" in said.err


def test_the_audit_names_the_os_user_the_host_and_on_postgresql_the_role(opened):
    db = opened.db
    db.write(lambda s: insert_row(s, Person, {"name": "Ada"}))
    entry = db.read(lambda s: s.execute(text("SELECT os_user, host, db_role FROM audit_entry")).one())
    assert (entry.os_user, entry.host) == (db.actor.user, db.actor.host)
    is_server = db.engine.dialect.name == "postgresql"
    assert entry.db_role == ("postgres" if is_server else "")
