"""Two cockpits edit the same unit at once: different fields are both kept without asking;
the same field opens the conflict dialog, which names only that field."""

from textual.widgets import Input, TextArea

from okr_cockpit.ui.dialogs.conflict import ConflictDialog
from okr_cockpit.ui.forms.form import FormDialog
from tests.ui.screen_text import static_text
from tests.ui.test_form_messages import open_edit_form
from tests.ui.test_live_refresh import showing, wait_for
from tests.ui.test_units_screen import unit_row


async def edit_both(first, pilot_a, second, pilot_b) -> tuple[FormDialog, FormDialog]:
    """Both users open the edit form of Payments before either saves."""
    form_a = await open_edit_form(first, pilot_a, "Payments")
    form_b = await open_edit_form(second, pilot_b, "Payments")
    return form_a, form_b


async def save(app, pilot, form: FormDialog) -> None:
    # A key, not form.action_save(): a direct call would run in the app started last (Textual's active app).
    assert app.screen is form
    await pilot.press("ctrl+s")
    await wait_for(
        pilot, lambda: showing(app, ConflictDialog) or not isinstance(app.screen, FormDialog | ConflictDialog)
    )


async def test_different_fields_changed_at_once_are_both_kept(demo_path, make_cockpit):
    first, second = make_cockpit(demo_path), make_cockpit(demo_path)
    async with first.run_test(size=(120, 36)) as pilot_a, second.run_test(size=(120, 36)) as pilot_b:
        form_a, form_b = await edit_both(first, pilot_a, second, pilot_b)
        form_a.query_one("#field-notes", TextArea).text = "Pilot starts in March"
        form_b.query_one("#field-name", Input).value = "Payments & Billing"
        await save(second, pilot_b, form_b)
        await save(first, pilot_a, form_a)
        assert not isinstance(first.screen, FormDialog | ConflictDialog)  # saved without a dialog
    row = unit_row(demo_path, "Payments & Billing")
    assert row is not None and row["notes"] == "Pilot starts in March"


async def test_the_same_field_changed_at_once_is_a_conflict_naming_only_it(demo_path, make_cockpit):
    first, second = make_cockpit(demo_path), make_cockpit(demo_path)
    async with first.run_test(size=(120, 36)) as pilot_a, second.run_test(size=(120, 36)) as pilot_b:
        form_a, form_b = await edit_both(first, pilot_a, second, pilot_b)
        form_a.query_one("#field-notes", TextArea).text = "Notes of A"
        form_a.query_one("#field-state").value = "pilot"
        form_b.query_one("#field-notes", TextArea).text = "Notes of B"
        form_b.query_one("#field-name", Input).value = "Payments & Billing"
        await save(second, pilot_b, form_b)
        await save(first, pilot_a, form_a)
        assert showing(first, ConflictDialog)
        text = static_text(first.screen.query_one("#conflict-text"))
        assert "Notes: — → Notes of B  (yours: Notes of A)" in text
        assert "Name" not in text and "Rollout state" not in text
        assert unit_row(demo_path, "Payments & Billing")["notes"] == "Notes of B"  # nothing of A's yet
        await pilot_a.press("o")
        await wait_for(pilot_a, lambda: not isinstance(first.screen, FormDialog | ConflictDialog))
    row = unit_row(demo_path, "Payments & Billing")  # B's name stays: A never touched it
    assert (row["notes"], row["state"]) == ("Notes of A", "pilot")
