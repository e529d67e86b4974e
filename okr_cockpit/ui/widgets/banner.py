"""A one-line notice under the top bar, e.g. why the cockpit is read-only."""

from textual.widgets import Static


class Banner(Static):
    DEFAULT_CSS = """
    Banner { height: auto; background: $warning 30%; color: $text; padding: 0 1; display: none; }
    Banner.shown { display: block; }
    """

    def show_message(self, message: str) -> None:
        self.update(message)
        self.set_class(bool(message), "shown")
