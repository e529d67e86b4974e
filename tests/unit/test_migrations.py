"""Schema versions: fresh files are migrated, newer ones refused, older ones backed up first."""

import sqlite3

import pytest
from sqlalchemy import inspect, text

from okr_cockpit.db.engine import make_engine, to_url
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import HEAD_REVISION, MIGRATIONS_DIR, ensure_schema, migrate, stored_revision
from okr_cockpit.errors import NewerSchemaError


def alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def test_head_revision_constant_matches_the_migrations():
    assert alembic_head() == HEAD_REVISION


def test_fresh_database_gets_every_table(db_path):
    opened = open_database(str(db_path))
    tables = set(inspect(opened.db.engine).get_table_names())
    assert {
        "org_unit",
        "person",
        "coach",
        "assignment",
        "rollout_wave",
        "cycle",
        "cycle_event",
        "stakeholder",
        "interaction",
        "raci_activity",
        "raci_cell",
        "learning",
        "audit_entry",
        "wave_criterion",
    } <= tables
    assert stored_revision(opened.db.engine) == HEAD_REVISION
    assert opened.backup is None


def test_schema_matches_the_models(db_path):
    """Autogenerate finds nothing to do: the migrations create exactly what models.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = open_database(str(db_path)).db.engine
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def stamp(path, revision: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.commit()
    connection.close()


def test_newer_schema_is_refused_naming_both_versions(db_path):
    open_database(str(db_path)).db.dispose()
    stamp(db_path, "0099")
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match=rf"version 99.*up to version {int(HEAD_REVISION)}"):
        ensure_schema(make_engine(to_url(str(db_path))))
    opened = open_database(str(db_path))
    assert opened.db.read_only
    assert "99" in opened.read_only_reason
    assert db_path.read_bytes() == before


def test_older_schema_is_backed_up_then_migrated(db_path):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    previous = ScriptDirectory.from_config(config).get_revision(HEAD_REVISION).down_revision
    assert previous, "the schema has one revision only; this test needs an older one to upgrade from"
    engine = make_engine(to_url(str(db_path)))
    migrate(engine, previous)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO person (name, title, active, version) VALUES ('Ada', '', 1, 1)"))
    engine.dispose()

    opened = open_database(str(db_path))
    assert stored_revision(opened.db.engine) == HEAD_REVISION
    assert opened.backup is not None and opened.backup.exists()
    kept = opened.db.read(lambda s: s.execute(text("SELECT name FROM person")).scalars().all())
    assert kept == ["Ada"]
    backup = sqlite3.connect(opened.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == previous
    assert backup.execute("SELECT name FROM person").fetchall() == [("Ada",)]
    backup.close()


def test_sqlite_file_of_another_application_is_refused(tmp_path):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (id INTEGER)")
    connection.commit()
    connection.close()
    from okr_cockpit.errors import CockpitError

    with pytest.raises(CockpitError, match="not an okr-cockpit database"):
        open_database(str(other))
