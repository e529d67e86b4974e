"""Two coaches on one file: changes from another process show up live, forms are left alone, stale saves ask.

The other coach is a real separate process (spawn), writing through the same services.
"""

import asyncio
import multiprocessing
import time

import pytest
from textual.widgets import Input

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.records import delete_row, fetch_row, update_row
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.conflict import ConflictDialog
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.status_line import StatusLine
from tests.concurrency import workers
from tests.ui.screen_text import static_text


class OtherCoach:
    """Anna on other-host: a separate process, forked before the app starts, that edits on request."""

    def __init__(self, path) -> None:
        # fork (before any app thread exists): a real second process that answers in milliseconds.
        fork = multiprocessing.get_context("fork")
        self.connection, child = fork.Pipe()
        self.process = fork.Process(target=workers.serve_requests, args=(str(path), child), daemon=True)
        self.process.start()

    async def rename(self, wave_id: int, name: str, *, pilot=None, until=None) -> float:
        """Rename the wave; with `until`, return the seconds from the commit to `until()` holding."""
        self.connection.send(("rename", wave_id, name))
        committed = await asyncio.to_thread(self.connection.recv)
        if until is None:
            return 0.0
        await wait_for(pilot, until, timeout=30.0)
        return time.time() - committed

    def stop(self) -> None:
        self.connection.send(None)
        self.process.join(10)


@pytest.fixture
def seeded(db_path):
    ids = workers.seed(str(db_path))
    return db_path, ids


@pytest.fixture
def anna(db_path):
    other = OtherCoach(db_path)
    yield other
    other.stop()


# pilot.press() waits for the screen to settle, which takes ~2 s when the key pushes another modal;
# these tests call the bound action instead (the bindings themselves are plain Binding lines).
def press_action(screen, action: str, *args) -> None:
    getattr(screen, f"action_{action}")(*args)


async def wait_for(pilot, condition, timeout: float = 5.0) -> float:
    """Seconds until `condition()` held; fails after `timeout`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
    return time.monotonic() - start


def showing(app, dialog_type) -> bool:
    """The dialog is on top and mounted (its widgets exist), so keys and queries reach it."""
    screen = app.screen
    return isinstance(screen, dialog_type) and screen.is_mounted and bool(screen.query("Button"))


def status(app) -> str:
    screen = next(s for s in reversed(app.screen_stack) if isinstance(s, CockpitScreen))
    return str(screen.query_one(StatusLine).render())


def wave_form(app, wave_id: int) -> FormDialog:
    row = app.db.read(lambda s: fetch_row(s, RolloutWave, wave_id))

    def save(session, values):
        changes = {"name": values["name"], "objective": values["objective"]}
        return update_row(
            session, RolloutWave, wave_id, expected_version=values["version"], changes=changes, what="wave"
        )

    fields = [FormField("name", "Name"), FormField("objective", "Objective")]
    return FormDialog("Edit wave", fields, save, values=row, record=("rollout_wave", wave_id))


async def test_another_process_change_appears_within_two_seconds(seeded, anna, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app))
        shown = lambda: "anna changed Wave One" in status(app)  # noqa: E731
        latency = await anna.rename(ids["wave"], "Wave One", pilot=pilot, until=shown)
        assert latency < 2.0  # from the other process's commit to the screen
        assert "(other-host)" in status(app)
        assert ("rollout_wave", ids["wave"]) in app.screen.change_marks
        assert app.screen.recently_changed("rollout_wave") == {ids["wave"]}


async def test_own_changes_are_not_marked_as_someone_elses(seeded, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app))
        app.screen.write(
            lambda s: update_row(
                s, RolloutWave, ids["wave"], expected_version=None, changes={"name": "Mine"}, what="wave"
            )
        )
        await wait_for(pilot, lambda: "you changed Mine" in status(app))
        await pilot.pause(1.0)  # the watcher also sees our commit: still not someone else's
        assert app.screen.recently_changed("rollout_wave") == set()


async def test_open_form_is_left_alone_while_the_screen_behind_reloads(seeded, anna, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app))
        form = wave_form(app, ids["wave"])
        app.push_screen(form)
        await pilot.pause()
        name = form.query_one("#field-name", Input)
        name.value = ""
        await pilot.press(*"Hal")
        # The screen behind the form reloads right away (its status line tells)...
        shown = lambda: "anna changed Wave Other" in status(app)  # noqa: E731
        assert await anna.rename(ids["wave"], "Wave Other", pilot=pilot, until=shown) < 2.0
        # ...and the form only says so, in its own line.
        await wait_for(
            pilot, lambda: "anna changed this record" in str(form.query_one("#form-notice").render())
        )
        # ...while the form keeps what the user typed, the focus and the cursor.
        assert app.screen is form
        assert name.value == "Hal"
        assert app.focused is name
        assert name.cursor_position == len("Hal")
        await pilot.press("f")
        assert name.value == "Half"


async def stale_save(app, pilot, anna, wave_id: int, *, field: str):
    """This user types "Mine" into `field` of the wave's form, anna renames the wave, the save
    meets the conflict dialog; returns the form behind it."""
    form = wave_form(app, wave_id)
    app.push_screen(form)
    await pilot.pause()
    form.query_one(f"#field-{field}", Input).value = "Mine"
    await anna.rename(wave_id, "Theirs")
    press_action(form, "save")
    await wait_for(pilot, lambda: showing(app, ConflictDialog))
    return form


async def test_stale_save_opens_the_conflict_dialog_and_overwrite_is_deliberate(seeded, anna, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        await stale_save(app, pilot, anna, ids["wave"], field="objective")
        text = str(app.screen.query_one("#conflict-text").render())
        assert "changed by someone else" in text
        assert "Name: Wave 1 → Theirs" in text
        assert "anna@other-host" in text
        stored = app.db.read(lambda s: fetch_row(s, RolloutWave, ids["wave"]))
        assert (stored["name"], stored["objective"]) == ("Theirs", "")  # nothing overwritten yet
        press_action(app.screen, "choose", "overwrite")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog | ConflictDialog))
        stored = app.db.read(lambda s: fetch_row(s, RolloutWave, ids["wave"]))
        assert (stored["name"], stored["objective"]) == ("Wave 1", "Mine")


async def test_stale_save_reload_takes_theirs_and_keeps_my_other_edits(seeded, anna, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        form = await stale_save(app, pilot, anna, ids["wave"], field="objective")
        press_action(app.screen, "choose", "reload")
        await wait_for(pilot, lambda: form.query_one("#field-name", Input).value == "Theirs")
        assert app.screen is form
        assert form.query_one("#field-objective", Input).value == "Mine"
        said = static_text(form.query_one("#form-error"))
        assert said.startswith("Loaded what they saved into the fields they changed; your edits to other")
        press_action(form, "save")
        await wait_for(pilot, lambda: app.screen is not form)
        stored = app.db.read(lambda s: fetch_row(s, RolloutWave, ids["wave"]))
        assert (stored["name"], stored["objective"]) == ("Theirs", "Mine")


async def test_after_reloading_theirs_escape_leaves_without_asking_when_nothing_of_mine_is_left(
    seeded, anna, make_cockpit
):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        form = await stale_save(app, pilot, anna, ids["wave"], field="name")
        await pilot.press("r")  # theirs in the one field I changed: nothing of mine is left
        await wait_for(pilot, lambda: form.query_one("#field-name", Input).value == "Theirs")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not form)
        assert not showing(app, ConfirmDialog)


async def test_deleting_what_another_user_just_changed_asks_again(seeded, anna, make_cockpit):
    path, ids = seeded
    app = make_cockpit(path)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        wave = ids["wave"]

        def delete(session, version):
            return delete_row(session, RolloutWave, wave, expected_version=version, what="wave")

        screen.delete_record(label="Wave 1", delete=delete, version=1)
        await wait_for(pilot, lambda: showing(app, ConfirmDialog))
        await anna.rename(wave, "Wave Renamed")
        press_action(app.screen, "answer", True)
        await wait_for(pilot, lambda: showing(app, ConfirmDialog) and "anna" in question(app))
        assert "Wave 1 was changed by anna since you opened it" in question(app)
        assert "Name: Wave 1 → Wave Renamed" in question(app)
        assert app.db.read(lambda s: fetch_row(s, RolloutWave, wave)) is not None
        press_action(app.screen, "answer", True)
        await wait_for(pilot, lambda: app.db.read(lambda s: fetch_row(s, RolloutWave, wave)) is None)


def question(app) -> str:
    return str(app.screen.query_one("#question").render())


async def test_two_cockpits_as_the_same_user_see_each_others_changes_and_conflicts(seeded, make_cockpit):
    # Both run as the same OS user on the same host: only the remembered audit ids tell them apart.
    path, ids = seeded
    first, second = make_cockpit(path), make_cockpit(path)
    async with first.run_test() as pilot_a, second.run_test() as pilot_b:
        await wait_for(pilot_a, lambda: "setup" in status(first))
        await wait_for(pilot_b, lambda: "setup" in status(second))
        stale = wave_form(second, ids["wave"])
        second.push_screen(stale)
        form = wave_form(first, ids["wave"])
        first.push_screen(form)
        await pilot_a.pause()
        form.query_one("#field-name", Input).value = "From the first"
        form.action_save()
        await wait_for(pilot_a, lambda: first.screen is not form)
        await wait_for(pilot_b, lambda: "changed From the first" in status(second), timeout=3.0)
        assert status(second).startswith(f"{first.db.actor.user} changed From the first")
        await wait_for(pilot_a, lambda: status(first).startswith("you changed From the first"))
        assert ids["wave"] in second.screen_stack[-2].recently_changed("rollout_wave")
        assert first.screen.recently_changed("rollout_wave") == set()

        stale.query_one("#field-objective", Input).value = "Second's objective"
        stale.action_save()
        await wait_for(pilot_b, lambda: showing(second, ConflictDialog))
        assert "Name: Wave 1 → From the first" in str(second.screen.query_one("#conflict-text").render())
