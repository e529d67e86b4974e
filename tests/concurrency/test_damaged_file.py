"""A damaged database file: one clear sentence on the command line and in the app, nothing written.

The damage is inside a table (the org units' first page), not in the header: the file opens, its
schema reads fine, and the damage shows only when the units are read. Before, the app showed
"Unexpected error: DatabaseError(...)" with SQL, and `export` left empty -wal/-shm files beside it.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from okr_cockpit.cli import main

DAMAGED = (
    "The database file is damaged, so nothing was changed: run `okr-cockpit check` and restore a backup."
)
COMPANIONS = ("-wal", "-shm", "-journal")


def damage_the_units(path: Path) -> Path:
    with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'org_unit'").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    assert page > 1  # the header page stays intact
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xde\xad\xbe\xef" * (size // 4))
    return path


def state(path: Path) -> tuple[str, list[str]]:
    present = [suffix for suffix in COMPANIONS if Path(f"{path}{suffix}").exists()]
    return hashlib.sha256(path.read_bytes()).hexdigest(), present


@pytest.fixture
def damaged(demo_path):
    path = damage_the_units(demo_path)
    assert state(path)[1] == []
    return path


@pytest.mark.parametrize(
    "command",
    [["export", "units"], ["report", "--format", "md"], ["import", "units", "UNITS"]],
    ids=["export", "report", "import"],
)
def test_the_command_line_says_one_sentence_and_writes_nothing(damaged, command, capsys, tmp_path):
    units_csv = tmp_path / "units.csv"
    units_csv.write_text("external_id,name,kind,parent_external_id,wave,state\nT-NEW,New Team,team,,,\n")
    before = state(damaged)
    argv = [str(units_csv) if word == "UNITS" else word for word in command]
    assert main([*argv, "--db", str(damaged)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [DAMAGED]
    assert "Traceback" not in captured.err
    assert state(damaged) == before


def test_check_and_backup_say_so_and_leave_nothing_behind(damaged, capsys, tmp_path):
    before = state(damaged)
    assert main(["check", "--db", str(damaged)]) == 1
    out = capsys.readouterr().out
    assert "✖ fail  SQLite cannot read the file: database disk image is malformed." in out
    target = tmp_path / "copy.db"
    assert main(["backup", "--db", str(damaged), str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"The backup failed: database disk image is malformed. Nothing was written to {target}."]
    assert not target.exists() and not Path(f"{target}.partial").exists()
    assert state(damaged) == before


async def test_the_app_says_one_sentence_and_writes_nothing(damaged, make_cockpit):
    before = state(damaged)
    app = make_cockpit(damaged)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages and set(messages) == {DAMAGED}  # no SQL, no "Unexpected error"
    # As when the process ends: the live-refresh connection and the app's own are closed.
    app.watcher._thread.join(timeout=5)
    app.db.dispose()
    assert state(damaged) == before
