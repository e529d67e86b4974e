"""Code that runs in separate processes during the concurrency tests (started with the spawn context).

Each function opens the database itself, as a second coach's cockpit would, and writes through
the same Database and services the app uses.
"""

import contextlib
import io
import os
import sqlite3
import sys
import time
from datetime import date

OTHER_HOST = "other-host"


def open_as(path: str, user: str = "anna"):
    from okr_cockpit.db.engine import Actor, Database
    from okr_cockpit.db.open import open_database

    opened = open_database(path)
    return Database(opened.db.engine, actor=Actor(user=user, host=OTHER_HOST))


def seed(path: str) -> dict[str, int]:
    """A wave and a unit to edit (a non-empty database, so the app offers no demo data)."""
    from okr_cockpit.db.models import OrgUnit, RolloutWave
    from okr_cockpit.services.records import insert_row

    db = open_as(path, "setup")

    def work(session):
        wave = insert_row(session, RolloutWave, {"name": "Wave 1", "start_on": date(2027, 1, 4)})
        unit = insert_row(session, OrgUnit, {"name": "Team Payments", "kind": "team", "wave_id": wave})
        return {"wave": wave, "unit": unit}

    ids = db.write(work)
    db.dispose()
    return ids


def rename_wave(path: str, wave_id: int, name: str, user: str = "anna") -> None:
    from okr_cockpit.db.models import RolloutWave
    from okr_cockpit.services.records import update_row

    db = open_as(path, user)
    db.write(
        lambda s: update_row(
            s, RolloutWave, wave_id, expected_version=None, changes={"name": name}, what="wave"
        )
    )
    print(time.time(), flush=True)  # when the commit returned, for latency measurements
    db.dispose()


def increment_many(path: str, wave_id: int, count: int) -> int:
    """Read-modify-write `count` times: read the row, then update it with the version that was read."""
    from okr_cockpit.db.models import RolloutWave
    from okr_cockpit.services.records import fetch_row, update_row

    db = open_as(path, f"writer-{os.getpid()}")

    def bump(session):
        row = fetch_row(session, RolloutWave, wave_id)
        update_row(
            session,
            RolloutWave,
            wave_id,
            expected_version=row["version"],
            changes={"position": row["position"] + 1},
            what="wave",
        )

    for _ in range(count):
        db.write(bump)
    db.dispose()
    return count


def acknowledging_writer(path: str, wave_id: int, out_fd: int = 1) -> None:
    """Set the wave's position to 1, 2, 3... for ever; write each value to `out_fd` after its commit."""
    from okr_cockpit.db.models import RolloutWave
    from okr_cockpit.services.records import fetch_row, update_row

    db = open_as(path, "killed-writer")
    out = os.fdopen(out_fd, "w")

    def bump(session):
        row = fetch_row(session, RolloutWave, wave_id)
        value = row["position"] + 1
        changes = {"position": value}
        update_row(
            session, RolloutWave, wave_id, expected_version=row["version"], changes=changes, what="wave"
        )
        return value

    out.write("ready\n")
    out.flush()
    while True:
        value = db.write(bump)
        out.write(f"{value}\n")
        out.flush()


def hold_write_lock(path: str, ready, release, seconds: float = 20.0) -> None:
    """Take the write lock (BEGIN IMMEDIATE) and keep it until told, like a coach in a long save."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    ready.set()
    release.wait(seconds)
    connection.execute("ROLLBACK")
    connection.close()


def serve_requests(path: str, connection) -> None:
    """A second coach's process: runs ("rename", wave_id, name) requests until it receives None.

    Answers each with the wall-clock time at which the commit returned.
    """
    while (request := connection.recv()) is not None:
        command, *args = request
        with contextlib.redirect_stdout(io.StringIO()):
            COMMANDS[command](path, *args)
        connection.send(time.time())


COMMANDS = {"writer": acknowledging_writer, "rename": rename_wave}

if __name__ == "__main__":  # e.g. `python -m tests.concurrency.workers rename PATH WAVE_ID NAME`
    command, path, wave_id, *rest = sys.argv[1:]
    COMMANDS[command](path, int(wave_id), *rest)
