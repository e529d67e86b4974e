"""The start as `okr-cockpit` runs it (start_app): the first frame before the database is open, the
Overview once it is, a screen key pressed meanwhile kept, and a database that cannot be opened ends
the app with its error for the command line."""

from okr_cockpit.errors import CockpitError
from okr_cockpit.ui.app import StartScreen, start_app
from okr_cockpit.ui.widgets.top_bar import TopBar
from tests.ui.test_timeline_screen import settle


async def test_the_top_bar_comes_first_then_the_overview(demo_path):
    app = start_app(str(demo_path))
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, StartScreen) or app.db is not None
        assert app.screen.query_one(TopBar)
        await settle(app, pilot)
        assert app.db is not None and app.screen.MODE == "overview"


async def test_a_screen_key_pressed_while_the_database_opens_is_kept(demo_path):
    gate = __import__("threading").Event()
    app = start_app(str(demo_path))
    opener = app.opener
    app.opener = lambda: (gate.wait(10), opener())[1]  # the database opens only when let through
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("3")
        assert isinstance(app.screen, StartScreen)
        gate.set()
        for _attempt in range(50):
            await pilot.pause(0.05)
            if app.db is not None:
                break
        await settle(app, pilot)
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
