"""The command line: demo, export, opening the app, and one clear sentence for every failure."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess

import pytest

from okr_cockpit.cli import main
from okr_cockpit.errors import CockpitError


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_sentence_error(capsys, code: int) -> str:
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.err
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    return lines[0]


def test_demo_then_export_prints_the_demo_units(tmp_path, capsys):
    path = tmp_path / "x.db"
    assert main(["demo", "--no-open", "--db", str(path)]) == 0
    summary = capsys.readouterr().out
    assert "small demo" in summary and "60 teams" in summary
    assert main(["export", "units", "--format", "json", "--db", str(path)]) == 0
    units = json.loads(capsys.readouterr().out)
    assert units[0]["name"] == "Northwind Group"
    assert sum(u["kind"] == "team" for u in units) == 60


def test_db_may_come_before_the_subcommand(demo_path, capsys):
    assert main(["--db", str(demo_path), "export", "cycles"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "id,name,start_on,end_on,state"


def test_demo_refuses_a_database_with_data(demo_path, capsys):
    before = digest(demo_path)
    line = assert_one_sentence_error(capsys, main(["demo", "--no-open", "--db", str(demo_path)]))
    assert line == f"{demo_path} already holds data; use --force to replace it."
    assert digest(demo_path) == before


def test_demo_force_replaces_the_data(demo_path, capsys):
    assert main(["demo", "--no-open", "--force", "--db", str(demo_path)]) == 0
    assert "small demo" in capsys.readouterr().out
    count = sqlite3.connect(demo_path).execute("select count(*) from org_unit").fetchone()[0]
    assert count == 86


def test_demo_uses_the_environment_database(tmp_path, capsys, monkeypatch):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("OKR_COCKPIT_DB", str(target))
    assert main(["demo", "--no-open"]) == 0
    assert target.exists()


def make_not_sqlite(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("meeting notes, not a database\n")
    return path


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("directory", "is a directory, not a database file."),
        ("missing folder", "does not exist."),
        ("not sqlite", "is not an SQLite database."),
    ],
)
@pytest.mark.parametrize("command", [["demo", "--no-open"], ["export", "units"]])
def test_bad_locations_give_one_sentence(tmp_path, capsys, case, expected, command):
    if case == "directory":
        path = tmp_path / "folder"
        path.mkdir()
    elif case == "missing folder":
        path = tmp_path / "no" / "such" / "cockpit.db"
    else:
        path = make_not_sqlite(tmp_path)
    before = digest(path) if path.is_file() else None
    line = assert_one_sentence_error(capsys, main([*command, "--db", str(path)]))
    assert line.endswith(expected)
    assert not (tmp_path / "no").exists()
    if before:
        assert digest(path) == before


def test_export_of_a_missing_file_creates_nothing(tmp_path, capsys):
    path = tmp_path / "missing.db"
    line = assert_one_sentence_error(capsys, main(["export", "units", "--db", str(path)]))
    assert line == f"There is no database at {path}."
    assert not path.exists()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs a location nobody can create files in")
def test_unwritable_location_gives_one_sentence(capsys):
    line = assert_one_sentence_error(capsys, main(["demo", "--no-open", "--db", "/proc/okr-cockpit-test.db"]))
    assert "/proc/okr-cockpit-test.db" in line


def test_demo_refuses_a_newer_schema_with_the_reason(db_path, db, capsys):
    db.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(db_path)
    line = assert_one_sentence_error(capsys, main(["demo", "--no-open", "--force", "--db", str(db_path)]))
    assert "schema version 9999" in line
    assert digest(db_path) == before


def test_usage_errors_exit_with_two(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "teams"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


class FakeApp:
    """Stands in for start_app's app: records what it was given; `error` is what opening raised."""

    def __init__(self, given, error: BaseException | None = None, **options):
        self.given, self.options = given, options
        self.ran = False
        self.return_code = 0
        self.start_error = error

    def run(self):
        self.ran = True


@pytest.fixture
def fake_start_app(monkeypatch):
    import okr_cockpit.ui.app as app_module

    built: list[FakeApp] = []

    def start_app(given, **options):
        built.append(FakeApp(given, **options))
        return built[-1]

    monkeypatch.setattr(app_module, "start_app", start_app)
    return built


def test_open_passes_the_options_to_the_app(fake_start_app, demo_path):
    assert main(["--db", str(demo_path), "--read-only", "--present"]) == 0
    (app,) = fake_start_app
    assert app.given == str(demo_path) and app.options == {"read_only": True, "present": True}
    assert app.ran


def test_the_default_location_is_created_in_the_user_data_dir(tmp_path, monkeypatch):
    from okr_cockpit.ui.app import open_for_app

    monkeypatch.delenv("OKR_COCKPIT_DB")
    db, _reason = open_for_app(None, read_only=False, present=False)
    location = str(db.location.path)
    db.dispose()
    assert location.startswith(str(tmp_path)) and location.endswith("cockpit.db")
    assert os.path.isfile(location)


def test_demo_opens_the_app_unless_told_not_to(fake_start_app, tmp_path, capsys):
    path = tmp_path / "opened.db"
    assert main(["demo", "--db", str(path)]) == 0
    assert str(fake_start_app[0].given) == str(path)


def refusing_app(monkeypatch, error: BaseException) -> None:
    import okr_cockpit.ui.app as app_module

    monkeypatch.setattr(app_module, "start_app", lambda given, **options: FakeApp(given, error, **options))


def test_an_app_refusing_the_database_is_one_sentence(monkeypatch, capsys):
    refusing_app(monkeypatch, CockpitError("This file is not an okr-cockpit database."))
    assert assert_one_sentence_error(capsys, main([])) == "This file is not an okr-cockpit database."


def test_an_unexpected_error_is_still_one_line(monkeypatch, capsys):
    refusing_app(monkeypatch, RuntimeError("boom"))
    line = assert_one_sentence_error(capsys, main([]))
    assert "RuntimeError" in line and "boom" in line


def test_the_console_script_works(tmp_path):
    script = shutil.which("okr-cockpit") or pytest.fail("the okr-cockpit console script is not installed")
    path = tmp_path / "x.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    demo = subprocess.run(
        [script, "demo", "--no-open", "--db", str(path)], capture_output=True, text=True, env=env
    )
    assert demo.returncode == 0, demo.stderr
    export = subprocess.run(
        [script, "export", "units", "--format", "json", "--db", str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert export.returncode == 0, export.stderr
    assert json.loads(export.stdout)[0]["name"] == "Northwind Group"
    bad = subprocess.run(
        [script, "export", "units", "--db", str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == f"{tmp_path} is a directory, not a database file."
