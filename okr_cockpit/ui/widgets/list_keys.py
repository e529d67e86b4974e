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
    """Every table of the cockpit: a DataTable with the list keys, whose text columns fit the width.

    FLEX names the text columns (by position) and their shares: they take the width a wide terminal
    leaves over, and give up width (down to half theirs) where the table is narrower than its columns,
    so the other columns stay on screen instead of falling off the right edge.
    """

    BINDINGS = list_moves("scroll_top", "scroll_bottom")
    FLEX: dict[int, int] = {}  # column index -> share of the spare width

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.declared_widths: dict[object, int] = {}  # column key -> the width it was added with

    def add_column(self, *args, **kwargs):
        key = super().add_column(*args, **kwargs)
        self.declared_widths[key] = self.columns[key].width
        if self.FLEX:
            self.call_after_refresh(self.fit_columns)
        return key

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        columns = list(self.columns.values())
        flexible = {index: share for index, share in self.FLEX.items() if index < len(columns)}
        # Room for a vertical scrollbar whether or not it shows yet: rows arrive after the columns.
        available = self.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        if not flexible or available <= 0:
            return
        declared = [self.declared_widths.get(column.key, column.width) for column in columns]
        spare = available - sum(declared) - 2 * self.cell_padding * len(columns)
        shares = sum(flexible.values())
        changed = False
        for index, share in flexible.items():
            width = max(declared[index] // 2, declared[index] + spare * share // shares)
            if columns[index].width != width:
                columns[index].width = width
                changed = True
        if changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()
