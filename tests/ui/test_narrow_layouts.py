"""Layouts that adapt: columns hidden by priority at 80 columns and shown at 120, the Overview's list
longer on a tall terminal, every edit form at 80×24 with its save hint and each field reachable."""

import re

import pytest

from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.widgets.event_list import EventList
from okr_cockpit.ui.widgets.gantt_data import LIST_LENGTH
from tests.ui.screen_text import screen_lines, settled_lines
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_timeline_screen import settle

DATED_LINE = re.compile(r"│ \d{4}-\d\d-\d\d ")  # a next event or an overdue follow-up on the Overview


async def read_screen(make_cockpit, path, size, key: str, read):
    """`read(app, lines)` of the screen behind `key` ("" the first) at `size`, on a fresh cockpit."""
    app = make_cockpit(path)
    async with app.run_test(size=size) as pilot:
        if key:
            await pilot.press(key)
        await settle(app, pilot)
        return read(app, await settled_lines(app, pilot))


def header_line(lines: list[str], word: str) -> str:
    return next(line for line in lines if word in line.split())


@pytest.mark.parametrize(
    ("key", "anchor", "hidden_at_80"),
    [
        ("5", "attitude", ["desired", "i/e"]),  # the stakeholder register
        ("3", "role", ["since"]),  # a coach's teams beside the uncovered teams
    ],
)
async def test_columns_are_hidden_at_80_and_shown_at_120(make_cockpit, demo_path, key, anchor, hidden_at_80):
    headers = {
        size: await read_screen(
            make_cockpit, demo_path, size, key, lambda _app, lines: header_line(lines, anchor)
        )
        for size in ((80, 24), (120, 36))
    }
    for column in hidden_at_80:
        assert column not in headers[(80, 24)].split()
        assert column in headers[(120, 36)].split()


async def test_the_register_keeps_its_essential_columns_whole_at_80(make_cockpit, demo_path):
    header = await read_screen(
        make_cockpit, demo_path, (80, 24), "5", lambda _app, lines: header_line(lines, "attitude").split()
    )
    assert header[:2] == ["name", "▲"] and {"unit", "attitude", "contact", "open"} <= set(header)


async def test_text_columns_take_a_wide_terminals_width_and_give_it_up_in_a_narrow_one(
    make_cockpit, demo_path
):
    wide = await read_screen(make_cockpit, demo_path, (200, 60), "5", lambda _app, lines: "\n".join(lines))
    assert "Managing Director Digital & IT" in wide and "Clara Jensen" in wide  # nothing cut at 200
    header = await read_screen(
        make_cockpit, demo_path, (80, 24), "5", lambda _app, lines: header_line(lines, "attitude")
    )
    # At 80 columns the name columns shrink and the least important columns are hidden whole, so the
    # last column (open follow-ups) stays on screen instead of falling off the edge.
    assert header.split()[-1] == "open" and "desired" not in header


async def test_the_overview_lists_more_events_on_a_tall_terminal(make_cockpit, demo_path):
    listed, follow_ups = {}, {}
    for size in ((120, 36), (200, 60)):
        listed[size], follow_ups[size] = await read_screen(
            make_cockpit,
            demo_path,
            size,
            "",
            lambda app, lines: (
                dated_lines(app, lines, "#panel-events"),
                dated_lines(app, lines, "#panel-stakeholders"),
            ),
        )
    assert listed[(120, 36)] >= 8
    assert listed[(200, 60)] > 20, "a panel with room for more lists more than the 8 it used to"
    assert follow_ups[(200, 60)] > 6, "and more overdue follow-ups than the 4 it used to"


def dated_lines(app, lines: list[str], panel_id: str) -> int:
    panel = app.screen.query_one(panel_id).region
    inside = [line[panel.x : panel.right] for line in lines[panel.y : panel.bottom]]
    return sum(1 for line in inside if DATED_LINE.match(line))


FORMS = [
    ("2", [], "a"),  # a child unit
    ("2", [], "e"),  # the unit (ten fields)
    ("3", [], "n"),
    ("3", [], "e"),
    ("4", [], "n"),  # a cycle
    ("4", [], "E"),
    ("4", [], "a"),  # an event
    ("5", [], "n"),
    ("5", [], "e"),
    ("5", [], "a"),  # an interaction
    ("6", ["tab"], "n"),  # a learning
    ("7", [], "n"),  # a wave
    ("7", [], "e"),
]


@pytest.mark.parametrize(("screen_key", "before", "key"), FORMS, ids=[f"{s}{k}" for s, _b, k in FORMS])
async def test_every_form_at_80x24_shows_its_save_hint_and_scrolls_each_field_into_view(
    make_cockpit, demo_path, screen_key, before, key
):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(screen_key)
        await settle(app, pilot)
        await pilot.press(*before, key)
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        body = form.query_one("#form-body").region
        fields = [w for w in form.query("#form-body *") if (w.id or "").startswith("field-")]
        assert fields
        for field in fields:
            field.focus()
            for _frame in range(20):  # focusing scrolls the form, a frame or a few later
                await pilot.pause()
                if body.contains_region(field.region):
                    break
            assert "ctrl+s save" in "\n".join(screen_lines(app)), f"the hint is hidden at {field.id}"
            assert body.contains_region(field.region), f"{field.id} is cut off"


async def test_the_timelines_lists_take_more_events_on_a_tall_terminal(make_cockpit, demo_path):
    listed = {
        size: await read_screen(
            make_cockpit,
            demo_path,
            size,
            "4",
            lambda app, _lines: len(app.screen.query_one("#tl-upcoming", EventList).shown_keys()),
        )
        for size in ((80, 24), (200, 60))
    }
    assert listed[(80, 24)] == LIST_LENGTH
    assert listed[(200, 60)] > LIST_LENGTH + 4


@pytest.mark.parametrize(
    ("language", "captions"),
    [
        ("en", ["units live", "teams coached", "over capacity", "overdue follow-ups"]),
        ("de", ["Einheiten live", "Teams mit Coach", "überlastet", "überfällige Wiedervorlagen"]),
    ],
)
async def test_the_overviews_cards_keep_their_whole_captions_at_80_columns(
    make_cockpit, demo_path, language, captions
):
    from okr_cockpit.i18n import set_language

    set_language(language)
    cards = await read_screen(make_cockpit, demo_path, (80, 24), "", lambda _app, lines: lines[1:5])
    for index, caption in enumerate(captions):  # the four cards side by side, each 20 columns
        text = " ".join(line[index * 20 + 1 : index * 20 + 19].strip(" │") for line in cards)
        assert caption in " ".join(text.split()), (caption, cards)


async def health_tab(make_cockpit, path, size) -> list[str]:
    app = make_cockpit(path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("7")
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        # The health loads once its tab shows: wait for its table rather than for the workers only.
        await wait_for(pilot, lambda: any(line.split()[:1] == ["Division"] for line in screen_lines(app)))
        return await settled_lines(app, pilot)


async def test_process_health_is_readable_at_80_columns_and_in_words_at_120(make_cockpit, demo_path):
    narrow = await health_tab(make_cockpit, demo_path, (80, 24))
    division_header = header_line(narrow, "Division")
    assert division_header.split() == ["Division", "Teams", "drafting", "check-in", "review", "retro", "All"]
    digital = next(line for line in narrow if line.startswith(" Digital & IT "))
    assert digital.split()[4:] == ["▲", "73%", "✓", "100%", "·", "·", "✓", "93%"]
    assert any("✓ good ≥ 90% · ▲ lagging ≥ 70%" in line for line in narrow)  # the glyphs' legend
    worst_header = header_line(narrow, "Worst")
    kinds = ["drafting", "check-in", "review", "retro"]
    assert worst_header.split() == ["Worst", "teams", "Division", *kinds, "Held"]
    assert "…" not in division_header + worst_header
    wide = await health_tab(make_cockpit, demo_path, (120, 36))
    digital = next(line for line in wide if line.startswith(" Digital & IT "))
    assert "▲ lagging 73%" in digital and "· nothing due" in digital
    assert "retrospective" in header_line(wide, "Division").split()
    assert not any("lagging ≥" in line for line in wide)


async def test_history_keeps_whole_columns_at_80_and_shows_the_changes_at_120(make_cockpit, demo_path):
    def header(_app, lines):
        return header_line(lines, "when")

    narrow = await read_screen(make_cockpit, demo_path, (80, 24), "H", header)
    assert narrow.split() == ["when", "who", "what", "record"]  # the changes give way (⏎ shows them)
    wide = await read_screen(make_cockpit, demo_path, (120, 36), "H", header)
    assert wide.split() == ["when", "who", "what", "record", "changes", "(old", "→", "new)"]
