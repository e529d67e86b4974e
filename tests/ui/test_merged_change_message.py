"""Two cockpits edit the same wave: each change fits alone, together they do not.

The second save is refused where its user typed, at 80×24 and 120×36, saying who changed what
meanwhile; nothing is written. (Without the check the database's own CHECK refused it with
"The database refused the operation: CHECK constraint failed".)
"""

from datetime import date

import pytest
from textual.widgets import Input

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.records import fetch_row
from okr_cockpit.ui.forms.form import FormDialog
from tests.ui.screen_text import static_text
from tests.ui.test_form_messages import SIZES, assert_hint_visible, on_screen
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_rollout_screen import open_rollout, settle


async def open_wave_form(app, pilot) -> FormDialog:
    await open_rollout(app, pilot)
    await pilot.press("e")  # the first wave
    await settle(app, pilot)
    assert isinstance(app.screen, FormDialog)
    return app.screen


async def save(app, pilot, form: FormDialog) -> None:
    assert app.screen is form
    await pilot.press("ctrl+s")
    await settle(app, pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_a_go_live_before_the_start_someone_else_saved_is_said_at_the_go_live(
    demo_path, make_cockpit, size
):
    first, second = make_cockpit(demo_path), make_cockpit(demo_path)
    async with first.run_test(size=size) as pilot_a, second.run_test(size=size) as pilot_b:
        form_a = await open_wave_form(first, pilot_a)
        form_b = await open_wave_form(second, pilot_b)
        start = date.fromisoformat(form_b.query_one("#field-start_on", Input).value)
        go_live = date.fromisoformat(form_a.query_one("#field-go_live_on", Input).value)
        third = (go_live - start) / 3
        earlier_go_live, later_start = start + third, start + 2 * third
        assert start < earlier_go_live < later_start < go_live  # each change fits the other's old value
        wave_id = form_a.record[1]
        before = first.db.read(lambda s: fetch_row(s, RolloutWave, wave_id))

        form_b.query_one("#field-start_on", Input).value = later_start.isoformat()
        await save(second, pilot_b, form_b)
        assert not isinstance(second.screen, FormDialog)  # B's start is saved
        form_a.query_one("#field-go_live_on", Input).value = earlier_go_live.isoformat()
        await save(first, pilot_a, form_a)

        assert first.screen is form_a  # the form stays open with the message
        error = form_a.query_one("#error-go_live_on")
        await wait_for(pilot_a, lambda: on_screen(first, error))
        assert static_text(error).strip() == (
            f"Go-live ({earlier_go_live}) is before the start ({later_start}). {second.db.actor.user} "
            f"changed Start: {later_start} meanwhile; change yours to fit it, or cancel."
        )
        assert first.focused is form_a.query_one("#field-go_live_on")
        assert_hint_visible(first, form_a)
        stored = first.db.read(lambda s: fetch_row(s, RolloutWave, wave_id))
        assert (stored["start_on"], stored["go_live_on"]) == (later_start, before["go_live_on"])
