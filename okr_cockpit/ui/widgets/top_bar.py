"""The line at the top of every screen: the screens by key, the current one marked, and the database.

Seven screens do not fit an 80-column terminal with their full names, so the bar drops the title,
then uses short names, then only keys, until it fits the width it has.
"""

from rich.text import Text
from textual import events
from textual.widgets import Static

from okr_cockpit.i18n import _
from okr_cockpit.ui.screen_list import SCREENS

TITLE = " okr-cockpit "


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(markup=False)
        self.current = current
        self.spans: list[tuple[int, int, str]] = []  # (first cell, end cell, mode) of each screen's name

    def on_click(self, event: events.Click) -> None:
        """A click on a screen's name (or key) switches to that screen."""
        for start, end, mode in self.spans:
            if start <= event.x < end and mode != self.current:
                self.app.action_switch_mode(mode)  # waits for the database while it opens
                return

    def on_mount(self) -> None:
        self.update(self.bar(self.size.width or 80))

    def on_resize(self, event: events.Resize) -> None:
        self.update(self.bar(event.size.width))

    def bar(self, width: int) -> Text:
        """The widest form of the bar that fits `width` (the current screen always named)."""
        for title, short in ((True, False), (False, False), (False, True)):
            text, self.spans = self.tabs_with_spans(title=title, short=short)
            if text.cell_len <= width:
                return text
        text, self.spans = self.tabs_with_spans(title=False, short=True, keys_only=True)
        return text

    def tabs_with_spans(self, **form: bool) -> tuple[Text, list[tuple[int, int, str]]]:
        spans: list[tuple[int, int, str]] = []
        text = self.tabs(**form, spans=spans)
        return text, spans

    def tabs(self, *, title: bool, short: bool, keys_only: bool = False, spans: list | None = None) -> Text:
        text = Text(TITLE, style="bold reverse") if title else Text()
        for entry in SCREENS:
            start = text.cell_len
            key, mode, name = entry.key, entry.mode, _(entry.short if short else entry.name)
            # Short names sit closer together; the current screen is always named.
            if mode == self.current:
                text.append(f" {key}▸{name}◂" if short else f" {key} ▸{name}◂ ", style="bold underline")
            elif keys_only:
                text.append(f" {key}")
            else:
                text.append(f" {key} {name}" if short else f" {key} {name} ")
            if spans is not None:
                spans.append((start, text.cell_len, mode))
        return text
