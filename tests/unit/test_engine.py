"""The engine's SQLite settings, BEGIN IMMEDIATE, version checks and no lost updates across processes."""

import multiprocessing
import sqlite3

import pytest
from sqlalchemy import event, insert, select

from okr_cockpit.db.engine import Database, make_engine, to_url
from okr_cockpit.db.models import RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.services.records import fetch_row, update_row

wave = RolloutWave.__table__


def test_sqlite_pragmas_are_set(db):
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000


def test_writes_begin_immediate_and_reads_do_not(db):
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    db.write(lambda s: s.execute(insert(wave).values(name="Wave 1")))
    db.read(lambda s: s.execute(select(wave.c.name)).all())
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_foreign_keys_are_enforced(db):
    from okr_cockpit.db.models import OrgUnit

    with pytest.raises(CockpitError, match="refused"):
        db.write(lambda s: s.execute(insert(OrgUnit.__table__).values(name="X", kind="team", parent_id=999)))


def test_stale_version_is_refused_and_nothing_changes(db):
    wave_id = db.write(lambda s: s.execute(insert(wave).values(name="Wave 1")).inserted_primary_key[0])
    db.write(
        lambda s: update_row(s, RolloutWave, wave_id, expected_version=1, changes={"name": "W1"}, what="wave")
    )
    with pytest.raises(ConflictError) as refused:
        db.write(
            lambda s: update_row(
                s, RolloutWave, wave_id, expected_version=1, changes={"name": "Mine"}, what="wave"
            )
        )
    assert refused.value.current["name"] == "W1"
    row = db.read(lambda s: fetch_row(s, RolloutWave, wave_id))
    assert (row["name"], row["version"]) == ("W1", 2)


def test_lock_held_longer_than_timeout_gives_a_sentence(db_path):
    opened = open_database(str(db_path))
    opened.db.dispose()
    impatient = Database(make_engine(to_url(str(db_path)), busy_timeout_ms=100))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(CockpitError, match="Another user is saving"):
            impatient.write(lambda s: s.execute(insert(wave).values(name="Blocked")))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert impatient.read(lambda s: s.execute(select(wave.c.name)).all()) == []


def increment_position(path: str, times: int) -> None:
    """Read-modify-write through the services, as an editing user would: read the row, write +1."""
    db = open_database(path).db

    def bump(session):
        row = fetch_row(session, RolloutWave, 1)
        update_row(
            session,
            RolloutWave,
            1,
            expected_version=row["version"],
            changes={"position": row["position"] + 1},
            what="wave",
        )

    for _ in range(times):
        db.write(bump)
    db.dispose()


def test_four_processes_lose_no_update(db_path):
    db = open_database(str(db_path)).db
    db.write(lambda s: s.execute(insert(wave).values(name="Counter", position=0)))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=increment_position, args=(str(db_path), 200)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    row = db.read(lambda s: fetch_row(s, RolloutWave, 1))
    assert row["position"] == 800
    assert row["version"] == 801
    db.dispose()
