"""Show a block of text (help, details) until escape."""

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_cockpit.i18n import N_
from okr_cockpit.ui.widgets.list_keys import list_moves


class TextScroll(VerticalScroll):
    """A long text that j/k, g/G and PgUp/PgDn scroll."""

    BINDINGS = list_moves("scroll_home", "scroll_end", down="scroll_down", up="scroll_up")


class MessageDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "close", N_("Close"), id="message.close")]
    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > TextScroll { width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; padding: 0 1; background: $surface; }
    """

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        scroll = TextScroll()
        scroll.border_title = self.title_text
        with scroll:
            yield Static(self.body, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
