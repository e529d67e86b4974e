"""The RACI & process screen on the demo data, driven by keys: cells, the one-A rule, activities, learnings.

Each test checks that the grid, the database and the export say the same thing.
"""

import threading
from contextlib import suppress

from sqlalchemy import select
from textual.widgets import Input, Select, Static, TextArea
from textual.worker import WorkerCancelled, WorkerFailed

from okr_cockpit.db.models import Cycle
from okr_cockpit.services.process import learnings as ls
from okr_cockpit.services.process import raci
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.screens.raci.screen import RaciScreen
from okr_cockpit.ui.widgets.raci_grid import RaciGrid
from tests.ui.screen_text import static_text

SIZE = (100, 30)


async def settle(app, pilot) -> None:
    """Wait for the workers (loads, writes) and the messages they post, never sleep."""
    for _ in range(6):
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            await pilot.pause()
            return
        with suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()


async def open_raci(app, pilot, *, key: bool = False) -> RaciScreen:
    """Key `6` as a user would; else switch directly (a key press waits up to 2 s for an idle CPU)."""
    if key:
        await pilot.press("6")
    else:
        await app.switch_mode("raci")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RaciScreen)
    return screen


def shown_matrix(grid: RaciGrid) -> list[tuple[str, tuple[str, ...], str]]:
    """(activity, letters by role, check) per row, as the grid displays them."""
    shown = []
    for index, row in enumerate(grid.ordered_rows):
        cells = [str(cell).strip() for cell in grid.get_row_at(index)]
        letters = tuple("" if c == "·" else c for c in cells[:-1])
        shown.append((str(row.label).strip(), letters, "" if cells[-1] == "✓ ok" else cells[-1]))
    return shown


def stored_matrix(app) -> list[tuple[str, tuple[str, ...], str]]:
    rows = app.db.read(raci.raci_rows)
    return [(r.name, tuple(r.letters.get(role, "") for role in raci.RACI_ROLES), r.flag) for r in rows]


def message(screen) -> str:
    return str(screen.query_one("#raci-message", Static).render())


def letters_of(app, name: str) -> dict[str, str]:
    return next(r.letters for r in app.db.read(raci.raci_rows) if r.name == name)


async def test_cells_are_set_cleared_and_a_second_accountable_refused(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot, key=True)
        # The demo's matrix as stored, and the PLO accountable for the rollout plan.
        shown = shown_matrix(screen.grid)
        assert shown == stored_matrix(app)
        assert shown[0] == ("Rollout plan", ("A", "C", "C", "I", "I"), "")
        assert all(check == "" for _, _, check in shown)  # exactly one A everywhere

        # A second A is refused: a line on the screen and a notification say why; nothing changes.
        await pilot.press("l", "l", "a")  # Rollout plan · Sponsor, while the PLO holds the A
        await settle(app, pilot)
        refusal = "'Rollout plan' already has an accountable role: PLO. Clear it first."
        assert message(screen) == f"✖ {refusal}"
        assert screen.query_one("#raci-message").has_class("refused")
        assert refusal in [n.message for n in app._notifications]
        assert stored_matrix(app) == shown == shown_matrix(screen.grid)

        # Letters set, space and backspace clear.
        await pilot.press("l", "l", "r")  # Rollout plan · Teams (I)
        await settle(app, pilot)
        assert letters_of(app, "Rollout plan")["teams"] == "R"
        assert message(screen) == "✓ 'Rollout plan': Teams is R (responsible)."
        await pilot.press("space")
        await settle(app, pilot)
        assert "teams" not in letters_of(app, "Rollout plan")
        await pilot.press("j", "h", "backspace")  # Coach assignment · Leaders (I)
        await settle(app, pilot)
        assert "leaders" not in letters_of(app, "Coach assignment")

        # Clearing the PLO's A flags the row; then the sponsor can take it.
        await pilot.press("k", "h", "h", "h", "space")
        await settle(app, pilot)
        assert shown_matrix(screen.grid)[0] == ("Rollout plan", ("", "C", "C", "I", ""), "▲ no A")
        assert "▲ 1 without exactly one A" in static_text(screen.query_one("#raci-summary", Static))
        await pilot.press("l", "l", "a")
        await settle(app, pilot)
        assert letters_of(app, "Rollout plan") == {"coaches": "C", "sponsor": "A", "leaders": "I"}
        assert shown_matrix(screen.grid) == stored_matrix(app)
        markdown = raci.render_raci_markdown(app.db.read(raci.raci_rows)).splitlines()
        assert markdown[2] == "| Rollout plan |  | C | A | I |  |  |"
        assert markdown[3] == "| Coach assignment | A | C | I |  | I |  |"


async def test_add_rename_reorder_and_remove_activities(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot)
        count = len(shown_matrix(screen.grid))
        screen.action_add_activity()  # the binding `n` (pressing a key that opens a modal waits ~2 s)
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-name", Input).value = "Health check"
        await pilot.press("enter")
        await settle(app, pilot)
        shown = shown_matrix(screen.grid)
        assert shown[-1] == ("Health check", ("", "", "", "", ""), "▲ no A")
        assert screen.grid.activity_at_cursor().name == "Health check"
        await pilot.press("K", "K")
        await settle(app, pilot)
        names = [name for name, _, _ in shown_matrix(screen.grid)]
        assert names[count - 2] == "Health check" and names[-1] == "Leadership reporting"
        assert [r.name for r in app.db.read(raci.raci_rows)] == names
        await pilot.press("a")  # the cursor followed the activity
        await settle(app, pilot)
        assert letters_of(app, "Health check") == {"plo": "A"}

        screen.action_rename_activity()
        await settle(app, pilot)
        app.screen.query_one("#field-name", Input).value = "Rollout health check"
        await pilot.press("enter")
        await settle(app, pilot)
        assert shown_matrix(screen.grid)[count - 2] == ("Rollout health check", ("A", "", "", "", ""), "")

        screen.action_remove_activity()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert len(shown_matrix(screen.grid)) == count
        assert shown_matrix(screen.grid) == stored_matrix(app)
        csv_rows = raci.render_raci_csv(app.db.read(raci.raci_rows)).splitlines()[1:]
        assert [line.split(",")[0] for line in csv_rows] == [name for name, _, _ in shown_matrix(screen.grid)]


async def test_record_a_learning_with_a_process_change(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        assert app.focused is screen.table
        listed = len(screen.table.items)
        q1 = app.db.read(lambda s: s.execute(select(Cycle.id).where(Cycle.name == "2027-Q1")).scalar_one())

        screen.action_add_learning()  # the binding `n` / `a` in the learnings table
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-source", Select).value = "coach_exchange"
        form.query_one("#field-lesson", TextArea).text = "Teams skip retros when the review overran."
        form.query_one("#field-change", TextArea).text = "Hold the retrospective on a separate day."
        form.query_one("#field-rationale", TextArea).text = "Three pilot teams skipped it in 2026-Q4."
        form.query_one("#field-effective_cycle_id", Select).value = q1
        form.query_one("#field-status", Select).value = "accepted"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)

        item = screen.table.item_at_cursor()  # the new learning is selected
        assert item.change == "Hold the retrospective on a separate day."
        assert (item.source, item.effective_cycle, item.status) == ("coach_exchange", "2027-Q1", "accepted")
        assert len(screen.table.items) == listed + 1
        detail = static_text(screen.query_one("#learning-detail", Static))
        assert "Teams skip retros when the review overran." in detail
        assert "◑ accepted · takes effect in 2027-Q1" in detail
        in_effect = app.db.read(lambda s: ls.changes_in_effect(s, q1))
        assert item.id in [c.id for c in in_effect]

        screen.action_filter_cycle()  # the binding `c`: pick a cycle
        await settle(app, pilot)
        app.screen.query_one(Input).value = "2027-Q1"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.cycle_filter == q1
        assert all(q1 in (i.source_cycle_id, i.effective_cycle_id) for i in screen.table.items)
        assert "Cycle: 2027-Q1" in static_text(screen.query_one("#learning-filters", Static))

        await pilot.press("t", "t")  # status filter: all → proposed → accepted
        await settle(app, pilot)
        assert screen.status_filter == "accepted"
        assert {i.status for i in screen.table.items} == {"accepted"}
        assert "Status: accepted" in static_text(screen.query_one("#learning-filters", Static))
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(screen.table.items) == listed + 1

        # The palette's "go to" and History land on the record, in its tab.
        review = next(r.id for r in app.db.read(raci.raci_rows) if r.name == "Review")
        screen.reveal("raci_cell", review)
        await settle(app, pilot)
        assert app.focused is screen.grid and screen.grid.activity_at_cursor().name == "Review"
        screen.reveal("learning", item.id)
        await settle(app, pilot)
        assert app.focused is screen.table and screen.table.item_at_cursor().id == item.id


async def test_a_cell_someone_else_changed_before_the_screen_caught_up_is_a_conflict(demo_path, make_cockpit):
    from okr_cockpit.db.open import open_database

    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot)
        app.watcher.stop()  # as in the half second before the live refresh notices the other save
        other = open_database(str(demo_path))
        plan = next(r.id for r in other.db.read(raci.raci_rows) if r.name == "Rollout plan")
        other.db.write(lambda s: raci.set_cell(s, activity_id=plan, role="sponsor", letter="I"))
        other.db.dispose()
        assert shown_matrix(screen.grid)[0][1][2] == "C"  # this screen still shows the old letter

        await pilot.press("l", "l", "r")  # Rollout plan · Sponsor: C → R, made on a stale matrix
        await settle(app, pilot)
        refusal = (
            f"'Rollout plan' · Sponsor: {app.db.actor.user} set it to I meanwhile, so your R was not saved."
        )
        assert message(screen) == f"✖ {refusal}"
        assert letters_of(app, "Rollout plan")["sponsor"] == "I"  # the other save stands
        # The screen now shows it, marked as someone else's change.
        assert shown_matrix(screen.grid)[0] == ("✎ Rollout plan", ("A", "C", "I", "I", "I"), "")

        await pilot.press("r")  # looked at it, still wants R: now it is saved
        await settle(app, pilot)
        assert letters_of(app, "Rollout plan")["sponsor"] == "R"
        assert message(screen) == "✓ 'Rollout plan': Sponsor is R (responsible)."


async def test_quick_keys_on_one_cell_are_no_conflict_with_ones_own_saves(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot)
        await pilot.press("l", "l", "l", "l")  # Rollout plan · Teams (I)
        # A burst of keys handled before any save came back: each acts on the matrix as first shown.
        for key in ("R", "C", None, "I", "R"):
            screen.action_clear_cell() if key is None else screen.action_set_letter(key)
        await settle(app, pilot)
        assert "✖" not in message(screen)
        assert letters_of(app, "Rollout plan")["teams"] == "R"
        assert shown_matrix(screen.grid) == stored_matrix(app)


async def test_a_reload_between_two_quick_keys_on_a_cell_keeps_ones_first_save_known(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_raci(app, pilot)
        await pilot.press("l", "l", "l", "l")  # Rollout plan · Teams (I)
        saves, reloaded = [], threading.Event()
        cell_work, show = screen.cell_work, screen.show

        def second_save_after_a_reload(row, role, change):
            work = cell_work(row, role, change)

            def waiting(session):
                saves.append(role)
                if len(saves) == 2:  # what the user's first save caused is on screen by now
                    assert reloaded.wait(10)
                return work(session)

            return waiting

        def showing(data):
            show(data)
            if saves:
                reloaded.set()

        screen.cell_work, screen.show = second_save_after_a_reload, showing
        screen.action_set_letter("R")
        screen.action_set_letter("C")  # pressed before the first save came back
        await settle(app, pilot)
        assert "✖" not in message(screen)
        assert letters_of(app, "Rollout plan")["teams"] == "C"
