"""The keys that move through every list of the cockpit, defined once: j/k down and up, g/G to the
first and last row (PgUp/PgDn are Textual's own). Hidden from the footer; `?` lists them under
"Move". The ids are shared, so one keymap entry (settings.json "keys") remaps them in every list.
"""

from textual.binding import Binding
from textual.widgets import DataTable

from okr_cockpit.i18n import N_


def list_moves(first: str, last: str, down: str = "cursor_down", up: str = "cursor_up") -> list[Binding]:
    return [
        Binding("j", down, N_("Down"), show=False, id="list.down"),
        Binding("k", up, N_("Up"), show=False, id="list.up"),
        Binding("g", first, N_("First row"), show=False, id="list.first"),
        Binding("G", last, N_("Last row"), show=False, id="list.last"),
    ]


class CursorTable(DataTable):
    """Every table of the cockpit: a DataTable with the list keys."""

    BINDINGS = list_moves("scroll_top", "scroll_bottom")
