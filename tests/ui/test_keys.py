"""The key map as a user meets it: the same keys move in every list, H is History everywhere, Escape
goes back along Enter's path, digits switch screens unless a text field has focus, `?` lists the
screen's keys grouped without Textual's internals, and keys remap from the settings file."""

import json

import pytest
from textual.widgets import Input, OptionList, Tree

from okr_cockpit.ui.dialogs.message import MessageDialog, TextScroll
from okr_cockpit.ui.screen_list import SCREENS
from okr_cockpit.ui.screens.coaches.screen import CoachesScreen
from okr_cockpit.ui.screens.history.screen import HistoryScreen
from okr_cockpit.ui.screens.units.screen import FILTER_DELAY, UnitsScreen
from okr_cockpit.ui.widgets.windowed_table import WindowedTable
from okr_cockpit.user_settings import settings_path
from tests.ui.screen_text import static_text
from tests.ui.test_timeline_screen import settle


def cursor_of(widget) -> int:
    if isinstance(widget, OptionList):
        return widget.highlighted or 0
    return widget.cursor_line if isinstance(widget, Tree) else widget.cursor_row


def first_of(widget) -> int:
    if isinstance(widget, OptionList):  # a Timeline list starts with its heading, which takes no cursor
        return next(i for i in range(widget.option_count) if not widget.get_option_at_index(i).disabled)
    return 0


def last_of(widget) -> int:
    if isinstance(widget, OptionList):
        return widget.option_count - 1
    if isinstance(widget, WindowedTable):
        return widget.total - 1  # the whole list, not only the window it holds
    return widget.last_line if isinstance(widget, Tree) else widget.row_count - 1


# (screen key, keys pressed first to focus the list, the list's selector)
LISTS = [
    ("2", (), "#unit-tree"),
    ("3", (), "CoachRoster"),
    ("3", ("tab",), "AssignmentDetail"),
    ("3", ("tab", "tab"), "UncoveredTeams"),
    ("4", ("tab",), "#tl-overdue"),
    ("4", ("tab", "tab"), "#tl-upcoming"),
    ("5", (), "StakeholderRegister"),
    ("5", ("tab",), "InteractionLog"),
    ("6", (), "RaciGrid"),
    ("6", ("tab",), "LearningTable"),
    ("7", (), "WaveTable"),
]


@pytest.mark.parametrize(("screen_key", "focus_keys", "selector"), LISTS, ids=[s for _k, _f, s in LISTS])
async def test_every_list_moves_with_j_k_g_and_shift_g(
    make_cockpit, demo_path, screen_key, focus_keys, selector
):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(screen_key)
        await settle(app, pilot)
        for key in focus_keys:
            await pilot.press(key)
            await settle(app, pilot)
        listing = app.screen.query_one(selector)
        if not listing.has_focus:
            listing.focus()
            await pilot.pause()
        assert last_of(listing) >= 2, "the demo fills this list"
        start = cursor_of(listing)
        await pilot.press("j")
        await pilot.pause()
        assert cursor_of(listing) == start + 1
        await pilot.press("k")
        await pilot.pause()
        assert cursor_of(listing) == start
        await pilot.press("G")
        await pilot.pause()
        assert cursor_of(listing) == last_of(listing)
        await pilot.press("g")
        await pilot.pause()
        assert cursor_of(listing) == first_of(listing)


async def test_history_table_moves_with_the_list_keys(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("H")
        await settle(app, pilot)
        table = app.screen.table
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 > 0
        await pilot.press("g", "j")
        await pilot.pause()
        assert table.cursor_row == 1


@pytest.mark.parametrize("entry", SCREENS, ids=[entry.mode for entry in SCREENS])
async def test_shift_h_opens_history_on_every_screen_and_escape_closes_it(make_cockpit, demo_path, entry):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(entry.key)
        await settle(app, pilot)
        shown = app.screen
        await pilot.press("H")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen), entry.mode
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is shown


async def test_escape_goes_back_along_the_path_enter_took(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        units = app.screen
        await pilot.press("enter")  # the first division's coaches
        await settle(app, pilot)
        coaches = app.screen
        assert isinstance(coaches, CoachesScreen) and coaches.state.scope_id is not None
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is units
        assert coaches.state.scope_id is None, "the scope Enter set is gone with it"
        await pilot.press("3")  # Coaches reached by its digit: Escape has nowhere to go back to
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is coaches


async def test_digits_switch_screens_unless_the_filter_has_focus(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("3")  # right after the data appears
        await settle(app, pilot)
        assert isinstance(app.screen, CoachesScreen)
        await pilot.press("2", "slash", "N", "o", "r")
        await pilot.pause(FILTER_DELAY + 0.1)
        await settle(app, pilot)
        await pilot.press("3")  # typed into the focused filter, as it should
        assert app.screen.query_one("#unit-filter", Input).value == "Nor3"
        await pilot.press("backspace", "enter")  # the filter applied, the tree has focus again
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        assert app.screen.MODE == "timeline"
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        assert app.screen.query_one("#unit-filter", Input).value == "Nor"


async def test_help_lists_the_screens_keys_grouped_without_widget_internals(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        text = static_text(dialog.query_one("Static"), width=100)
        for heading in ("This pane", "This screen", "Moving in lists", "Everywhere"):
            assert heading in text
        assert text.index("This pane") < text.index("New activity") < text.index("This screen")
        assert text.index("Matrix ⇄ learnings") < text.index("Moving in lists") < text.index("Everywhere")
        assert text.index("Everywhere") < text.index("History") and "Command palette" in text
        for internal in ("ctrl+pgup", "super+c", "Page Left", "Cursor up", "Toggle"):
            assert internal not in text
        scroll = dialog.query_one(TextScroll)
        assert scroll.has_focus
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 16)) as pilot:  # too short for all keys: j scrolls
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one(TextScroll)
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroll.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 2


async def test_keys_remapped_in_the_settings_file_by_binding_id(make_cockpit, demo_path):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"keys": {"screen.history": "ctrl+y", "list.down": "j,ctrl+n"}}), encoding="utf-8"
    )
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        roster = app.screen.query_one("CoachRoster")
        await pilot.press("ctrl+n")  # list.down, given a second key
        await pilot.pause()
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert roster.cursor_row == 1
