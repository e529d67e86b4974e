"""Marking rows for a bulk action, the same in every list that offers one: space marks or unmarks the
row under the cursor (and moves down), escape clears the marks (or, with none, does what escape does
there otherwise). A marked row shows MARKED, never colour alone.

`Marking` keeps the marks by row key; a list mixes it in, adds `mark_keys()` to its BINDINGS (a mixin
that is not a DOMNode cannot declare bindings itself) and says how to find and draw a row. The screen
listens for `Marking.Changed` to put the count in its title, and asks `marked()` for the rows a bulk
action applies to: the marked rows still shown, or none (then the action takes the cursor's row).
"""

from collections.abc import Hashable, Iterable

from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message

from okr_cockpit.i18n import N_, ngettext

MARKED = "✔"


def mark_keys() -> list[Binding]:
    return [
        # Not in the footer (the screen's own keys are more use there): `?` and the README list it,
        # and while rows are marked the title says what to press.
        Binding(
            "space", "toggle_mark", N_("Mark/unmark"), key_display="space", show=False, id="marks.toggle"
        ),
        Binding("escape", "clear_marks", N_("Clear marks"), show=False, id="marks.clear"),
    ]


def selected_words(count: int) -> str:
    """`3 selected`: the title's part while rows are marked, else nothing."""
    return ngettext("{count:,} selected", "{count:,} selected", count).format(count=count) if count else ""


class Marking:
    """Marks by row key for a widget (a CursorTable, the unit tree, an option list)."""

    class Changed(Message):
        """The marks of `widget` changed; `count` rows are marked now."""

        def __init__(self, widget: "Marking", count: int) -> None:
            super().__init__()
            self.widget = widget
            self.count = count

        @property
        def control(self) -> "Marking":  # so `@on(Marking.Changed, "#list-id")` picks one list
            return self.widget

    @property
    def marks(self) -> set[Hashable]:
        try:
            return self._marks
        except AttributeError:  # a mixin has no __init__ of its own: the set starts on first use
            self._marks: set[Hashable] = set()
            return self._marks

    # -- what the list provides -------------------------------------------------------------
    def mark_key(self) -> Hashable | None:
        """The key of the row under the cursor (None: no row)."""
        raise NotImplementedError

    def draw_mark(self, key: Hashable, marked: bool) -> None:
        """Show or hide the mark on the row `key`, if it is shown."""
        raise NotImplementedError

    def shown_keys(self) -> Iterable[Hashable]:
        """The keys of the rows shown now (marks of rows a reload removed do not count)."""
        raise NotImplementedError

    def after_mark(self) -> None:
        """After space: the cursor moves to the next row, so space space space marks a run."""

    # -- the marks --------------------------------------------------------------------------
    def is_marked(self, key: Hashable) -> bool:
        return key in self.marks

    def marked(self) -> list[Hashable]:
        return [key for key in self.shown_keys() if key in self.marks]

    def action_toggle_mark(self) -> None:
        key = self.mark_key()
        if key is None:
            return
        self.marks.symmetric_difference_update({key})
        self.draw_mark(key, key in self.marks)
        self.after_mark()
        self.changed_marks()

    def action_clear_marks(self) -> None:
        if not self.marked():
            self.marks.clear()
            raise SkipAction()  # nothing marked: escape goes on to the screen (filter, back)
        self.clear_marks()

    def clear_marks(self) -> None:
        cleared = self.marked()
        self.marks.clear()
        for key in cleared:
            self.draw_mark(key, False)
        self.changed_marks()

    def changed_marks(self) -> None:
        self.post_message(self.Changed(self, len(self.marked())))  # type: ignore[attr-defined]
