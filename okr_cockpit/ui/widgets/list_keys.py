"""The keys that move through every list of the cockpit, defined once: j/k down and up, g/G to the
first and last row (PgUp/PgDn are Textual's own). Hidden from the footer; `?` lists them under
"Move". The ids are shared, so one keymap entry (settings.json "keys") remaps them in every list.
"""

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets._data_table import Column

from okr_cockpit.i18n import N_
from okr_cockpit.ui.widgets.marks import MARKED, Marking

MARK_COLUMN = "marks"


def list_moves(first: str, last: str, down: str = "cursor_down", up: str = "cursor_up") -> list[Binding]:
    return [
        Binding("j", down, N_("Down"), show=False, id="list.down"),
        Binding("k", up, N_("Up"), show=False, id="list.up"),
        Binding("g", first, N_("First row"), show=False, id="list.first"),
        Binding("G", last, N_("Last row"), show=False, id="list.last"),
    ]


class FittedColumn(Column):
    """A column `fit_columns` can hide: a hidden column takes no width at all, padding included."""

    hidden: bool = False

    def get_render_width(self, data_table: DataTable) -> int:
        return 0 if self.hidden else super().get_render_width(data_table)


class CursorTable(Marking, DataTable):
    """Every table of the cockpit: a DataTable with the list keys, whose columns fit the width.

    FLEX names the text columns (by position) and their shares: they take the width a wide terminal
    leaves over, and give up width (down to half theirs, never below their header) where the table is
    narrower than its columns.
    DROP names the columns to hide, least important first, where even that does not fit: the
    essentials stay whole instead of every column being cut or the last ones falling off the edge.
    MARKABLE tables have a first column for the marks of `Marking` (positions in FLEX and DROP
    leave it out); such a table adds `mark_keys()` to its BINDINGS.
    """

    BINDINGS = list_moves("scroll_top", "scroll_bottom")
    FLEX: dict[int, int] = {}  # column index -> share of the spare width
    DROP: tuple[int, ...] = ()  # column indexes, hidden in this order while the table is too narrow
    MARKABLE = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.declared_widths: dict[object, int] = {}  # column key -> the width it was added with

    def add_column(self, label, *args, **kwargs):
        if self.MARKABLE and not self.columns:
            self.add_fitted(Text(MARKED), key=MARK_COLUMN, width=1)
        key = self.add_fitted(label, *args, **kwargs)
        if self.FLEX or self.DROP:
            self.call_after_refresh(self.fit_columns)
        return key

    def add_fitted(self, *args, **kwargs):
        key = super().add_column(*args, **kwargs)
        column = self.columns[key]
        self.columns[key] = FittedColumn(
            column.key, column.label, column.width, column.content_width, column.auto_width
        )
        self.declared_widths[key] = column.width
        return key

    def add_row(self, *cells, **kwargs):
        if self.MARKABLE:
            key = kwargs.get("key")
            cells = (Text(MARKED if key is not None and self.is_marked(key) else ""), *cells)
        return super().add_row(*cells, **kwargs)

    # -- marks (see Marking) ------------------------------------------------------------------
    def mark_key(self) -> str | None:
        if not self.MARKABLE or not self.row_count:
            return None
        key, _column = self.coordinate_to_cell_key((self.cursor_row, 0))
        return key.value

    def draw_mark(self, key, marked: bool) -> None:
        if key in self.rows:
            self.update_cell(key, MARK_COLUMN, Text(MARKED if marked else ""))

    def shown_keys(self) -> list[str]:
        return [key.value for key in self.rows]

    def after_mark(self) -> None:
        self.action_cursor_down()

    # -- widths ---------------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        columns = [column for column in self.columns.values() if column.key != MARK_COLUMN]
        flexible = {index: share for index, share in self.FLEX.items() if index < len(columns)}
        # Room for a vertical scrollbar whether or not it shows yet: rows arrive after the columns.
        available = self.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        available -= sum(c.get_render_width(self) for c in self.columns.values() if c.key == MARK_COLUMN)
        if not (flexible or self.DROP) or available <= 0:
            return
        declared = [self.declared_widths.get(column.key, column.width) for column in columns]
        # A text column gives up at most half its width, and never its header's: no header is cut.
        least = [
            max(width // 2, columns[index].label.cell_len) if index in flexible else width
            for index, width in enumerate(declared)
        ]
        hidden: set[int] = set()

        def needed(widths: list[int]) -> int:
            shown = [width for index, width in enumerate(widths) if index not in hidden]
            return sum(shown) + 2 * self.cell_padding * len(shown)

        for index in self.DROP:
            if needed(least) <= available:
                break
            if index < len(columns):
                hidden.add(index)
        spare = available - needed(declared)
        shares = sum(share for index, share in flexible.items() if index not in hidden)
        widths = list(declared)
        for index, share in flexible.items():
            if index not in hidden:
                widths[index] = max(least[index], declared[index] + spare * share // shares)
        # The shares rounded and the floors at half width can leave the sum over: trim the widest.
        for _step in range(needed(widths) - available):
            slack = [i for i in flexible if i not in hidden and widths[i] > least[i]]
            if not slack:
                break
            widths[max(slack, key=lambda i: widths[i] - least[i])] -= 1
        changed = False
        for index, column in enumerate(columns):
            if column.width != widths[index] or column.hidden != (index in hidden):
                column.width, column.hidden = widths[index], index in hidden
                changed = True
        if changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()
