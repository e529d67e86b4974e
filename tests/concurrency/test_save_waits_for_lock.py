"""A form saved while another process holds the write lock says so, waits, and saves by itself.

The other process is real (spawned) and holds BEGIN IMMEDIATE on the same file.
"""

import threading
import time

from sqlalchemy import select

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.records import insert_row
from okr_cockpit.ui.forms.form import HINT, WAITING, WAITING_HINT, FormDialog, FormField
from tests.concurrency import workers
from tests.concurrency.lock_holder import lock_held_elsewhere
from tests.ui.screen_text import static_text
from tests.ui.test_live_refresh import wait_for

wave = RolloutWave.__table__


def add_wave_form() -> FormDialog:
    return FormDialog(
        "Add wave",
        [FormField("name", "Name")],
        lambda session, values: insert_row(session, RolloutWave, {"name": values["name"]}),
    )


def wave_names(app) -> list[str]:
    return app.db.read(lambda s: list(s.execute(select(wave.c.name).order_by(wave.c.id)).scalars()))


def top_line(form: FormDialog) -> str:
    return static_text(form.query_one("#form-error")).strip()


async def test_a_save_under_a_held_lock_waits_then_saves_when_it_is_released(db_path, make_cockpit):
    workers.seed(str(db_path))
    app = make_cockpit(db_path)
    with lock_held_elsewhere(db_path) as held:
        async with app.run_test(size=(80, 24)) as pilot:
            assert held.ready.wait(20)
            form = add_wave_form()
            app.push_screen(form)
            await pilot.pause()
            form.query_one("#field-name").value = "Wave 2"
            pressed = time.monotonic()
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: top_line(form) == WAITING)
            assert static_text(form.query_one("#form-hint")).strip() == WAITING_HINT
            assert app.screen is form and wave_names(app) == ["Wave 1"]
            threading.Timer(1.5, held.release.set).start()
            await wait_for(pilot, lambda: app.screen is not form, timeout=10)
            waited = time.monotonic() - pressed
            assert wave_names(app) == ["Wave 1", "Wave 2"]
    assert 1.5 <= waited < 5.0  # the default busy timeout (5 s) would have refused it


async def test_escape_stops_the_wait_and_keeps_the_form(db_path, make_cockpit):
    workers.seed(str(db_path))
    app = make_cockpit(db_path)
    with lock_held_elsewhere(db_path) as held:
        async with app.run_test(size=(80, 24)) as pilot:
            assert held.ready.wait(20)
            form = add_wave_form()
            app.push_screen(form)
            await pilot.pause()
            form.query_one("#field-name").value = "Wave 2"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: top_line(form) == WAITING)
            await pilot.press("escape")
            await wait_for(pilot, lambda: top_line(form) == "Save cancelled: nothing was written.")
            assert app.screen is form and form.query_one("#field-name").value == "Wave 2"
            assert static_text(form.query_one("#form-hint")).strip() == HINT
            held.release.set()
            await pilot.pause(0.3)
            assert wave_names(app) == ["Wave 1"]  # a stopped save does not go through later
            await pilot.press("ctrl+s")  # the lock is free now: saving again works
            await wait_for(pilot, lambda: app.screen is not form)
            assert wave_names(app) == ["Wave 1", "Wave 2"]
