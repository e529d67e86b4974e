"""A file the cockpit refuses, or may only read, is byte-identical afterwards and gets no -wal/-shm.

Before the fix the switch to WAL ran on connect, before the schema check: another program's
file was converted and got companion files; a zero-length file silently became a cockpit.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from okr_cockpit.cli import main
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import HEAD_REVISION
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.audit import latest_change
from tests.concurrency.accounts import OUTSIDER, accounts, run_as, shared_tmp

COMPANIONS = ("-wal", "-shm", "-journal")


def state(path: Path) -> tuple[str, str, list[str]]:
    """sha256, journal mode (from the file header: WAL or rollback) and the companion files present."""
    data = path.read_bytes()
    mode = "empty" if not data else {1: "rollback", 2: "wal"}.get(data[18], "?")
    present = [suffix for suffix in COMPANIONS if Path(f"{path}{suffix}").exists()]
    return hashlib.sha256(data).hexdigest(), mode, present


def foreign_file(path: Path, *, wal: bool) -> Path:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('mine')")
    connection.commit()
    connection.close()
    return path


def cockpit_file(path: Path, *, revision: str | None = None, wal: bool = True) -> Path:
    open_database(str(path)).db.dispose()
    connection = sqlite3.connect(path)
    if not wal:
        connection.execute("PRAGMA journal_mode=DELETE")
    if revision is not None:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.commit()
    connection.close()
    return path


def one_sentence_error(capsys, code: int) -> str:
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err and "Unexpected error" not in captured.err
    return lines[0]


@pytest.mark.parametrize("wal", [False, True], ids=["rollback", "wal"])
def test_another_programs_file_is_refused_and_untouched(tmp_path, capsys, wal):
    path = foreign_file(tmp_path / "notes.db", wal=wal)
    before = state(path)
    assert before[1:] == ("wal" if wal else "rollback", [])
    with pytest.raises(CockpitError, match="not an okr-cockpit database"):
        open_database(str(path))
    line = one_sentence_error(capsys, main(["export", "cycles", "--db", str(path)]))
    assert "not an okr-cockpit database" in line
    assert state(path) == before


@pytest.mark.parametrize("wal", [False, True], ids=["rollback", "wal"])
def test_a_newer_schema_is_only_read_and_left_as_it_was(tmp_path, wal):
    path = cockpit_file(tmp_path / "newer.db", revision=f"{int(HEAD_REVISION) + 1:04d}", wal=wal)
    before = state(path)
    opened = open_database(str(path))
    assert opened.db.read_only
    assert f"schema version {int(HEAD_REVISION) + 1}" in opened.read_only_reason
    assert opened.db.read(latest_change) is None  # it can be read
    opened.db.dispose()
    assert state(path) == before


@pytest.mark.parametrize("revision", ["abc", "0000", "", "12", "0002b", "0001,0002"])
def test_every_unknown_schema_revision_gets_a_sentence_and_the_file_stays(tmp_path, capsys, revision):
    path = cockpit_file(tmp_path / "odd.db")
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM alembic_version")
    for value in revision.split(",") if revision else [""]:
        connection.execute("INSERT INTO alembic_version VALUES (?)", (value,))
    connection.commit()
    connection.close()
    before = state(path)
    for read_only in (False, True):
        with pytest.raises(CockpitError, match="schema revision .* which no okr-cockpit writes"):
            open_database(str(path), read_only=read_only)
    line = one_sentence_error(capsys, main(["report", "--db", str(path)]))
    assert "which no okr-cockpit writes" in line
    assert main(["check", "--db", str(path)]) == 1
    assert "which no okr-cockpit writes" in capsys.readouterr().out
    assert state(path) == before


def test_a_zero_length_file_is_not_silently_made_a_cockpit(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    for command in (["export", "cycles"], ["demo", "--no-open"], ["import", "units", str(path)]):
        line = one_sentence_error(capsys, main([*command, "--db", str(path)]))
        assert line == f"{path} is an empty file, not an okr-cockpit database; " + (
            f"run `okr-cockpit init {path}` to make it one."
        )
    assert state(path) == (hashlib.sha256(b"").hexdigest(), "empty", [])
    assert main(["init", str(path)]) == 0  # said explicitly: now it becomes one
    assert capsys.readouterr().out.strip() == f"Created the cockpit schema in {path}."
    opened = open_database(str(path))
    assert not opened.db.read_only
    opened.db.dispose()


def open_and_read(path: str) -> str:
    opened = open_database(path)
    try:
        opened.db.read(latest_change)
        return opened.read_only_reason
    finally:
        opened.db.dispose()


@pytest.mark.parametrize("folder_mode", [0o777, 0o755], ids=["writable-folder", "read-only-folder"])
def test_a_read_only_file_is_read_without_changing_it_or_leaving_companions(folder_mode):
    users = accounts()
    with shared_tmp() as folder:
        path = cockpit_file(folder / "cockpit.db")
        path.chmod(0o644)
        folder.chmod(folder_mode)
        before = state(path)
        reason = run_as(users[OUTSIDER], open_and_read, str(path))
        assert "cannot write" in reason
        assert state(path) == before
        assert sorted(p.name for p in folder.iterdir()) == ["cockpit.db"]
