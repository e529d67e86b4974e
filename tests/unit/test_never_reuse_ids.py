"""Ids are never reused: migration 0003 rebuilds every table with AUTOINCREMENT and loses nothing."""

import re
import shutil
import sqlite3

import pytest
from sqlalchemy import MetaData
from sqlmodel import SQLModel

from okr_cockpit.db import models as m
from okr_cockpit.db.engine import make_engine, to_url
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import migrate
from okr_cockpit.services.demo.generate import INSERT_ORDER, build_demo
from tests.conftest import FIXED_TODAY

RESHAPED = {"raci_cell": ("activity_id", "role", "letter"), "setting": ("key", "value")}


@pytest.fixture(scope="module")
def revision_0002_demo(tmp_path_factory):
    """The small demo written into a database at revision 0002 (as the code of that time had it),
    plus one person deleted before the upgrade, whose id only the audit log still knows."""
    path = tmp_path_factory.mktemp("rev2") / "rev2.db"
    return path, demo_at_revision_0002(path, size="small")


def demo_at_revision_0002(path, *, size: str) -> int:
    """Write the demo into a new file at revision 0002; returns the id of a person deleted before."""
    engine = make_engine(to_url(str(path)))
    migrate(engine, "0002")
    demo = build_demo(size=size, today=FIXED_TODAY)
    with engine.begin() as connection:
        # The tables as they are at 0002 (not as the models declare them now).
        tables = MetaData()
        tables.reflect(connection)
        for model in INSERT_ORDER:
            if model.__tablename__ not in tables.tables:  # added by a later revision
                continue
            table = tables.tables[model.__tablename__]
            insert_through_driver(connection, table, demo.rows.get(table.name, []))
            if model is m.OrgUnit:
                connection.exec_driver_sql(
                    "UPDATE person SET home_unit_id = ? WHERE id = ?",
                    [(home["uid"], home["pid"]) for home in demo.homes],
                )
        connection.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('last_report_on', '2026-11-02')")
        gone = connection.exec_driver_sql("SELECT max(id) FROM person").scalar() + 1
        connection.exec_driver_sql(
            "INSERT INTO audit_entry (at, os_user, host, entity, entity_id, label, action, changes) "
            f"VALUES ('2026-11-10 10:00:00', 'anna', 'h', 'person', {gone}, 'Gone', 'delete', '{{}}')"
        )
    engine.dispose()
    return gone


def insert_through_driver(connection, table, rows: list[dict]) -> None:
    """One executemany of the rows' values for the columns the table has, each value bound as SQLAlchemy
    binds it for that column's type (dates, datetimes, booleans), without SQLAlchemy's per-row work
    (half of the large demo's insert time)."""
    if not rows:
        return
    dialect = connection.dialect
    columns = [
        (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in rows[0]
        if name in table.c
    ]
    values = [tuple(bind(row[name]) if bind else row[name] for name, bind in columns) for row in rows]
    names = ", ".join(name for name, _bind in columns)
    placeholders = ", ".join("?" * len(columns))
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({placeholders})", values)


def schema_of(path) -> dict:
    """Every column, foreign key, CHECK, UNIQUE and index of every table, and every row."""
    connection = sqlite3.connect(path)
    try:
        found = {}
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if table in ("alembic_version", "sqlite_sequence"):
                continue
            sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            columns = [r[1:] for r in connection.execute(f"PRAGMA table_info({table})")]
            indexes = {}
            for _, name, unique, origin, partial in connection.execute(f"PRAGMA index_list({table})"):
                on = tuple(r[2] for r in connection.execute(f"PRAGMA index_info({name})"))
                where = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
                indexes[name if origin == "c" else f"{origin}:{on}"] = (on, unique, partial, where)
            names = [c[0] for c in columns]
            if table in RESHAPED:
                # Their old primary key is a UNIQUE constraint now, beside the new id.
                names = list(RESHAPED[table])
                columns = [c[:-1] for c in columns if c[0] in names]
                indexes = {k.replace("pk:", "u:"): v for k, v in indexes.items() if v[0] != ("id",)}
            rows = connection.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {', '.join(names)}")
            found[table] = {
                "columns": columns,
                "foreign keys": sorted(
                    r[2:] for r in connection.execute(f"PRAGMA foreign_key_list({table})")
                ),
                "checks": sorted(re.findall(r"CONSTRAINT (\w+) CHECK", sql)),
                "indexes": indexes,
                "rows": [row for row in rows if row[:1] != ("database_id",)],
            }
        return found
    finally:
        connection.close()


def test_upgrade_from_0002_keeps_every_row_link_index_and_constraint(revision_0002_demo, tmp_path):
    source, _ = revision_0002_demo
    path = tmp_path / "copy.db"
    shutil.copyfile(source, path)
    upgrade_keeps_everything(path, rows_at_least=1000)


@pytest.mark.slow
def test_the_large_demo_upgrades_from_0002_keeping_everything(tmp_path):
    path = tmp_path / "large.db"
    demo_at_revision_0002(path, size="large")
    upgrade_keeps_everything(path, rows_at_least=100_000)


def upgrade_keeps_everything(path, *, rows_at_least: int) -> None:
    before = schema_of(path)
    assert sum(len(t["rows"]) for t in before.values()) > rows_at_least, "the demo data did not go in"

    # Up to 0003 only: later revisions add tables and columns of their own.
    engine = make_engine(to_url(str(path)))
    migrate(engine, "0003")
    engine.dispose()
    after = schema_of(path)
    assert after == before
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_after_the_upgrade_no_id_comes_back_not_even_one_deleted_before_it(revision_0002_demo, tmp_path):
    source, gone = revision_0002_demo
    path = tmp_path / "copy.db"
    shutil.copyfile(source, path)
    open_database(str(path)).db.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=ON")
    newest = connection.execute("SELECT max(id) FROM org_unit").fetchone()[0]
    connection.execute("DELETE FROM assignment WHERE unit_id = ?", (newest,))
    connection.execute("DELETE FROM cycle_event WHERE unit_id = ?", (newest,))
    connection.execute("UPDATE person SET home_unit_id = NULL WHERE home_unit_id = ?", (newest,))
    connection.execute("UPDATE stakeholder SET unit_id = NULL WHERE unit_id = ?", (newest,))
    connection.execute("DELETE FROM org_unit WHERE id = ?", (newest,))
    new_unit = connection.execute(
        "INSERT INTO org_unit (name, kind, state, exempt, notes) VALUES ('New', 'team', 'live', 0, '')"
    ).lastrowid
    new_person = connection.execute("INSERT INTO person (name, title, active) VALUES ('P', '', 1)").lastrowid
    connection.commit()
    connection.close()
    assert new_unit == newest + 1
    assert new_person == gone + 1  # the person deleted before the upgrade keeps their id to themselves


def test_every_table_at_head_is_autoincrement(db_path):
    open_database(str(db_path)).db.dispose()
    connection = sqlite3.connect(db_path)
    tables = connection.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'table' AND name NOT IN ('alembic_version', 'sqlite_sequence')"
    ).fetchall()
    connection.close()
    assert len(tables) == len(SQLModel.metadata.tables)
    assert [name for name, sql in tables if "AUTOINCREMENT" not in sql] == []


def test_every_model_asks_for_autoincrement():
    """New tables made by autogenerate get it too: the models carry it."""
    missing = [
        table.name
        for table in SQLModel.metadata.tables.values()
        if not table.dialect_options["sqlite"]["autoincrement"]
    ]
    assert missing == []
