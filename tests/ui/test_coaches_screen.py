"""The Coaches screen on the small demo, driven by keys: what it shows and what the database then holds."""

from contextlib import suppress

from sqlalchemy import select
from textual.worker import WorkerCancelled

from okr_cockpit.db.models import Assignment, Coach
from okr_cockpit.services.coaching.coaches import coach_row
from okr_cockpit.services.coaching.coverage import UncoveredTeam
from okr_cockpit.services.overview import load_overview
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import PickerDialog
from okr_cockpit.ui.dialogs.suggest_dialog import SuggestDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.screens.coaches.screen import CoachesScreen
from okr_cockpit.ui.widgets.coach_detail import AssignmentDetail
from okr_cockpit.ui.widgets.coach_roster import CoachRoster
from okr_cockpit.ui.widgets.coach_uncovered import UncoveredTeams
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import static_text
from tests.ui.test_layout_snapshots import cut_headers

assignment = Assignment.__table__


async def settle(app, pilot) -> None:
    """Wait for the workers a key started (a cancelled exclusive load is fine), then for the UI."""
    for _ in range(2):
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def open_coaches(app, pilot) -> CoachesScreen:
    await settle(app, pilot)
    await pilot.press("3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CoachesScreen)
    return screen


def assignments_of(app, **where) -> list:
    conditions = [getattr(assignment.c, k) == v for k, v in where.items()]
    return app.db.read(
        lambda s: s.execute(select(assignment.c.coach_id, assignment.c.role).where(*conditions)).all()
    )


def text_of(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def teams_of(screen: CoachesScreen) -> list[UncoveredTeam]:
    """The uncovered teams the last load read (its window, without the division headers)."""
    return [row for row in screen.data.teams.rows if isinstance(row, UncoveredTeam)]


async def test_screen_shows_roster_uncovered_and_the_overviews_figures(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_coaches(app, pilot)
        overview = app.db.read(lambda s: load_overview(s, today=FIXED_TODAY))
        data = screen.data
        assert data.coverage == overview.coverage
        assert data.over_total == len(overview.over_capacity)
        assert sum(d.count for d in data.divisions) == overview.coverage.teams_uncovered
        summary = str(screen.query_one("#coach-summary").render())
        assert f"{overview.coverage.percent}%" in summary
        assert f"{len(overview.over_capacity)} over capacity" in summary
        title = screen.query_one("#uncovered-pane").border_title
        assert f"Uncovered teams: {overview.coverage.teams_uncovered} in " in title
        roster = screen.query_one(CoachRoster)
        assert roster.row_count == overview.coaches_total
        over_rows = [r for r in range(roster.row_count) if "over" in text_of(roster, r)[5]]
        assert len(over_rows) == len(overview.over_capacity)
        load_cell = text_of(roster, over_rows[0])[4]
        first = roster.row_at(over_rows[0])
        assert load_cell.endswith(f"{first.load}/{first.capacity}")
        await pilot.press("s")  # sort by load: the fullest first
        await settle(app, pilot)
        assert "sort load" in screen.query_one("#roster-pane").border_title
        assert "over" in text_of(roster, 0)[5]
        # j and k move through the roster, and the detail follows the coach under the cursor.
        start = roster.cursor_row
        below = text_of(roster, start + 1)[0]
        await pilot.press("j")
        await settle(app, pilot)
        assert roster.cursor_row == start + 1
        assert screen.query_one("#detail-pane").border_title.startswith(f"Teams of {below} (")
        await pilot.press("k")
        await settle(app, pilot)
        assert roster.cursor_row == start
        # Quick presses: the detail loads one at a time and ends on the coach under the cursor.
        await pilot.press("j", "j", "j")
        await settle(app, pilot)
        await settle(app, pilot)
        assert roster.cursor_row == start + 3
        name = text_of(roster, start + 3)[0]
        assert screen.query_one("#detail-pane").border_title.startswith(f"Teams of {name} (")


async def test_assign_from_uncovered_teams_and_over_capacity(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_coaches(app, pilot)
        uncovered_before = screen.data.coverage.teams_uncovered
        teams = screen.query_one(UncoveredTeams)
        teams.focus()  # tab and shift+tab are pressed in test_switch_unassign_and_edit
        await settle(app, pilot)
        assert teams.has_focus
        team = teams.current()
        await pilot.press("a")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        choice = picker.choices[0]  # the coach with the most free places
        assert "/" in choice.detail and "active" in choice.detail
        await pilot.press("enter")
        await settle(app, pilot)
        assert (choice.id, "primary") in assignments_of(app, unit_id=team.unit_id)
        assert screen.data.coverage.teams_uncovered == uncovered_before - 1
        assert f"team:{team.unit_id}" not in teams.rows_by_id
        said = f"{choice.label} is now primary coach of {team.name}."
        assert any(n.message.startswith(said) for n in app._notifications)
        # The cursor moves on to the next uncovered team, and the detail follows it.
        assert screen.query_one("#detail-pane").border_title.startswith(f"Coaches of {teams.current().name}")

        # A coach who is full: the warning comes before anything is written.
        roster = screen.query_one(CoachRoster)
        roster.focus()
        full = next(r for r in roster.rows_by_id.values() if r.status == "active" and r.load >= r.capacity)
        roster.move_cursor(row=roster.index_of(full.coach_id))
        team = teams_of(screen)[0]
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        app.screen.query_one("#query").value = team.name  # as if typed, without a lookup per key
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "over capacity" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert [c for c, _ in assignments_of(app, unit_id=team.unit_id)].count(full.coach_id) == 1
        row = roster.rows_by_id[full.coach_id]
        assert row.load == full.load + 1 and row.over_capacity
        assert "over" in text_of(roster, roster.index_of(full.coach_id))[5]


async def test_switch_unassign_and_edit(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_coaches(app, pilot)
        roster = screen.query_one(CoachRoster)
        busy = next(r for r in roster.rows_by_id.values() if r.status == "active" and r.load >= 2)
        roster.move_cursor(row=roster.index_of(busy.coach_id))
        await settle(app, pilot)
        detail = screen.query_one(AssignmentDetail)
        assert detail.kind == "coach" and detail.row_count == busy.load
        await pilot.press("tab")
        assert detail.has_focus
        row = detail.current()
        await pilot.press("b")
        await settle(app, pilot)
        flipped = "backup" if row.role == "primary" else "primary"
        assert (busy.coach_id, flipped) in assignments_of(app, unit_id=row.unit_id)
        assert flipped in text_of(detail, detail.get_row_index(str(row.assignment_id)))[1]  # after the mark
        target = detail.current()
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert assignments_of(app, unit_id=target.unit_id, coach_id=busy.coach_id) == []
        assert detail.row_count == busy.load - 1
        assert roster.rows_by_id[busy.coach_id].load == busy.load - 1

        await pilot.press("shift+tab")
        roster = screen.query_one(CoachRoster)
        coach = roster.current()
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        field = form.query_one("#field-capacity")
        field.value = "-2"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "negative" in str(form.query_one("#error-capacity").render())
        field.value = "9"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.db.read(lambda s: coach_row(s, coach_id=coach.coach_id, today=FIXED_TODAY)).capacity == 9
        assert text_of(roster, roster.index_of(coach.coach_id))[4].endswith(f"{coach.load}/9")


async def test_suggest_accept_row_by_row_then_all(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_coaches(app, pilot)
        before = screen.data.coverage
        await pilot.press("S")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SuggestDialog)
        assert cut_headers(app) == []
        proposals = dialog.suggestion.proposals
        assert len(proposals) >= 2
        await pilot.press("escape")  # discard: nothing written
        await settle(app, pilot)
        assert screen.data.coverage == before
        await pilot.press("S")
        await settle(app, pilot)
        await pilot.press("enter")  # nothing marked yet: said in the dialog, which stays
        await settle(app, pilot)
        hint = app.screen.query_one("#suggest-hint")
        assert static_text(hint).strip() == "Nothing marked: mark rows with space, or accept all with A."
        assert not list(app._notifications)  # no "working…" toast outlives the work it said
        await pilot.press("space")
        assert static_text(hint).startswith("space mark · enter accept marked")
        await pilot.press("enter")  # accept the first row only
        await settle(app, pilot)
        first = proposals[0]
        assert assignments_of(app, unit_id=first.unit_id, coach_id=first.coach_id) == [
            (first.coach_id, "primary")
        ]
        assert screen.data.coverage.teams_covered == before.teams_covered + 1
        await pilot.press("S")
        await settle(app, pilot)
        rest = app.screen.suggestion.proposals
        await pilot.press("A")
        await settle(app, pilot)
        assert screen.data.coverage.teams_covered == before.teams_covered + 1 + len(rest)
        for coach in app.db.read(lambda s: s.execute(select(Coach.__table__.c.id)).scalars().all()):
            row = app.db.read(lambda s, c=coach: coach_row(s, coach_id=c, today=FIXED_TODAY))
            proposed = sum(1 for p in (first, *rest) if p.coach_id == coach)
            if proposed:
                assert row.load <= row.capacity
        title = screen.query_one("#uncovered-pane").border_title
        assert f"Uncovered teams: {screen.data.coverage.teams_uncovered} " in title


async def test_filter_scope_reveal_and_new_coach(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coaches(app, pilot)
        roster = screen.query_one(CoachRoster)
        target = list(roster.rows_by_id.values())[-1]
        unfiltered = screen.data
        first_name = target.name.split()[0]
        await pilot.press("slash", *first_name, "enter")  # enter applies it without waiting for a pause
        await settle(app, pilot)
        assert target.coach_id in roster.rows_by_id
        assert all(first_name.lower() in r.name.lower() for r in roster.rows_by_id.values())
        screen.show(unfiltered)  # a load from before the typing, finishing late, changes nothing
        assert screen.query_one("#coach-filter").value == first_name
        assert all(first_name.lower() in r.name.lower() for r in roster.rows_by_id.values())
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.state.text == "" and roster.row_count == screen.data.roster.total > 1
        division = next(t for t in teams_of(screen) if t.division_id is not None)
        screen.scope_to_unit(division.division_id)
        await settle(app, pilot)
        assert f"in {division.division}" in screen.query_one("#roster-pane").border_title
        assert all(t.division_id == division.division_id for t in teams_of(screen))
        app.go_to("coach", target.coach_id)
        await settle(app, pilot)
        assert roster.current().coach_id == target.coach_id
        await pilot.press("escape")
        await settle(app, pilot)
        assert "in " not in screen.query_one("#roster-pane").border_title

        # A new coach from a new person; the roster then shows and selects them.
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-name").value = "Zoe Newcoach"
        form.query_one("#field-email").value = "zoe@example.org"
        form.query_one("#field-capacity").value = "2"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        roster = screen.query_one(CoachRoster)
        current = roster.current()
        assert (current.name, current.capacity, current.load) == ("Zoe Newcoach", 2, 0)
        assert text_of(roster, roster.cursor_row)[4].endswith("0/2")
        stored = app.db.read(lambda s: coach_row(s, coach_id=current.coach_id, today=FIXED_TODAY))
        assert (stored.email, stored.status) == ("zoe@example.org", "active")
