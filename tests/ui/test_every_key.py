"""Every documented key that no other UI test presses, pressed through the real bindings on its screen.

The other keys are pressed in the screens' own test files; together they cover every key of #15's
"Done when". One app start per screen (or per group of its keys), walking the keys in order; each
key is checked by what the user then sees or what the database then holds, never by calling the
action it is bound to.
"""

from datetime import timedelta

from sqlalchemy import func, select

from okr_cockpit.db.tables import unit
from okr_cockpit.services.org.units import update_unit
from okr_cockpit.ui.widgets.coach_detail import AssignmentDetail
from okr_cockpit.ui.widgets.coach_roster import CoachRoster
from okr_cockpit.ui.widgets.marks import MARKED
from okr_cockpit.ui.widgets.unit_tree import UnitTree
from tests.ui.screen_text import screen_lines
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_timeline_screen import settle

SIZE = (120, 36)


def shown(app) -> str:
    return "\n".join(screen_lines(app))


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- everywhere --------------------------------------------------------------------------------


async def test_ctrl_z_undoes_like_u_and_q_quits(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        logistics = app.db.read(lambda s: s.execute(select(unit).where(unit.c.name == "Logistics")).one())
        app.db.write(  # this cockpit's own change, as a form would make it
            lambda s: update_unit(
                session=s, unit_id=logistics.id, expected_version=None, values={"state": "paused"}
            )
        )
        state = lambda: app.db.read(  # noqa: E731
            lambda s: s.execute(select(unit.c.state).where(unit.c.id == logistics.id)).scalar_one()
        )
        assert state() == "paused"
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: state() == logistics.state)
        await wait_for(pilot, lambda: any(n.startswith("Undone: ") for n in notices(app)))
        assert app.return_code is None
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code == 0)


# -- 2 Org units --------------------------------------------------------------------------------


async def test_units_arrow_keys_expand_and_collapse_like_l_and_h(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        tree = app.screen.query_one(UnitTree)
        await pilot.press("j")  # Digital & IT, collapsed
        division = tree.cursor_node
        assert division.data.name == "Digital & IT" and not division.is_expanded
        assert "Digital Products" not in shown(app)
        await pilot.press("right")
        await settle(app, pilot)
        assert division.is_expanded and "Digital Products" in shown(app)
        await pilot.press("left")
        await settle(app, pilot)
        assert not division.is_expanded and "Digital Products" not in shown(app)
        assert tree.cursor_node is division


# -- 3 Coaches ----------------------------------------------------------------------------------


async def test_coaches_escape_clears_a_teams_marks_shift_tab_and_the_table_keys(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("enter")  # the unit's coaches: escape would go back to Org units
        await settle(app, pilot)
        screen = app.screen
        roster = screen.query_one(CoachRoster)
        detail = screen.query_one(AssignmentDetail)
        assert screen.MODE == "coaches" and screen.state.scope_id is not None
        await pilot.press("tab", "space")
        await settle(app, pilot)
        assert detail.has_focus and len(detail.marked()) == 1 and "1 selected" in shown(app)
        await pilot.press("escape")  # clears the marks, and only them
        await settle(app, pilot)
        assert detail.marked() == [] and "selected" not in shown(app)
        assert MARKED not in str(detail.get_row_at(0)[0])
        assert app.screen is screen and screen.state.scope_id is not None
        await pilot.press("shift+tab")
        assert roster.has_focus
        await pilot.press("escape")  # no marks: now escape goes back along enter's path
        await settle(app, pilot)
        assert app.screen.MODE == "units"
        await pilot.press("3")  # the whole roster again
        await settle(app, pilot)
        assert app.screen is screen and screen.state.scope_id is None and roster.has_focus

        # The roster's own moving keys (it holds a window of rows, so it binds them itself).
        title = lambda: screen.query_one("#roster-pane").border_title  # noqa: E731
        await pilot.press("down")
        await settle(app, pilot)
        assert roster.cursor_row == 1 and " · row 2 " in title()
        await pilot.press("up")
        await settle(app, pilot)
        assert roster.cursor_row == 0 and " · row 1 " in title()
        await pilot.press("end")
        await settle(app, pilot)
        last = roster.total - 1
        assert roster.cursor_row == last and f" · row {last + 1} " in title()
        assert roster.current().name in shown(app)
        await pilot.press("home")
        await settle(app, pilot)
        assert roster.cursor_row == 0
        await pilot.press("pagedown")
        await settle(app, pilot)
        page = roster.cursor_row
        assert page == roster.visible_rows > 1
        await pilot.press("pageup")
        await settle(app, pilot)
        assert roster.cursor_row == 0 and " · row 1 " in title()
        assert screen.query_one("#detail-pane").border_title.startswith(f"Teams of {roster.current().name} (")


# -- 4 Timeline ---------------------------------------------------------------------------------


async def test_timeline_chart_keys_pan_page_step_cycles_and_move_rows(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        chart = screen.chart
        assert chart.has_focus and chart.zoom_name == "month"
        dpc = chart.days_per_col
        months = lambda: chart.line_text(len(chart.waves) + 1)  # noqa: E731 - the month header
        start, header = chart.view_range()[0], months()

        await pilot.press("h")  # four columns earlier
        await settle(app, pilot)
        assert chart.view_range()[0] == start - timedelta(days=4 * dpc) and months() != header
        await pilot.press("l")
        await settle(app, pilot)
        assert chart.view_range()[0] == start and months() == header
        await pilot.press("less_than_sign")  # a page earlier: all but four columns
        await settle(app, pilot)
        page = timedelta(days=(chart.chart_width - 4) * dpc)
        assert chart.view_range()[0] == start - page
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(app, pilot)
        assert chart.view_range()[0] == start + page and months() != header
        await pilot.press("t")
        await settle(app, pilot)
        assert chart.view_range()[0] == start

        names = [c.name for c in screen.cycles]
        bands = lambda: chart.line_text(len(chart.waves))  # noqa: E731 - the cycle band
        today = screen.current_cycle().name
        assert today == "2026-Q4"
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        before = names[names.index(today) - 1]
        assert screen.current_cycle().name == before and before in bands()
        assert chart.view_range()[0] <= screen.current_cycle().start_on <= chart.view_range()[1]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        after = names[names.index(today) + 1]
        assert screen.current_cycle().name == after and after in bands()
        await pilot.press("t")
        await settle(app, pilot)

        selected = lambda: str(screen.query_one("#tl-selected").render())  # noqa: E731
        assert chart.cursor == 0
        first_line = selected()
        await pilot.press("j")
        await settle(app, pilot)
        assert chart.cursor == 1 and selected() != first_line
        await pilot.press("k")
        await settle(app, pilot)
        assert chart.cursor == 0 and selected() == first_line
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert chart.cursor == 10
        await pilot.press("pageup")
        await settle(app, pilot)
        assert chart.cursor == 0
        await pilot.press("G")
        await settle(app, pilot)
        assert chart.cursor == chart.total_rows - 1 > 10
        assert chart.top > 0, "the last row is scrolled into view"
        await pilot.press("g")
        await settle(app, pilot)
        assert chart.cursor == 0 and chart.top == 0 and selected() == first_line


async def test_timeline_e_edits_the_selected_event(make_cockpit, demo_path):
    from okr_cockpit.db.tables import event
    from okr_cockpit.ui.dialogs.template_plan import TemplatePlanDialog

    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        # The mid-cycle review (the first row's priorities for 2027-Q1 lie in December, before their cycle).
        await pilot.press("j", "j")
        await settle(app, pilot)
        target = screen.chart.selected_event()
        assert target.kind == "mid_cycle_review"
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert form.query_one("#field-start_on").value == target.start_on.isoformat()
        form.query_one("#field-notes").text = "Moved to the big room"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and "Event saved." in notices(app)
        stored = app.db.read(
            lambda s: s.execute(select(event.c.notes).where(event.c.id == target.id)).scalar_one()
        )
        assert stored == "Moved to the big room"

        count = lambda: app.db.read(lambda s: s.execute(select(func.count()).select_from(event)).scalar_one())  # noqa: E731
        before = count()
        await pilot.press("p")  # the template's preview, left with escape: nothing written
        await settle(app, pilot)
        assert isinstance(app.screen, TemplatePlanDialog) and app.screen.plan.new_events
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and count() == before


# -- 6 RACI & process -------------------------------------------------------------------------


async def test_raci_matrix_keys_c_i_move_add_rename_and_delete_an_activity(make_cockpit, demo_path):
    from okr_cockpit.services.process import raci
    from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
    from okr_cockpit.ui.forms.form import FormDialog
    from tests.ui.test_raci_screen import letters_of, message, shown_matrix, stored_matrix

    app = make_cockpit(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        screen = app.screen
        names = lambda: [name for name, _letters, _check in shown_matrix(screen.grid)]  # noqa: E731
        stored_names = lambda: [r.name for r in app.db.read(raci.raci_rows)]  # noqa: E731
        assert letters_of(app, "Rollout plan")["coaches"] == "C"
        await pilot.press("l", "i")  # Rollout plan · Coaches: C → I
        await settle(app, pilot)
        assert letters_of(app, "Rollout plan")["coaches"] == "I"
        assert message(screen) == "✓ 'Rollout plan': Coaches is I (informed)."
        assert shown_matrix(screen.grid)[0][1][1] == "I"
        await pilot.press("c")
        await settle(app, pilot)
        assert letters_of(app, "Rollout plan")["coaches"] == "C"
        assert message(screen) == "✓ 'Rollout plan': Coaches is C (consulted)."

        await pilot.press("J")  # Rollout plan one down, the cursor with it
        await settle(app, pilot)
        assert names()[:2] == stored_names()[:2] == ["Coach assignment", "Rollout plan"]
        assert screen.grid.activity_at_cursor().name == "Rollout plan"

        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "New RACI activity"
        app.screen.query_one("#field-name").value = "Health check"
        await pilot.press("enter")
        await settle(app, pilot)
        assert names()[-1] == stored_names()[-1] == "Health check"
        assert screen.grid.activity_at_cursor().name == "Health check"

        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert (
            form.title_text == "Rename RACI activity"
            and form.query_one("#field-name").value == "Health check"
        )
        form.query_one("#field-name").value = "Rollout health check"
        await pilot.press("enter")
        await settle(app, pilot)
        assert names()[-1] == stored_names()[-1] == "Rollout health check"

        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog) and "Rollout health check" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert "Rollout health check" not in names() and "Rollout health check" not in stored_names()
        assert shown_matrix(screen.grid) == stored_matrix(app)


async def test_raci_learning_keys_add_edit_filter_delete_and_tab_back(make_cockpit, demo_path):
    from okr_cockpit.services.process import learnings as ls
    from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
    from okr_cockpit.ui.dialogs.picker import PickerDialog
    from okr_cockpit.ui.forms.form import FormDialog
    from tests.ui.screen_text import static_text

    app = make_cockpit(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("tab")
        await settle(app, pilot)
        table = screen.table
        assert app.focused is table
        for key in ("n", "a"):  # both add a learning
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, FormDialog) and app.screen.title_text == "Record a learning", key
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is screen
        item = table.item_at_cursor()
        for key in ("e", "enter"):  # both open the learning under the cursor
            await pilot.press(key)
            await settle(app, pilot)
            form = app.screen
            assert isinstance(form, FormDialog) and form.title_text == "Edit learning", key
            assert form.query_one("#field-lesson").text == item.lesson
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is screen

        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"2026-Q3")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        q3 = next(c.id for c in screen.cycles if c.name == "2026-Q3")
        assert screen.cycle_filter == q3 and "Cycle: 2026-Q3" in static_text(
            screen.query_one("#learning-filters")
        )
        assert table.items and all(q3 in (i.source_cycle_id, i.effective_cycle_id) for i in table.items)

        doomed = table.item_at_cursor()
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog) and app.screen.question.startswith("Delete the learning")
        await pilot.press("y")
        await settle(app, pilot)
        assert doomed.id not in [i.id for i in table.items]
        assert doomed.id not in [i.id for i in app.db.read(lambda s: ls.list_learnings(s)).items]

        await pilot.press("tab")
        await settle(app, pilot)
        assert app.focused is screen.grid


# -- 7 Rollout plan -----------------------------------------------------------------------------


async def test_rollout_wave_keys_move_open_and_the_criteria_keys(make_cockpit, demo_path):
    from okr_cockpit.db.tables import wave
    from okr_cockpit.services.rollout.readiness import wave_readiness
    from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
    from okr_cockpit.ui.forms.form import FormDialog
    from okr_cockpit.ui.screens.rollout.criteria import CriteriaDialog
    from tests.ui.test_rollout_screen import shown_waves

    def plan_order(session):
        return list(session.execute(select(wave.c.name).order_by(wave.c.position)).scalars())

    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(app, pilot)
        screen = app.screen
        order = ["Wave 1 – Pilot", "Wave 2", "Wave 3"]
        assert [row[0] for row in shown_waves(screen)] == app.db.read(plan_order) == order
        await pilot.press("J")
        await settle(app, pilot)
        moved = ["Wave 2", "Wave 1 – Pilot", "Wave 3"]
        assert [row[0] for row in shown_waves(screen)] == app.db.read(plan_order) == moved
        assert screen.table.wave_at_cursor().name == "Wave 1 – Pilot"
        await pilot.press("K")
        await settle(app, pilot)
        assert [row[0] for row in shown_waves(screen)] == app.db.read(plan_order) == order

        await pilot.press("enter")  # opens the wave, as e does
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.query_one("#field-name").value == order[0]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen

        await pilot.press("c")  # Wave 1's criteria: a manual one first, then a measured one
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CriteriaDialog)
        wave_id = screen.table.wave_at_cursor().id
        criteria = lambda: app.db.read(  # noqa: E731
            lambda s: {c.name: c.met for c in wave_readiness(s, wave_id=wave_id, today=app.today()).criteria}
        )
        assert criteria()["Sponsor mandate signed"] is True
        assert dialog.table.item_at_cursor().name == "Sponsor mandate signed"
        await pilot.press("space")  # untick
        await settle(app, pilot)
        assert criteria()["Sponsor mandate signed"] is False
        assert (
            str(dialog.query_one("#criteria-message").render()) == "'Sponsor mandate signed' is not met now."
        )
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert (
            isinstance(form, FormDialog) and form.query_one("#field-name").value == "Sponsor mandate signed"
        )
        form.query_one("#field-name").value = "Sponsor mandate signed by the board"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog and "Sponsor mandate signed by the board" in criteria()
        assert dialog.table.item_at_cursor().name == "Sponsor mandate signed by the board"
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is dialog and "Sponsor mandate signed by the board" not in criteria()
        assert [item.name for item in dialog.table.items] == list(criteria())


async def test_rollout_health_scrolls_with_the_list_keys(make_cockpit, demo_path):
    from okr_cockpit.ui.screens.rollout.widgets import HealthView

    app = make_cockpit(demo_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.press("7")
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        view = app.screen.query_one(HealthView)
        assert view.has_focus and view.max_scroll_y > 3, "the report is longer than the pane"
        top = shown(app)
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.scroll_y == 2 and shown(app) != top
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0 and shown(app) == top
