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


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cockpit.db"


@pytest.fixture
def db(db_path):
    """An empty, migrated database."""
    opened = open_database(str(db_path))
    yield opened.db
    opened.db.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The small demo database, generated once per test session at FIXED_TODAY."""
    from okr_cockpit.services.demo.generate import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    opened = open_database(str(path))
    load_demo(opened.db, size="small", today=FIXED_TODAY)
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
