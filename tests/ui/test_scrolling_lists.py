"""The long lists scroll through all their rows and hold only a window of them (`WindowedTable`).

The small demo with a window of a few rows stands in for the large one: every list then has many
more rows than its table holds, so G, g, PgDn and the actions cross windows the table must read.
"""

import asyncio
import time

import pytest
from sqlalchemy import func, select

from okr_cockpit.db.models import Interaction, RolloutWave
from okr_cockpit.services.coaching.coaches import RosterQuery, roster
from okr_cockpit.services.coaching.coverage import uncovered_teams
from okr_cockpit.services.records import update_row
from okr_cockpit.services.stakeholders import interactions as ix
from okr_cockpit.services.stakeholders import log as sh
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.widgets.coach_roster import CoachRoster
from okr_cockpit.ui.widgets.coach_uncovered import UncoveredTeams
from okr_cockpit.ui.widgets.stakeholder_log import InteractionLog
from okr_cockpit.ui.widgets.windowed_table import WindowedTable
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import screen_lines
from tests.ui.test_coaches_screen import open_coaches, settle
from tests.ui.test_history import as_user
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_stakeholders_screen import open_screen, text_of
from tests.ui.test_stakeholders_screen import settle as settle_stakeholders


@pytest.fixture(autouse=True)
def small_window(monkeypatch):
    for table in (WindowedTable, InteractionLog):  # the log has its own, smaller window
        monkeypatch.setattr(table, "WINDOW", 4)
        monkeypatch.setattr(table, "MARGIN", 1)


def on_screen(app, text: str) -> bool:
    return any(text in line for line in screen_lines(app))


async def test_roster_and_uncovered_teams_scroll_to_their_last_record(demo_path, demo_db, make_cockpit):
    coaches = demo_db.read(lambda s: roster(s, today=FIXED_TODAY, query=RosterQuery()).rows)
    teams = demo_db.read(lambda s: uncovered_teams(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coaches(app, pilot)
        table = screen.query_one(CoachRoster)
        pane = screen.query_one("#roster-pane")
        assert table.row_count == len(coaches) and pane.border_title.startswith(
            f"Coaches {len(coaches)} · row 1 "
        )
        assert len(table.held_rows) <= table.window_size < len(coaches)  # a window, not the roster
        await pilot.press("G")
        await settle(app, pilot)
        last = coaches[-1]
        assert table.current() == last and on_screen(app, last.name)
        assert pane.border_title.startswith(f"Coaches {len(coaches)} · row {len(coaches)} ")
        assert screen.query_one("#detail-pane").border_title.startswith(f"Teams of {last.name} (")
        await pilot.press("e")  # acts on the coach under the cursor, read in a later window
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == f"Edit coach {last.name}"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert table.current() == coaches[0] and on_screen(app, coaches[0].name)
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert table.cursor_row == table.visible_rows > 1 and table.current() == coaches[table.cursor_row]

        uncovered = screen.query_one(UncoveredTeams)
        uncovered.focus()
        await pilot.press("G")
        await settle(app, pilot)
        assert uncovered.current() == teams[-1] and on_screen(app, teams[-1].name[:20])
        assert f"Uncovered teams: {len(teams)} in " in screen.query_one("#uncovered-pane").border_title
        assert screen.query_one("#detail-pane").border_title.startswith(f"Coaches of {teams[-1].name}")
        assert len(uncovered.held_rows) <= uncovered.window_size < uncovered.row_count
        await pilot.press("g")
        await settle(app, pilot)
        assert uncovered.cursor_row == 0 and uncovered.current() is None  # the first division's header
        await pilot.press("j")
        await settle(app, pilot)
        assert uncovered.current() == teams[0]


async def test_interaction_log_scrolls_to_the_oldest_and_edits_it(demo_path, demo_db, make_cockpit):
    counted = demo_db.read(
        lambda s: s.execute(
            select(Interaction.stakeholder_id, func.count()).group_by(Interaction.stakeholder_id)
        ).all()
    )
    stakeholder_id = max(counted, key=lambda pair: pair[1])[0]  # the longest log of the demo, longer:
    for day in range(1, 13):
        values = {"occurred_on": f"2020-01-{day:02}", "channel": "email", "summary": f"Early note {day}"}
        demo_db.write(
            lambda s, v=values: ix.add_interaction(
                s, stakeholder_id=stakeholder_id, values=v, today=FIXED_TODAY
            )
        )
    log = demo_db.read(lambda s: ix.log_rows(s, 0, 1000, stakeholder_id=stakeholder_id))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        screen.reveal("stakeholder", stakeholder_id)
        await settle_stakeholders(pilot)
        table = screen.log_table
        assert table.stakeholder_id == stakeholder_id and len(log) > table.window_size
        await pilot.press("tab", "G")
        await settle_stakeholders(pilot)
        assert table.current() == log[-1] and on_screen(app, "2020-01-01")
        info = str(screen.query_one("#sh-log-info").render())
        assert info.startswith(f"{len(log)} interactions, newest first · row {len(log)} ")
        assert len(table.held_rows) <= table.window_size
        await pilot.press("e")  # edits the interaction under the cursor, read in a later window
        await settle_stakeholders(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-summary").text == log[-1].summary


async def test_another_users_commit_keeps_the_cursor_on_the_same_record(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        register = screen.register
        await pilot.press("G")  # the last stakeholder, outside the first window
        await settle_stakeholders(pilot)
        before, total = register.current(), register.total
        assert before is not None and register.held_offset > 0
        values = {"name": "Aaron Early", "attitude": "neutral", "desired_attitude": "supporter"}
        as_user(demo_path, "anna").write(lambda s: sh.create_stakeholder(s, values=values))  # sorts first
        await wait_for(pilot, lambda: register.total == total + 1 and register.current() is not None)
        assert register.current().id == before.id and register.cursor_row == total  # one row further down
        assert f"row {total + 1:,}" in str(screen.query_one("#sh-info").render())


async def test_x_in_the_register_finds_an_open_follow_up_far_down_its_log(demo_path, demo_db, make_cockpit):
    stakeholder_id = next(
        row.id for row in demo_db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery())).rows
        if row.open_follow_ups == 1
    )  # fmt: skip
    urgent = demo_db.read(
        lambda s: ix.most_urgent_follow_up(s, stakeholder_id=stakeholder_id, today=FIXED_TODAY)
    )
    for n in range(40):  # newer contacts without follow-ups push it out of the log's window
        demo_db.write(
            lambda s, n=n: ix.add_interaction(
                s, stakeholder_id=stakeholder_id, values={"summary": f"Chat {n}", "channel": "chat"},
                today=FIXED_TODAY,
            )
        )
    async with make_cockpit(demo_path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        screen.reveal("stakeholder", stakeholder_id)
        await settle_stakeholders(pilot)
        await pilot.press("x")
        await settle_stakeholders(pilot)
        log = screen.log_table
        assert log.has_focus and log.current().id == urgent and log.cursor_row >= 40
        await pilot.press("x")
        await settle_stakeholders(pilot)
    assert demo_db.read(lambda s: ix.get_interaction(s, urgent)).follow_up_done == FIXED_TODAY


async def test_the_roster_cursor_stays_put_when_marks_expire_and_when_a_reload_lands_late(
    demo_path, make_cockpit, monkeypatch
):
    from okr_cockpit.ui.screens import base

    monkeypatch.setattr(base, "MARK_SECONDS", 1.0)
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_coaches(app, pilot)
        table = screen.query_one(CoachRoster)
        # Another user's change: the reload marks it; when the mark expires the screen is drawn again.
        other = as_user(demo_path, "bob")
        wave_id = other.read(lambda s: s.execute(select(RolloutWave.id)).scalars().first())
        changes = {"name": "Pilot"}
        other.write(
            lambda s: update_row(s, RolloutWave, wave_id, expected_version=None, changes=changes, what="wave")
        )
        await wait_for(pilot, lambda: screen.change_marks, timeout=10)
        await pilot.press("j", "j", "j", "j", "j")  # after that reload
        chosen = table.current()
        await wait_for(pilot, lambda: not screen.change_marks, timeout=10)
        await settle(app, pilot)
        assert table.current() == chosen

        # A reload that read where the cursor was, then is slow, lands where the user has gone since.
        fetch = screen.fetch
        read = asyncio.Event()

        def slow_fetch(session):
            data = fetch(session)
            app.call_from_thread(read.set)
            time.sleep(0.5)
            return data

        screen.fetch = slow_fetch
        screen.reload()
        await read.wait()
        await pilot.press("j", "j")
        await settle(app, pilot)
        assert table.cursor_row == 7 and table.current() != chosen


async def test_a_window_that_comes_back_short_ends_the_list_instead_of_being_read_again(
    demo_path, make_cockpit
):
    async with make_cockpit(demo_path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        table = screen.register
        reads = []
        fetch = table.fetch_window
        table.fetch_window = lambda s, offset, limit: reads.append(offset) or fetch(s, offset, limit)
        # As if another user archived all but two stakeholders after the load counted them.
        table.window_loaded(table.generation, 0, table.held_rows[:2], 4)
        await settle_stakeholders(pilot)
        assert table.total == 2 and reads == [] and text_of(screen, "#sh-info").startswith("2 stakeholders")
