"""A list of the Timeline (overdue, upcoming): a heading line, then one event a line.

Space marks events (see `Marking`); the heading says how many are marked, and `x` / `X` on the
screen then mark all of them done or cancelled at once.
"""

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from okr_cockpit.ui.widgets.list_keys import list_moves
from okr_cockpit.ui.widgets.marks import MARKED, Marking, mark_keys, selected_words


class EventList(Marking, OptionList):
    BINDINGS = [*list_moves("first", "last"), *mark_keys()]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.heading = ""
        self.prompts: dict[str, Text] = {}  # option id -> the event's line, unmarked

    def fill(self, heading: str, rows: list[tuple[str, Text]]) -> None:
        """Refill, keeping the highlight where it was (reloads happen under the user's feet) and the
        marks of the events still listed."""
        highlighted = self.highlighted
        kept = self.mark_key()  # the event under the highlight, found again by id if still listed
        self.heading, self.prompts = heading, dict(rows)
        self.clear_options()
        options = [Option(self.heading_text(), disabled=True)]
        options += [Option(self.prompt_for(key), id=key) for key in self.prompts]
        self.add_options(options)
        if kept in self.prompts:
            self.highlighted = self.get_option_index(kept)
        elif highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_focus(self) -> None:
        # Focused without a highlight, space would mark nothing and x act on the chart's event:
        # the first event is the one the keys mean.
        if self.highlighted is None and self.option_count > 1:
            self.highlighted = 1

    def heading_text(self) -> str:
        selected = selected_words(len(self.marked()))
        return f"{self.heading} · {selected}" if selected else self.heading

    def prompt_for(self, key: str) -> Text:
        line = Text(f"{MARKED} ", style="bold") if self.is_marked(key) else Text()
        return line.append_text(self.prompts[key])

    # -- marks (see Marking) ----------------------------------------------------------------
    def mark_key(self) -> str | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled else option.id

    def draw_mark(self, key, marked: bool) -> None:
        if key in self.prompts:
            self.replace_option_prompt(key, self.prompt_for(key))

    def shown_keys(self) -> list[str]:
        return list(self.prompts)

    def after_mark(self) -> None:
        self.action_cursor_down()

    def changed_marks(self) -> None:
        if self.option_count:
            self.replace_option_prompt_at_index(0, self.heading_text())
        super().changed_marks()
