"""`copy` between backends, `backup` and `check` on PostgreSQL, against a real server."""

import sqlite3

from sqlalchemy import text

from okr_cockpit.cli import main
from okr_cockpit.db.models import Person
from okr_cockpit.db.open import open_database
from okr_cockpit.db.transfer import tables
from okr_cockpit.services.records import insert_row
from tests.conftest import pg_admin, pg_admin_url


def counts(location: str) -> dict[str, int]:
    opened = open_database(location, read_only=True, one_shot=True)
    try:
        return opened.db.read(
            lambda s: {t.name: s.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar() for t in tables()}
        )
    finally:
        opened.db.dispose()


def test_a_file_copied_to_postgresql_and_back_keeps_every_row(demo_path, pg_empty_url, tmp_path, capsys):
    expected = counts(str(demo_path))
    assert main(["copy", str(demo_path), pg_empty_url]) == 0
    assert counts(pg_empty_url) == expected
    back = tmp_path / "back.db"
    assert main(["copy", pg_empty_url, str(back)]) == 0
    assert counts(str(back)) == expected
    said = capsys.readouterr().out
    assert "counts checked" in said
    # ids go on above the copied ones on the server
    opened = open_database(pg_empty_url)
    highest = opened.db.read(lambda s: s.execute(text("SELECT max(id) FROM person")).scalar())
    assert opened.db.write(lambda s: insert_row(s, Person, {"name": "New"})) > highest
    opened.db.dispose()


def test_copy_refuses_a_destination_with_data(demo_path, pg_demo_url, capsys):
    before = counts(pg_demo_url)
    assert main(["copy", str(demo_path), pg_demo_url]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert counts(pg_demo_url) == before


def audit_ids(location: str) -> list[int]:
    opened = open_database(location, read_only=True, one_shot=True)
    try:
        ids = text("SELECT id FROM audit_entry ORDER BY id")
        return opened.db.read(lambda s: list(s.execute(ids).scalars()))
    finally:
        opened.db.dispose()


def refuses_to_delete_audit(location: str) -> bool:
    opened = open_database(location)
    try:
        opened.db.write(lambda s: s.execute(text("DELETE FROM audit_entry")))
    except Exception:
        return True
    finally:
        opened.db.dispose()
    return False


def test_copy_force_replaces_a_destination_with_data_on_both_backends(
    demo_path, pg_demo_url, tmp_path, capsys
):
    small = tmp_path / "small.db"
    opened = open_database(str(small))
    opened.db.write(lambda s: insert_row(s, Person, {"name": "Jürgen Groß"}))
    opened.db.dispose()
    expected, expected_audit = counts(str(small)), audit_ids(str(small))
    assert counts(pg_demo_url) != expected

    assert main(["copy", str(small), pg_demo_url, "--force"]) == 0
    assert counts(pg_demo_url) == expected and audit_ids(pg_demo_url) == expected_audit
    assert refuses_to_delete_audit(pg_demo_url)  # the triggers are back

    assert main(["copy", pg_demo_url, str(demo_path)]) == 1
    assert "add --force" in capsys.readouterr().err
    assert main(["copy", pg_demo_url, str(demo_path), "--force"]) == 0
    assert counts(str(demo_path)) == expected and audit_ids(str(demo_path)) == expected_audit
    assert refuses_to_delete_audit(str(demo_path))


def test_demo_force_on_postgresql_first_backs_up_into_a_verified_sqlite_file(pg_demo_url, capsys):
    import re
    from pathlib import Path

    before, before_audit = counts(pg_demo_url), audit_ids(pg_demo_url)
    assert main(["demo", "--db", pg_demo_url, "--force", "--no-open", "--size", "small"]) == 0
    said = capsys.readouterr().out
    backup = Path(re.search(r"Backed up what it held to (\S+\.db) \(verified\)", said).group(1))
    assert counts(str(backup)) == before and audit_ids(str(backup)) == before_audit
    after = audit_ids(pg_demo_url)
    assert after[: len(before_audit)] == before_audit and len(after) == len(before_audit) + 1  # log kept


def test_backup_from_postgresql_writes_a_verified_sqlite_file(pg_demo_url, tmp_path, capsys):
    target = tmp_path / "backup.db"
    assert main(["--db", pg_demo_url, "backup", str(target)]) == 0
    assert "integrity check: ok" in capsys.readouterr().out
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert counts(str(target)) == counts(pg_demo_url)


def test_check_on_postgresql_names_server_schema_role_and_last_change(pg_server, pg_demo_url, capsys):
    assert main(["--db", pg_demo_url, "check"]) == 0
    said = capsys.readouterr().out
    assert "PostgreSQL 1" in said and "Schema version" in said and "(current)" in said
    assert "may read and change every table" in said and "Last change:" in said
    database = pg_demo_url.split("?")[0].rsplit("/", 1)[1]
    pg_admin(pg_server, "CREATE ROLE reader LOGIN")
    pg_admin(pg_server, f"GRANT CONNECT ON DATABASE {database} TO reader")
    with __import__("psycopg").connect(pg_admin_url(pg_server, database), autocommit=True) as connection:
        connection.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    reader_url = pg_demo_url.replace("postgres@", "reader@")
    assert main(["--db", reader_url, "check"]) == 1
    assert "Role reader cannot change everything" in capsys.readouterr().out
