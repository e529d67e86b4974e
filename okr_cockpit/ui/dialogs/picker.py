"""Fuzzy-pick one record (a person, unit, coach...) from the database as the user types."""

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from okr_cockpit.i18n import N_, _
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import literal


@dataclass(frozen=True)
class Choice:
    id: int | None
    label: str
    detail: str = ""


# search(session, query, limit) -> choices, run in a thread
ChoiceSearch = Callable[[Session, str, int], list[Choice]]


class PickerDialog(ReportsFailures, ModalScreen[Choice | None]):
    """Returns the chosen Choice, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="picker.cancel"),
        Binding("down", "move(1)", N_("Next"), show=False, id="picker.down"),
        Binding("up", "move(-1)", N_("Previous"), show=False, id="picker.up"),
    ]
    DEFAULT_CSS = """
    PickerDialog { align: center middle; }
    PickerDialog > Vertical { width: 80; max-width: 100%; height: 24; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; }
    PickerDialog OptionList { height: 1fr; }
    PickerDialog #hint { color: $text-muted; }
    """

    def __init__(
        self, title: str, search: ChoiceSearch, *, allow_none: str | None = None, limit: int = 50
    ) -> None:
        super().__init__()
        self.title_text = title
        self.search = search
        self.allow_none = allow_none
        self.limit = limit
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = self.title_text
        with box:
            yield Input(placeholder=_("Type to search…"), id="query")
            yield OptionList(id="results")
            yield Static(_("↑↓ choose · enter take · esc cancel"), id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.lookup("")

    @on(Input.Changed, "#query")
    def query_changed(self, event: Input.Changed) -> None:
        self.lookup(event.value)

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def lookup(self, query: str) -> None:
        found = self.app.db.read(lambda session: self.search(session, query.strip(), self.limit))
        self.app.call_from_thread(self.show_choices, found)

    def show_choices(self, found: list[Choice]) -> None:
        if self.allow_none is not None:
            found = [Choice(None, self.allow_none), *found]
        self.choices = found
        results = self.query_one(OptionList)
        results.clear_options()
        for choice in found:
            label = literal(choice.label)
            if choice.detail:
                label.append(Text("  " + choice.detail, style="dim"))
            results.add_option(Option(label))
        if found:
            # Once the user typed something, the best match (not the "none" entry) is what enter takes.
            typed = bool(self.query_one(Input).value.strip())
            results.highlighted = 1 if typed and self.allow_none is not None and len(found) > 1 else 0

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#query")
    def take_highlighted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self.choices):
            self.dismiss(self.choices[highlighted])

    @on(OptionList.OptionSelected)
    def take_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
