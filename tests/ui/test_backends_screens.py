"""Every screen opens on the demo on both backends and shows the demo's data, without an error."""

from okr_cockpit.ui.app import make_app
from okr_cockpit.ui.screen_list import SCREENS
from tests.conftest import FIXED_TODAY

# A name from the demo each screen lists (the company, a coach, a cycle, a stakeholder, an activity, a wave).
SHOWN = {
    "overview": "Wave",
    "units": "Northwind Group",
    "coaches": "Elif Engel",
    "timeline": "2026-Q",
    "stakeholders": "Northwind",
    "raci": "Rollout plan",
    "rollout": "Wave 1",
}


async def test_every_screen_shows_the_demo_on_each_backend(demo_location):
    app = make_app(db_url=demo_location, clock=lambda: FIXED_TODAY)
    async with app.run_test(size=(160, 48)) as pilot:
        for entry in SCREENS:
            await pilot.press(entry.key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            if entry.mode in SHOWN:
                assert SHOWN[entry.mode] in text, entry.mode
        errors = [n.message for n in app._notifications if n.severity == "error"]
    assert errors == []
