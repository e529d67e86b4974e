"""The event form takes a meeting time; the Timeline's details show it with the cockpit's time zone."""

from datetime import date, time

from sqlalchemy import select

from okr_cockpit.db.models import CycleEvent
from okr_cockpit.services.events.time_zone import set_time_zone
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.forms.form import FormDialog
from tests.ui.screen_text import plain
from tests.ui.test_timeline_screen import open_timeline, settle, world  # noqa: F401 - the fixture

event = CycleEvent.__table__


async def test_a_meeting_time_typed_in_the_form_is_stored_and_shown_in_the_details(world, make_cockpit):  # noqa: F811
    db, path, _ids = world
    db.write(lambda s: set_time_zone(s, "Europe/Berlin"))
    app = make_cockpit(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot, "j", "a")
        form = app.screen
        assert isinstance(form, FormDialog)
        labels = " ".join(str(label.render()) for label in form.query(".label"))
        assert "Time in Europe/Berlin (empty = all day)" in labels
        form.query_one("#field-start_on").value = "2026-11-18"
        form.query_one("#field-start_time").value = "9.30"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        stored = db.read(
            lambda s: s.execute(
                select(event.c.start_time, event.c.duration_minutes).where(
                    event.c.start_on == date(2026, 11, 18)
                )
            ).one()
        )
        assert tuple(stored) == (time(9, 30), 60)
        await pilot.press("tab", "tab", "down", "enter")  # the upcoming list focuses 17 Nov; ours is next
        await settle(app, pilot)
        assert isinstance(app.screen, MessageDialog)
        body = plain(app.screen.body, width=100)
        assert "2026-11-18 09:30–10:30" in body
        assert "09:30–10:30 (60 min, Europe/Berlin)" in body
