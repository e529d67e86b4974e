"""Habits a new user expects (#15): --version, a remembered theme and "Start empty", a clickable top bar."""

from okr_cockpit import __version__
from okr_cockpit.cli import main
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.user_settings import load_settings, settings_path


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as done:
        assert done.code == 0
    assert capsys.readouterr().out.strip() == f"okr-cockpit {__version__}"


async def test_start_empty_is_remembered_for_that_database(make_cockpit, db_path, db):
    app = make_cockpit(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # Start empty
        await pilot.pause()
    assert load_settings().started_empty == (str(db_path.resolve()),)
    again = make_cockpit(db_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(again.screen, ConfirmDialog)


async def test_the_theme_chosen_is_used_at_the_next_start(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.pause()
    assert settings_path().parts[-2:] == ("okr-cockpit", "settings.json") and settings_path().exists()
    assert load_settings().theme == "nord"
    again = make_cockpit(demo_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_click_on_a_screen_name_in_the_top_bar_switches_to_it(make_cockpit, demo_path):
    from okr_cockpit.ui.widgets.top_bar import TopBar

    app = make_cockpit(demo_path)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TopBar)
        start, _end, mode = next(span for span in bar.spans if span[2] == "coaches")
        await pilot.click(TopBar, offset=(start + 3, 0))
        await pilot.pause()
        assert app.current_mode == "coaches"
        assert "▸Coaches◂" in str(app.screen.query_one(TopBar).render())


async def test_empty_states_say_what_to_press(make_cockpit, db_path):
    from tests.concurrency import workers
    from tests.ui.screen_text import static_text
    from tests.ui.test_live_refresh import wait_for

    workers.seed(str(db_path))  # a unit and a wave, no stakeholders
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("5")
        detail = lambda: static_text(app.screen.query_one("#sh-detail")).strip()  # noqa: E731
        await wait_for(pilot, lambda: app.current_mode == "stakeholders" and detail() != "")
        assert detail() == "No stakeholders yet — press n to add one."
        await pilot.press("slash", "z", "z")
        await wait_for(pilot, lambda: detail() == "No stakeholder matches 'zz' — escape clears the filter.")
