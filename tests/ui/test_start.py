"""The start as `okr-cockpit` runs it (start_app): the first frame before the database is open, the
Overview once it is, a screen key pressed meanwhile kept, and a database that cannot be opened ends
the app with its error for the command line."""

import threading

from okr_cockpit.errors import CockpitError
from okr_cockpit.ui.app import StartScreen, start_app
from tests.ui.screen_text import screen_lines, settled_lines
from tests.ui.test_timeline_screen import settle


def gated(app):
    """Let the app's database open only when the returned event is set."""
    gate = threading.Event()
    opener = app.opener
    app.opener = lambda: (gate.wait(10), opener())[1]
    return gate


async def wait_for_database(app, pilot) -> None:
    for _attempt in range(50):
        await pilot.pause(0.05)
        if app.db is not None:
            break
    await settle(app, pilot)


async def test_the_top_bar_comes_first_then_the_overview(demo_path):
    app = start_app(str(demo_path))
    gate = gated(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and app.db is None
        first = "\n".join(screen_lines(app))
        assert "1 ▸Overview◂" in first and "Opening the database…" in first
        gate.set()
        await wait_for_database(app, pilot)
        assert app.screen.MODE == "overview"
        assert "units live" in "\n".join(await settled_lines(app, pilot))


async def test_a_screen_key_pressed_while_the_database_opens_is_kept(demo_path):
    app = start_app(str(demo_path))
    gate = gated(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert isinstance(app.screen, StartScreen)
        gate.set()
        await wait_for_database(app, pilot)
        assert app.screen.MODE == "coaches"


async def test_a_database_that_cannot_be_opened_ends_the_app_with_its_error(tmp_path):
    bad = tmp_path / "not-a-cockpit.db"
    bad.write_text("hello", encoding="utf-8")
    app = start_app(str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        for _attempt in range(50):
            await pilot.pause(0.05)
            if app.start_error is not None:
                break
    assert isinstance(app.start_error, CockpitError)
    assert app.return_code == 1
