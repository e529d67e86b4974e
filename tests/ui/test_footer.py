"""The footer: the keys in force, whole words only, then "? more"; it follows the focused pane and the
screen, and a click on a key presses it."""

import pytest

from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.screen_list import SCREENS
from okr_cockpit.ui.widgets.key_footer import KeyFooter
from tests.ui.test_timeline_screen import settle


def footer_descriptions(app) -> list[str]:
    return [item.description for item in app.screen.query_one(KeyFooter).shown_items()]


async def test_footer_follows_the_focused_pane_and_the_screen(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        matrix_keys = footer_descriptions(app)
        await pilot.press("tab")
        await settle(app, pilot)
        learning_keys = footer_descriptions(app)
        await pilot.press("1")
        await pilot.pause()
        overview_keys = footer_descriptions(app)
    assert "New activity" in matrix_keys
    assert "New activity" not in learning_keys and learning_keys != matrix_keys
    assert "Reload" in overview_keys and "New activity" not in overview_keys


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_footer_never_cuts_a_word_and_ends_with_more(make_cockpit, demo_path, width):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(width, 30)) as pilot:
        for entry in SCREENS:
            await pilot.press(entry.key)
            await settle(app, pilot)
            footer = app.screen.query_one(KeyFooter)
            line = footer.plain()
            shown = footer.shown_items()
            assert len(line) <= width, (entry.mode, line)
            assert line.rstrip().endswith("? more"), (entry.mode, line)
            for item in shown:  # every key drawn is drawn whole: its keys and its whole description
                assert f"{item.shown_keys} {item.description}" in line, (entry.mode, line)
            assert shown[0] == footer.items[0], "the screen's most important key always has room"
            assert "Overview" not in line, "screen switches are the top bar's, not the footer's"
            if width >= 200:
                assert "History" in line, (entry.mode, line)


async def test_the_screens_own_keys_come_before_history_and_undo(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        descriptions = [item.description for item in app.screen.query_one(KeyFooter).items]
    assert descriptions.index("Edit") < descriptions.index("History") < descriptions.index("Undo")


async def test_a_click_on_a_footer_key_presses_it(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        line = footer.plain()
        await pilot.click(KeyFooter, offset=(line.index("? more") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
