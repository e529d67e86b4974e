"""SVG screenshots of every screen on the demo data, at a fixed date and size, for the README and reviews.

The cockpit runs headless (Textual's test pilot) on a private copy of the database, so the user's
file is never touched and no read-only banner appears. Each screen is shown only after its loading
workers have finished, so the pictures hold data, not "Loading…".
"""

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okr_cockpit.db.files import copy_database
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _
from okr_cockpit.ui.screen_list import SCREENS

DEMO_TODAY = date(2026, 11, 16)
SIZE = (120, 36)


@dataclass(frozen=True)
class Shot:
    filename: str
    key: str  # the key that shows the screen
    title: str  # shown in the picture's window title
    present: bool = False


SHOTS = (
    *(Shot(f"{entry.mode}.svg", entry.key, entry.name) for entry in SCREENS),
    Shot("presentation-overview.svg", "1", "Overview in presentation mode", present=True),
)


def make_demo(target: Path, *, today: date) -> None:
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.demo.generate import load_demo

    opened = open_database(str(target))
    try:
        load_demo(opened.db, size="small", today=today)
    finally:
        opened.db.dispose()


async def settle(app, pilot) -> None:
    """Wait until the screen's loads (which may start further loads) have finished and painted."""
    for _attempt in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def capture(
    database: Path, out_dir: Path, *, today: date, size: tuple[int, int], present: bool, shots: list[Shot]
) -> list[Path]:
    from okr_cockpit.ui.app import make_app

    app = make_app(db_url=str(database), present=present, clock=lambda: today)
    written = []
    async with app.run_test(size=size) as pilot:
        for shot in shots:
            await pilot.press(shot.key)
            await settle(app, pilot)
            path = out_dir / shot.filename
            title = _("okr-cockpit · {title}").format(title=shot.title)
            path.write_text(app.export_screenshot(title=title), encoding="utf-8")
            written.append(path)
    return written


def render_screenshots(
    out_dir: Path,
    *,
    database: Path | None = None,
    today: date = DEMO_TODAY,
    size: tuple[int, int] = SIZE,
    shots: tuple[Shot, ...] = SHOTS,
    progress: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write one SVG per entry of SHOTS into `out_dir`; from a copy of `database`, else a new small demo."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="okr-cockpit-shots-") as scratch:
        copy = Path(scratch) / "cockpit.db"
        if database is None:
            make_demo(copy, today=today)
        else:
            if not database.is_file():
                raise CockpitError(_("There is no database at {source}.").format(source=database))
            copy_database(database, copy)
        written = []
        for present in (False, True):
            group = [shot for shot in shots if shot.present == present]
            if not group:
                continue
            found = asyncio.run(capture(copy, out_dir, today=today, size=size, present=present, shots=group))
            for path in found:
                if progress is not None:
                    progress(path)
            written += found
    return written
