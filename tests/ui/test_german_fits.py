"""No German screen at 120×36 overflows where the English one fits: top bar, footer keys, table headers."""

import pytest
from textual.widgets import DataTable

from okr_cockpit.i18n import set_language
from okr_cockpit.ui.screen_list import SCREENS
from okr_cockpit.ui.widgets.key_footer import KeyFooter
from okr_cockpit.ui.widgets.top_bar import TopBar
from tests.ui.screen_text import static_text
from tests.ui.test_timeline_screen import settle

WIDTH, HEIGHT = 120, 36


async def what_fits(app, pilot, key: str) -> dict[str, bool]:
    """For each part of the screen a user reads: does it fit, in the language the app runs in?"""
    await pilot.press(key)
    await settle(app, pilot)
    screen = app.screen
    top = static_text(screen.query_one(TopBar), width=WIDTH).splitlines()[0]
    fits = {"top bar": len(top.rstrip()) <= WIDTH}
    footer = screen.query_one(KeyFooter)
    shown = footer.shown_items()  # the footer leaves out what does not fit: the first three keys must
    fits["footer"] = len(footer.plain()) <= WIDTH and footer.items[:3] == shown[:3]
    for table in screen.query(DataTable):
        for index, column in enumerate(table.ordered_columns):
            if not column.auto_width:
                fits[f"{table.id or 'table'} column {index}"] = column.label.cell_len <= column.width
    return fits


async def fits_in(language: str, demo_path, make_cockpit, key: str) -> dict[str, bool]:
    set_language(language)
    app = make_cockpit(demo_path)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(app, pilot)
        return await what_fits(app, pilot, key)


@pytest.mark.parametrize("entry", SCREENS, ids=[entry.mode for entry in SCREENS])
async def test_no_german_screen_overflows_where_the_english_one_fits(demo_path, make_cockpit, entry):
    english = await fits_in("en", demo_path, make_cockpit, entry.key)
    german = await fits_in("de", demo_path, make_cockpit, entry.key)
    assert english, "nothing was measured"
    overflowing = [part for part, fit in english.items() if fit and not german.get(part, True)]
    assert overflowing == []
