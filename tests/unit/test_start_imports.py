"""The start path loads only what the first frame needs (issue 18); its speed is measured in benchmarks/."""

import os
import subprocess
import sys
from pathlib import Path

import okr_cockpit

SOURCE_ROOT = Path(okr_cockpit.__file__).parent.parent

# Opening an up-to-date database and building the Overview (the first screen) must not load these.
NOT_AT_START = (
    "alembic",  # only when a migration is due
    "mako",
    "babel",  # the Overview formats nothing with Babel
    "icalendar",  # exports
    "jinja2",
    "textual_serve",  # `serve`
    "openpyxl",  # imports
    "sqlalchemy.dialects.postgresql",  # a SQLite file needs no PostgreSQL dialect (models.py)
    "okr_cockpit.ui.screens.rollout.screen",  # other screens load when first shown
    "okr_cockpit.ui.screens.units.screen",
    "okr_cockpit.ui.screens.coaches.screen",
    "okr_cockpit.ui.forms.form",
)


def loaded_at_start(path: Path) -> set[str]:
    script = (
        "import sys\n"
        "from okr_cockpit.ui.app import make_app\n"
        "from okr_cockpit.ui.screen_list import SCREEN_BY_MODE\n"
        "from textual._context import active_app\n"
        f"app = make_app(db_url={str(path)!r})\n"
        "active_app.set(app)  # screens are built inside a running app, which they read\n"
        "SCREEN_BY_MODE['overview'].load()\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_opening_an_up_to_date_database_loads_no_migration_machinery_nor_other_screens(demo_path):
    modules = loaded_at_start(demo_path)
    assert "okr_cockpit.ui.screens.overview.screen" in modules
    unexpected = sorted(
        name for name in modules if any(name == top or name.startswith(f"{top}.") for top in NOT_AT_START)
    )
    assert unexpected == []



def test_the_first_frame_is_drawn_before_the_database_library_is_imported():
    """start_app's first frame (top bar, "Opening the database…") needs Textual and the chrome only:
    SQLAlchemy, SQLModel and the models come in the thread that opens the database."""
    script = (
        "import sys\n"
        "import okr_cockpit.cli, okr_cockpit.commands.open_app\n"
        "from okr_cockpit.ui.app import StartScreen, start_app\n"
        "start_app(None)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    modules = set(result.stdout.split())
    assert "textual.app" in modules
    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "okr_cockpit.db.models", "okr_cockpit.services")
    assert sorted(m for m in modules if m.split(".")[0] in heavy or m.startswith(heavy)) == []
