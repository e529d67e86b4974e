"""The audit log cannot be forged or erased: the actor is the effective OS user, the log is
append-only whatever writes to the file, and replacing the contents is backed up and recorded."""

import os
import pwd
import socket
import sqlite3
import subprocess
import sys

import pytest

from okr_cockpit.cli import main
from okr_cockpit.errors import CockpitError

ME = pwd.getpwuid(os.geteuid()).pw_name
AUDIT = "SELECT id, at, os_user, host, entity, entity_id, label, action, changes FROM audit_entry ORDER BY id"


def audit_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(AUDIT).fetchall()


def run_cli(*args: str, forged: str = "anna") -> subprocess.CompletedProcess:
    """A real process whose environment claims to be someone else."""
    env = {**os.environ, "USER": forged, "LOGNAME": forged, "LNAME": forged, "USERNAME": forged}
    return subprocess.run(
        [sys.executable, "-m", "okr_cockpit", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_an_import_with_a_forged_login_name_records_the_real_user(tmp_path):
    assert ME != "anna"
    path = tmp_path / "cockpit.db"
    units = tmp_path / "units.csv"
    units.write_text("external_id,name,kind,parent_external_id\nNW,Northwind,company,\n")
    done = run_cli("import", "units", str(units), "--db", str(path))
    assert done.returncode == 0, done.stderr
    users_hosts = {(row[2], row[3]) for row in audit_rows(path)}
    assert users_hosts == {(ME, socket.gethostname())}


def test_demo_force_with_a_forged_login_name_records_the_real_user(demo_path):
    done = run_cli("demo", "--no-open", "--force", "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    last = audit_rows(demo_path)[-1]
    assert (last[2], last[7]) == (ME, "replace")


def test_demo_force_backs_up_first_keeps_the_log_and_appends_one_entry(demo_path, capsys):
    before = audit_rows(demo_path)
    with sqlite3.connect(demo_path) as connection:
        units = connection.execute("SELECT * FROM org_unit ORDER BY id").fetchall()
    assert before and units

    assert main(["demo", "--no-open", "--force", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    backups = list(demo_path.parent.glob("demo.db.replaced-*.bak"))
    assert len(backups) == 1 and str(backups[0]) in out
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("SELECT * FROM org_unit ORDER BY id").fetchall() == units
        assert copy.execute(AUDIT).fetchall() == before

    after = audit_rows(demo_path)
    assert after[: len(before)] == before  # nothing erased or rewritten
    assert len(after) == len(before) + 1  # one true entry, no made-up history
    entry = after[-1]
    assert (entry[2], entry[3], entry[4], entry[7]) == (ME, socket.gethostname(), "database", "replace")
    assert entry[6] == "all data with the small demo" and backups[0].name in entry[8]
    with sqlite3.connect(demo_path) as connection:
        lowest = connection.execute("SELECT min(id) FROM org_unit").fetchone()[0]
    assert lowest > max(row[0] for row in units)  # the demo's units did not take the old ids


def test_the_history_says_who_replaced_everything(demo_path):
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.audit import latest_change
    from okr_cockpit.services.demo.generate import load_demo
    from tests.conftest import FIXED_TODAY

    opened = open_database(str(demo_path))
    load_demo(opened.db, size="small", today=FIXED_TODAY, replace=True)
    change = opened.db.read(latest_change)
    opened.db.dispose()
    assert change.sentence() == f"{ME} replaced all data with the small demo"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET os_user = 'anna'",
        "DELETE FROM audit_entry",
        "DELETE FROM audit_entry WHERE id = 1",
    ],
)
def test_the_audit_log_refuses_changes_from_any_program(demo_path, statement):
    before = audit_rows(demo_path)
    connection = sqlite3.connect(demo_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute(statement)
    connection.close()
    assert audit_rows(demo_path) == before


def test_the_audit_log_refuses_changes_through_the_cockpit_too(demo_db):
    from sqlalchemy import delete

    from okr_cockpit.db.models import AuditEntry

    with pytest.raises(CockpitError, match="append-only"):
        demo_db.write(lambda s: s.execute(delete(AuditEntry.__table__)))


def test_when_the_backup_fails_nothing_is_replaced(demo_path, capsys, monkeypatch):
    from okr_cockpit.services.demo import generate as demo

    def failing(source, dest):
        raise CockpitError(f"The backup failed: disk full. Nothing was written to {dest}.")

    monkeypatch.setattr(demo, "backup_database", failing)
    before = audit_rows(demo_path)
    with sqlite3.connect(demo_path) as connection:
        units = connection.execute("SELECT * FROM org_unit ORDER BY id").fetchall()
    assert main(["demo", "--no-open", "--force", "--db", str(demo_path)]) == 1
    assert "The backup failed" in capsys.readouterr().err
    assert audit_rows(demo_path) == before
    with sqlite3.connect(demo_path) as connection:
        assert connection.execute("SELECT * FROM org_unit ORDER BY id").fetchall() == units
