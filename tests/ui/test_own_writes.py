"""One's own save reloads the screen exactly once; someone else's commit reloads it too.

The app remembers the audit ids of its writes, so the watcher ignores commits that are all its own.
"""

from sqlalchemy import select
from textual.widgets import Input

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.services.process import raci
from okr_cockpit.services.records import update_row
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.screens.base import CockpitScreen
from tests.concurrency import workers
from tests.ui.test_live_refresh import wave_form


def count_fetches(screen: CockpitScreen) -> list[int]:
    loads = [0]
    fetch = screen.fetch

    def counting(session):
        loads[0] += 1
        return fetch(session)

    screen.fetch = counting
    return loads


async def settle(app, pilot) -> None:
    for _ in range(3):  # the watcher polls every 0.5 s; three polls see any commit
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
    await pilot.pause()


async def idle(app, pilot) -> None:
    """The app's workers done and their results shown (no waiting for the watcher)."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_own_cell_change_reloads_once_and_another_users_commit_once(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        loads = count_fetches(app.screen)
        await pilot.press("r")  # the focused cell becomes R: one save
        await settle(app, pilot)
        assert loads[0] == 1
        loads[0] = 0
        other = open_database(str(demo_path)).db
        rows = other.read(lambda session: raci.raci_rows(session))
        other.write(lambda session: raci.set_cell(session, activity_id=rows[-1].id, role="teams", letter="C"))
        other.dispose()
        await settle(app, pilot)
        assert loads[0] == 1


async def test_a_form_save_reloads_the_screen_behind_once(db_path, make_cockpit):
    ids = workers.seed(str(db_path))
    app = make_cockpit(db_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        screen = app.screen
        loads = count_fetches(screen)
        form = wave_form(app, ids["wave"])
        app.push_screen(form)
        await pilot.pause()
        form.query_one("#field-name", Input).value = "Renamed"
        form.action_save()
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        assert "you changed Renamed" in str(screen.query_one("StatusLine").render())
        assert loads[0] == 1


async def test_the_unit_edit_form_says_when_another_cockpit_changes_the_unit(demo_path, make_cockpit):
    # Two cockpits on one file, as the same user: the form in the first tells of the second's change.
    from okr_cockpit.db.models import OrgUnit
    from okr_cockpit.services.records import update_row
    from tests.ui.test_units_screen import open_units

    first, second = make_cockpit(demo_path), make_cockpit(demo_path)
    async with first.run_test(size=(120, 36)) as pilot, second.run_test() as other:
        screen = await open_units(first, pilot)
        unit_id = screen.tree.cursor_unit.id
        await pilot.press("e")
        await settle(first, pilot)
        form = first.screen
        assert isinstance(form, FormDialog) and form.record == ("org_unit", unit_id)
        assert not form.query_one("#form-notice").has_class("shown")
        second.db.write(
            lambda s: update_row(
                s, OrgUnit, unit_id, expected_version=None, changes={"notes": "Theirs"}, what="unit"
            )
        )
        await settle(first, pilot)
        await other.pause()
        notice = str(form.query_one("#form-notice").render())
        assert f"{second.db.actor.user} changed this record" in notice
        assert first.screen is form  # the form stays open with what the user typed


async def test_coming_back_to_an_unchanged_screen_shows_it_without_a_reload(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("7")
        await idle(app, pilot)
        rollout = app.screen
        loads = count_fetches(rollout)
        await pilot.press("1")
        await idle(app, pilot)
        await pilot.press("7")
        await idle(app, pilot)
        assert app.screen is rollout
        assert loads[0] == 0
        assert "Wave 1" in str(rollout.query_one("#wave-table").render_line(1))


async def test_a_screen_shows_what_another_user_changed_while_it_was_hidden(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("7")
        await idle(app, pilot)
        await pilot.press("1")  # the watcher now tells only the Overview of commits
        other = open_database(str(demo_path)).db
        wave_id = other.read(lambda session: session.execute(select(RolloutWave.id)).scalars().first())
        other.write(
            lambda session: update_row(
                session, RolloutWave, wave_id, expected_version=None, changes={"name": "Pilot"}, what="wave"
            )
        )
        other.dispose()
        await pilot.press("7")
        await idle(app, pilot)
        table = app.screen.query_one("#wave-table")
        assert any("Pilot" in str(table.render_line(y)) for y in range(1, 6))
