"""In German the top bar names the screens with the glossary's words, and still fits 80 columns."""

import pytest

from okr_cockpit.i18n import set_language
from okr_cockpit.ui.widgets.top_bar import TopBar
from tests.ui.screen_text import static_text
from tests.ui.test_timeline_screen import settle


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (
            (120, 36),
            ["1 ▸Übersicht◂", "2 Organisationseinheiten", "4 Zeitplan", "5 Stakeholder", "7 Rollout-Plan"],
        ),
        ((80, 24), ["1▸Übersicht◂", "2 Einheiten", "4 Zeitplan", "6 RACI"]),
    ],
)
async def test_the_top_bar_speaks_german(demo_path, make_cockpit, size, shown):
    set_language("de")
    app = make_cockpit(demo_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(TopBar)
        text = static_text(bar, width=size[0]).splitlines()[0]
        assert all(part in text for part in shown), text
        assert len(text.rstrip()) <= size[0]
        await pilot.press("4")
        await settle(app, pilot)
        assert "Zeitplan◂" in static_text(app.screen.query_one(TopBar), width=size[0])
