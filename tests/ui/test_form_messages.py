"""Every error of a save is shown where the user looks, at 80×24 and 120×36, in forms longer than the screen.

The unit edit form (ten fields) and the event form do not fit: the error must still be on screen, inside
the form's visible part, with the key hint below it — never scrolled away or cut off.
"""

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import select
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

from okr_cockpit.db.models import CycleEvent
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.validation import TEXT_MAX
from okr_cockpit.ui.dialogs.conflict import ConflictDialog
from okr_cockpit.ui.forms import form as form_module
from okr_cockpit.ui.forms.event import edit_event_dialog
from okr_cockpit.ui.forms.form import HINT, FormDialog
from tests.concurrency.lock_holder import lock_held_elsewhere
from tests.ui.screen_text import static_text
from tests.ui.test_live_refresh import showing, wait_for
from tests.ui.test_units_screen import go_to, open_units, settle, unit_row

SIZES = [(80, 24), (120, 36)]


def on_screen(app, widget: Widget) -> bool:
    """The widget is laid out, fully inside the terminal and inside every scrolling parent's view."""
    region = widget.region
    if region.height == 0 or not Region(0, 0, *app.size).contains_region(region):
        return False
    return all(
        parent.region.contains_region(region)
        for parent in widget.ancestors
        if isinstance(parent, Widget) and parent.is_scrollable
    )


async def open_edit_form(app, pilot, name: str) -> FormDialog:
    screen = await open_units(app, pilot)
    await go_to(app, pilot, screen, name)
    await pilot.press("e")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, FormDialog)
    return form


def assert_hint_visible(app, form: FormDialog) -> None:
    hint = form.query_one("#form-hint")
    assert on_screen(app, hint)
    assert static_text(hint).strip() == HINT


@pytest.mark.parametrize("size", SIZES)
async def test_a_validation_error_on_the_last_field_is_scrolled_into_view(demo_path, make_cockpit, size):
    app = make_cockpit(demo_path)
    async with app.run_test(size=size) as pilot:
        form = await open_edit_form(app, pilot, "Payments")
        error = form.query_one("#error-notes")
        assert not on_screen(app, form.query_one("#field-notes"))  # the form is longer than the screen
        assert_hint_visible(app, form)
        form.query_one("#field-notes").text = "x" * (TEXT_MAX + 1)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await wait_for(pilot, lambda: on_screen(app, error))
        assert static_text(error).strip() == f"Notes is too long; at most {TEXT_MAX} characters are allowed."
        assert app.focused is form.query_one("#field-notes")
        assert_hint_visible(app, form)
        assert unit_row(demo_path, "Payments")["notes"] == ""


@pytest.mark.parametrize("size", SIZES)
async def test_a_scope_unit_deleted_meanwhile_is_said_at_the_top_of_the_form(demo_path, make_cockpit, size):
    app = make_cockpit(demo_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        cycles, item = app.db.read(lambda s: (svc.list_cycles(s), scoped_event(s)))
        form = edit_event_dialog(cycles, item, time_zone="Europe/Berlin")
        app.push_screen(form)
        await settle(app, pilot)
        without_foreign_keys(demo_path, f"DELETE FROM org_unit WHERE id = {item.unit_id}")
        form.query_one("#field-notes").focus()  # the user is at the bottom of the form
        await pilot.pause()
        assert not on_screen(app, form.query_one("#field-kind"))  # the top of the form is scrolled away
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        message = form.query_one("#form-error")
        assert static_text(message).strip() == "That unit no longer exists."
        assert on_screen(app, message)
        assert_hint_visible(app, form)
        assert app.screen is form


def scoped_event(session) -> EventInfo:
    event = CycleEvent.__table__
    event_id = session.execute(
        select(event.c.id).where(event.c.unit_id.is_not(None)).order_by(event.c.id).limit(1)
    ).scalar_one()
    return svc.get_event(session, event_id)


def without_foreign_keys(path, statement: str) -> None:
    """Another program removes a row behind the cockpit's back (the cockpit itself never leaves orphans)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute(statement)
        connection.commit()


@pytest.mark.parametrize("size", SIZES)
async def test_a_unit_deleted_meanwhile_opens_the_deleted_conflict_on_screen(demo_path, make_cockpit, size):
    app = make_cockpit(demo_path)
    async with app.run_test(size=size) as pilot:
        form = await open_edit_form(app, pilot, "Payments")
        unit_id = unit_row(demo_path, "Payments")["id"]
        without_foreign_keys(demo_path, f"DELETE FROM org_unit WHERE id = {unit_id}")
        form.query_one("#field-notes").focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: showing(app, ConflictDialog))
        text = app.screen.query_one("#conflict-text")
        assert static_text(text).startswith("This unit was deleted by someone else.")
        assert on_screen(app, text) and on_screen(app, app.screen.query_one("#back"))
        # Deleted behind the cockpit's back (no audited deletion): nothing to restore, only leave.
        assert [button.id for button in app.screen.query(Button)] == ["discard", "back"]
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog | ConflictDialog))
        assert unit_row(demo_path, "Payments") is None


@pytest.mark.parametrize("size", SIZES)
async def test_another_users_save_that_does_not_end_is_said_at_the_top(
    demo_path, make_cockpit, size, monkeypatch
):
    monkeypatch.setattr(form_module, "LOCK_WAIT_SECONDS", 0.5)  # the real limit is a minute
    app = make_cockpit(demo_path)
    # Reads are not blocked by the lock (WAL): the form opens, only its save has to wait.
    with lock_held_elsewhere(demo_path) as held:
        async with app.run_test(size=size) as pilot:
            assert held.ready.wait(20)
            form = await open_edit_form(app, pilot, "Payments")
            form.query_one("#field-name").value = "Payments & Billing"
            await pilot.press("ctrl+s")
            message = form.query_one("#form-error")
            await wait_for(pilot, lambda: "try again" in static_text(message), timeout=10)
            assert static_text(message).strip() == "Another user is saving — try again."
            assert on_screen(app, message)
            assert_hint_visible(app, form)
            assert app.screen is form and form.query_one("#field-name").value == "Payments & Billing"
    assert unit_row(demo_path, "Payments") is not None
