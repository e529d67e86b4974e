"""The Rollout plan's health tab steps through cycles with [ / ] and t, as the Timeline does;
c is Criteria."""

from okr_cockpit.services.events.cycles import list_cycles
from okr_cockpit.ui.screens.rollout.criteria import CriteriaDialog
from tests.ui.screen_text import static_text
from tests.ui.test_timeline_screen import settle


def health_heading(app) -> str:
    return static_text(app.screen.query_one("#health-text")).splitlines()[0]


async def open_health_tab(app, pilot, names: list[str]) -> str:
    """The Rollout plan's health tab, shown; returns the cycle it opens on (today's)."""
    await pilot.press("7")
    await settle(app, pilot)
    await pilot.press("tab")
    await settle(app, pilot)
    return next(name for name in names if f"Process health of {name}:" in health_heading(app))


async def test_brackets_step_the_health_tabs_cycle_and_t_goes_back_to_todays(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    names = [c.name for c in app.db.read(list_cycles)]
    async with app.run_test(size=(120, 36)) as pilot:
        today = await open_health_tab(app, pilot, names)
        before = names[names.index(today) - 1]
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert f"Process health of {before}:" in health_heading(app)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert f"Process health of {today}:" in health_heading(app)
        await pilot.press("left_square_bracket", "t")
        await settle(app, pilot)
        assert f"Process health of {today}:" in health_heading(app)
        await pilot.press("c")  # not a cycle picker here: c is Criteria, on the waves tab only
        await settle(app, pilot)
        assert not isinstance(app.screen, CriteriaDialog) and app.screen.MODE == "rollout"


async def test_past_the_last_cycle_the_key_says_so_and_a_cycle_with_nothing_due_says_that(
    make_cockpit, demo_path
):
    app = make_cockpit(demo_path)
    names = [c.name for c in app.db.read(list_cycles)]
    async with app.run_test(size=(120, 36)) as pilot:
        today = await open_health_tab(app, pilot, names)
        for _later in names[names.index(today) + 1 :]:
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert health_heading(app).startswith(f"Process health of {names[-1]}: no events due yet · ")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "No later cycle." in [n.message for n in app._notifications]
