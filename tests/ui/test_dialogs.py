"""The shared dialogs: the picker takes the best match, the form shows each label once."""

from textual.app import App

from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.forms.form import FormDialog, FormField

PEOPLE = [Choice(1, "Anna Berg"), Choice(2, "Ben Okafor")]


def search_people(_session, query: str, limit: int) -> list[Choice]:
    return [c for c in PEOPLE if query.lower() in c.label.lower()][:limit]


class DialogHost(App):
    def __init__(self, db) -> None:
        super().__init__()
        self.db = db
        self.result = "not answered"

    def keep(self, value) -> None:
        self.result = value


async def test_picker_with_a_none_entry_takes_the_typed_match(db):
    app = DialogHost(db)
    async with app.run_test() as pilot:
        app.push_screen(PickerDialog("Lead", search_people, allow_none="(no lead)"), app.keep)
        await pilot.pause()
        await pilot.press(*"ben")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == Choice(2, "Ben Okafor")


async def test_picker_without_typing_offers_none_first(db):
    app = DialogHost(db)
    async with app.run_test() as pilot:
        app.push_screen(PickerDialog("Lead", search_people, allow_none="(no lead)"), app.keep)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == Choice(None, "(no lead)")


async def test_form_shows_a_checkbox_label_once(db):
    app = DialogHost(db)
    async with app.run_test() as pilot:
        fields = [FormField("name", "Name"), FormField("exempt", "Exempt from the rollout", kind="bool")]
        app.push_screen(FormDialog("Edit", fields, lambda session, values: values, values={"name": "x"}))
        await pilot.pause()
        texts = [str(w.render()) for w in app.screen.query("Static.label")]
        assert texts == ["Name"]
        assert str(app.screen.query_one("#field-exempt").label) == "Exempt from the rollout"
