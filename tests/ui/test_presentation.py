"""Presentation mode: light theme, read-only (an edit key explains, nothing changes), big Digits."""

import pytest
from sqlalchemy import func, select
from textual.color import Color
from textual.filter import Monochrome
from textual.widgets import Digits

from okr_cockpit.db.models import AuditEntry, Stakeholder
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.overview import load_overview
from okr_cockpit.ui.present import PRESENT_REASON, PRESENT_THEME
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.key_footer import KeyFooter
from tests.conftest import FIXED_TODAY

SIZE = (120, 36)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def database_state(db) -> tuple[int, int, int]:
    def read(session):
        audit = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        stakeholders = session.execute(select(func.count(), func.sum(Stakeholder.version))).one()
        return audit, *stakeholders

    return db.read(read)


async def test_present_shows_big_figures_in_a_light_theme_with_less_chrome(demo_path, demo_db, make_cockpit):
    overview = demo_db.read(lambda s: load_overview(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path, present=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == PRESENT_THEME.name and not app.current_theme.dark
        assert app.current_theme.background == "#ffffff"  # paints its own background
        screen = app.screen
        digits = {
            name: screen.query_one(f"#big-{name} Digits", Digits).value for name in ("live", "coverage")
        }
        assert digits == {
            "live": str(overview.state_counts["live"]),
            "coverage": f"{overview.coverage.percent}%",
        }
        assert screen.query_one("#headline-big").display and not screen.query_one("#headline").display
        assert not screen.query_one(KeyFooter).display
        caption = str(screen.query_one("#big-live .caption").render())
        assert caption.startswith("●") and f"of {overview.units_total} units live" in caption


async def test_present_is_read_only_an_edit_key_explains_and_changes_nothing(demo_path, make_cockpit):
    app = make_cockpit(demo_path, present=True)
    async with app.run_test(size=SIZE) as pilot:
        before = database_state(app.db)
        await pilot.press("5")
        await settle(app, pilot)
        stakeholders = app.screen
        await pilot.press("n")  # new stakeholder
        await settle(app, pilot)
        assert app.screen is stakeholders  # no form opened
        assert PRESENT_REASON in [n.message for n in app._notifications]
        with pytest.raises(CockpitError, match="read-only"):
            app.db.write(lambda session: None)
        assert database_state(app.db) == before
        # Leaving presentation mode: the file was opened read-only for it, so it stays read-only.
        app.action_toggle_presentation()
        await settle(app, pilot)
        assert not app.presenting and app.db.read_only and "--present" in app.read_only_reason


async def test_palette_entry_toggles_presentation_mode_and_back(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        theme = app.theme
        assert not app.db.read_only
        await pilot.press("ctrl+p")
        await pilot.press(*"presentation mode")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.presenting and app.db.read_only and app.theme == PRESENT_THEME.name
        assert isinstance(app.screen, CockpitScreen) and not app.screen.can_write()
        assert app.screen.query_one("#headline-big").display
        app.action_toggle_presentation()
        await settle(app, pilot)
        assert not app.presenting and not app.db.read_only and app.theme == theme
        assert app.screen.query_one("#headline").display


async def test_no_color_makes_the_presentation_monochrome(demo_path, make_cockpit, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_cockpit(demo_path, present=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.no_color and any(isinstance(f, Monochrome) for f in app._filters)


async def test_every_screen_takes_a_theme_chosen_while_it_was_hidden_or_unbuilt(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")  # built in the dark theme
        await settle(app, pilot)
        await pilot.press("1")
        app.action_toggle_presentation()
        await settle(app, pilot)
        white = Color.parse(PRESENT_THEME.background)
        for key in "34":  # hidden meanwhile, then one built only now
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen.styles.background == white, key
