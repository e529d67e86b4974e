"""Every documented key of History and of the dialogs, and Enter in the lists, that no other UI test
presses, pressed through the real bindings (see test_every_key.py for the screens' own keys)."""

from sqlalchemy import select

from okr_cockpit.db.tables import audit, unit
from okr_cockpit.services.org.units import update_unit
from okr_cockpit.ui.widgets.coach_detail import AssignmentDetail
from tests.ui.test_every_key import SIZE
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_timeline_screen import settle

# -- H History ----------------------------------------------------------------------------------


async def test_history_w_t_and_a_filter_by_who_and_type_and_show_all_again(make_cockpit, demo_path):
    from okr_cockpit.ui.dialogs.picker import PickerDialog
    from okr_cockpit.ui.screens.history.screen import HistoryScreen
    from tests.ui.test_history import cells

    def count(**where) -> int:
        rows = app.db.read(lambda s: s.execute(select(audit.c.os_user, audit.c.entity)).all())
        return sum(1 for row in rows if all(getattr(row, k) == v for k, v in where.items()))

    app = make_cockpit(demo_path)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.press("H")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        title = lambda: str(screen.query_one("#history-title").render())  # noqa: E731
        everything = len(cells(screen))
        assert title() == "History · all changes" and everything == count() > count(os_user="ben") > 0

        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"ben")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and title() == "History · all changes · by ben"
        assert len(cells(screen)) == count(os_user="ben")
        assert {row[1].split("@")[0] for row in cells(screen)} == {"ben"}

        await pilot.press("A")
        await settle(app, pilot)
        assert title() == "History · all changes" and len(cells(screen)) == everything

        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"coach")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and title() == "History · type: coach"
        assert len(cells(screen)) == count(entity="coach") < everything
        assert all("coach" in row[2] for row in cells(screen))

        await pilot.press("A")
        await settle(app, pilot)
        assert title() == "History · all changes" and len(cells(screen)) == everything


# -- the dialogs these screens open -------------------------------------------------------------


async def test_stakeholder_dialog_keys_scroll_close_move_and_decline(make_cockpit, demo_path, monkeypatch):
    from okr_cockpit.db.tables import stakeholder
    from okr_cockpit.ui.dialogs import overdue_follow_ups
    from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
    from okr_cockpit.ui.dialogs.message import MessageDialog
    from okr_cockpit.ui.dialogs.overdue_follow_ups import OverdueDialog
    from okr_cockpit.ui.dialogs.picker import PickerDialog
    from okr_cockpit.ui.dialogs.stakeholder_grid import StakeholderGridDialog
    from tests.ui.test_stakeholders_screen import open_screen, text_of
    from tests.ui.test_stakeholders_screen import settle as settle_stakeholders

    monkeypatch.setattr(overdue_follow_ups.OverdueTable, "WINDOW", 4)  # several windows of the list
    monkeypatch.setattr(overdue_follow_ups.OverdueTable, "MARGIN", 1)
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)

        await pilot.press("o")
        await settle_stakeholders(pilot)
        dialog = app.screen
        assert isinstance(dialog, OverdueDialog)
        table = dialog.table
        total = table.total
        assert total > 4
        info = lambda: str(dialog.query_one("#overdue-info").render())  # noqa: E731
        assert info().startswith(f"{total} overdue · row 1 ")
        first = table.current().interaction_id
        await pilot.press("G")  # the last, read in a later window
        await wait_for(pilot, lambda: table.current() is not None and table.cursor_row == total - 1)
        assert info().startswith(f"{total} overdue · row {total} ")
        assert table.current().interaction_id != first
        await pilot.press("g", "j")
        await wait_for(pilot, lambda: table.current() is not None and table.cursor_row == 1)
        assert info().startswith(f"{total} overdue · row 2 ")
        await pilot.press("escape")
        await settle_stakeholders(pilot)
        assert app.screen is screen

        for close in ("i", "escape"):
            await pilot.press("i")
            await settle_stakeholders(pilot)
            assert isinstance(app.screen, StakeholderGridDialog)
            assert app.focused.id == "quadrant-manage_closely"
            await pilot.press("tab")
            assert app.focused.id == "quadrant-monitor"
            await pilot.press("shift+tab")
            assert app.focused.id == "quadrant-manage_closely"
            await pilot.press(close)
            await settle_stakeholders(pilot)
            assert app.screen is screen, close

        await pilot.press("f")  # the narrowing picker: up and down move its choice, escape cancels
        await settle_stakeholders(pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        results = picker.query_one("OptionList")
        start = results.highlighted
        await pilot.press("down")
        assert results.highlighted == start + 1
        await pilot.press("up")
        assert results.highlighted == start
        await pilot.press("escape")
        await settle_stakeholders(pilot)
        assert app.screen is screen and "attitude:" not in text_of(screen, "#sh-info")

        chosen = screen.register.current()
        await pilot.press("d")
        await settle_stakeholders(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # as n: nothing archived
        await settle_stakeholders(pilot)
        assert app.screen is screen and screen.register.current().id == chosen.id
        archived = app.db.read(
            lambda s: s.execute(
                select(stakeholder.c.archived).where(stakeholder.c.id == chosen.id)
            ).scalar_one()
        )
        assert archived is False

        for close in ("enter", "q"):  # a message (here the help) closes with enter and q too
            await pilot.press("question_mark")
            await settle_stakeholders(pilot)
            assert isinstance(app.screen, MessageDialog)
            await pilot.press(close)
            await settle_stakeholders(pilot)
            assert app.screen is screen and app.return_code is None, close


async def test_conflict_escape_goes_back_to_the_form_with_the_edit_kept(make_cockpit, demo_path):
    from okr_cockpit.ui.dialogs.conflict import ConflictDialog
    from okr_cockpit.ui.forms.form import FormDialog
    from tests.ui.test_history import as_user

    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("j", "e")  # Digital & IT
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-external_id").value = "MINE-1"
        name = form.query_one("#field-name").value
        unit_id = app.db.read(lambda s: s.execute(select(unit.c.id).where(unit.c.name == name)).scalar_one())
        as_user(demo_path, "anna").write(
            lambda s: update_unit(
                session=s, unit_id=unit_id, expected_version=None, values={"external_id": "ANNA-1"}
            )
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog) and app.screen.is_mounted)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#field-external_id").value == "MINE-1"
        stored = app.db.read(
            lambda s: s.execute(select(unit.c.external_id).where(unit.c.id == unit_id)).scalar_one()
        )
        assert stored == "ANNA-1", "back to the form writes nothing"


async def test_enter_opens_what_a_row_stands_for_in_the_coaches_and_stakeholders_lists(
    make_cockpit, demo_path
):
    from okr_cockpit.ui.forms.form import FormDialog
    from okr_cockpit.ui.screens.coaches.screen import CoachesScreen
    from okr_cockpit.ui.screens.units.screen import UnitsScreen
    from okr_cockpit.ui.widgets.coach_uncovered import UncoveredTeams
    from okr_cockpit.ui.widgets.stakeholder_log import InteractionLog

    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("enter")  # a coach: to their teams
        await settle(app, pilot)
        detail = app.screen.query_one(AssignmentDetail)
        assert detail.has_focus and detail.row_count > 0
        team = app.screen.selected_team()
        await pilot.press("enter")  # one of their teams: to it on Org units, escape comes back
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        await wait_for(pilot, lambda: getattr(app.screen.tree.cursor_unit, "id", None) == team[0])
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CoachesScreen)
        app.screen.query_one(UncoveredTeams).focus()
        await pilot.pause()
        uncovered = app.screen.selected_team()
        assert uncovered is not None
        await pilot.press("enter")  # an uncovered team, too
        await settle(app, pilot)
        assert isinstance(app.screen, UnitsScreen)
        await wait_for(pilot, lambda: getattr(app.screen.tree.cursor_unit, "id", None) == uncovered[0])

        await pilot.press("5")
        await settle(app, pilot)
        await pilot.press("enter")  # a stakeholder: to their interactions
        await settle(app, pilot)
        assert app.screen.query_one(InteractionLog).has_focus
        await pilot.press("enter")  # an interaction: its form
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
