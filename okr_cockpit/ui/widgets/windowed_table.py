"""A table that scrolls through every row of a long list while holding only a window of them.

The rows live in SQL. A screen's load reads the total and one window around the row to select
(`load_window`, in the load's thread) and hands it to `show_window` with a `fetch_window(session,
offset, limit)` callable; when the viewport or the cursor comes near the window's edge, the table
reads the next window around the viewport in a thread of its own. Rows outside the window show a
placeholder until they arrive; `current()` is None on a placeholder, so a key press never acts on
a row the user does not see.

A line-API ScrollView: it renders only the lines in view, the header stays on top, and the cursor
keys are the cockpit's list keys (`list_keys.list_moves`) plus arrows, PgUp/PgDn, Home/End.
Subclasses say how a row looks (`cells`) and what identifies it (`row_key`).
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from sqlalchemy.orm import Session
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from okr_cockpit.i18n import _
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.widgets.list_keys import CursorTable, list_moves

FetchWindow = Callable[[Session, int, int], Sequence[Any]]
PLACEHOLDER = "…"


@dataclass(frozen=True)
class Window:
    """`rows` are the rows from `offset` on, of `total`; the cursor goes to `cursor` (None: row 0)."""

    total: int
    offset: int
    rows: tuple[Any, ...]
    cursor: int | None = None


def load_window(session: Session, fetch_window: FetchWindow, total: int, cursor: int, size: int) -> Window:
    """The window of `size` rows around `cursor` (clamped to the list), read in the caller's thread."""
    cursor = max(0, min(cursor, total - 1)) if total else 0
    offset = max(0, min(cursor - size // 3, total - size))
    rows = tuple(fetch_window(session, offset, size)) if total else ()
    return Window(total, offset, rows, cursor)


def cursor_words(table: "WindowedTable") -> str:
    """`row 17`: where the cursor is, for the title beside the count (nothing for one row or none)."""
    return _("row {row:,}").format(row=table.cursor_row + 1) if table.total > 1 else ""


def count_words(table: "WindowedTable", what: str) -> str:
    """`2,000 stakeholders · row 17`: the whole list's count (`what`) and where the cursor is."""
    return " · ".join(part for part in (what, cursor_words(table)) if part)


@dataclass
class WindowColumn:
    key: str
    label: Text
    width: int
    hidden: bool = False  # left out by `fit_columns` in a narrow terminal

    def get_render_width(self, table: "WindowedTable") -> int:
        return 0 if self.hidden else self.width + 2 * table.cell_padding


class TableMessage(Message):
    """A message about a WindowedTable (Textual's `control`, for `@on(..., selector)`)."""

    def __init__(self, table: "WindowedTable") -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> "WindowedTable":
        return self.table


class RowMessage(TableMessage):
    def __init__(self, table: "WindowedTable", row: Any) -> None:
        super().__init__(table)
        self.row = row


class WindowedTable(ReportsFailures, ScrollView, can_focus=True):
    """Every row of a list reachable with the cursor; only `WINDOW` rows held at a time."""

    WINDOW: ClassVar[int] = 200  # rows read and held at a time
    MARGIN: ClassVar[int] = 40  # read the next window when the viewport comes this close to the edge
    FLEX: ClassVar[dict[int, int]] = {}  # as CursorTable.FLEX
    DROP: ClassVar[tuple[int, ...]] = ()  # as CursorTable.DROP
    BINDINGS: ClassVar[list[BindingType]] = [
        *list_moves("first", "last"),
        Binding("down", "cursor_down", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("home,ctrl+home", "first", show=False),
        Binding("end,ctrl+end", "last", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--cursor",
        "datatable--even-row",
        "datatable--odd-row",
        "datatable--placeholder",
    }
    DEFAULT_CSS = """
    WindowedTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header { background-tint: $foreground 5%; }
        }
        &:dark > .datatable--even-row { background: $surface-darken-1 40%; }
        & > .datatable--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .datatable--header { background: ansi_bright_blue; color: ansi_default; }
        & > .datatable--even-row { background: $surface-lighten-1 50%; }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--placeholder { color: $text-muted; }
    }
    """

    class Moved(TableMessage):
        """The cursor moved, or a reload changed the total (for a title that says where it is)."""

    class Highlighted(RowMessage):
        """The cursor is on a loaded row (also when that row arrives after the cursor got there)."""

    class Selected(RowMessage):
        """Enter (or a click on the cursor's row) on a loaded row."""

    class HeaderClicked(TableMessage):
        def __init__(self, table: "WindowedTable", key: str) -> None:
            super().__init__(table)
            self.key = key

    # CursorTable's column fitting, shared: it reads `columns` (their label, width, hidden and
    # get_render_width), `declared_widths` and `cell_padding`.
    fit_columns = CursorTable.fit_columns

    def __init__(self, *, zebra_stripes: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.zebra_stripes = zebra_stripes
        self.cell_padding = 1
        self.columns: dict[str, WindowColumn] = {}
        self.declared_widths: dict[str, int] = {}
        self.total = 0
        self.held_offset = 0  # index of the first held row
        self.held_rows: tuple[Any, ...] = ()  # the held window
        self.cursor_row = 0
        self.fetch_window: FetchWindow | None = None
        self.generation = 0  # a reload starts a new one; windows read for an older one are dropped
        self.reading = False  # a window is being read (one at a time)
        self.highlighted: Hashable | None = None  # key of the row last announced
        self.selection_read: Hashable | None = None  # `highlighted` when a load last read `selection()`
        self.window_shown: Window | None = None
        self.line_cache: dict[tuple, Strip] = {}  # rendered rows, for the held window only
        self._require_update_dimensions = False  # set by fit_columns; nothing waits for it here

    # -- what subclasses say -------------------------------------------------------------------
    def cells(self, row: Any) -> Sequence[Text | str]:
        raise NotImplementedError

    def row_key(self, row: Any) -> Hashable:
        raise NotImplementedError

    # -- columns ---------------------------------------------------------------------------------
    def add_column(self, label: str, *, key: str, width: int) -> str:
        self.columns[key] = WindowColumn(key, Text(label), width)
        self.declared_widths[key] = width
        self.call_after_refresh(self.fit_columns)
        self._clear_caches()
        return key

    def clear_columns(self) -> None:
        self.columns.clear()
        self.declared_widths.clear()
        self._clear_caches()

    def _clear_caches(self) -> None:
        self.line_cache.clear()
        self._update_virtual_size()

    def on_resize(self) -> None:
        self.fit_columns()
        self._clear_caches()
        self.want_window()

    # -- rows --------------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self.total

    @property
    def rows_by_id(self) -> dict[Hashable, Any]:
        """The held rows by key (a window, not the whole list)."""
        return {self.row_key(row): row for row in self.held_rows}

    def row_at(self, index: int) -> Any | None:
        if self.held_offset <= index < self.held_offset + len(self.held_rows):
            return self.held_rows[index - self.held_offset]
        return None

    def get_row_at(self, index: int) -> Sequence[Text | str]:
        row = self.row_at(index)
        return self.cells(row) if row is not None else ()

    def current(self) -> Any | None:
        """The row under the cursor, or None while it is not loaded (or the list is empty)."""
        return self.row_at(self.cursor_row) if self.total else None

    def index_of(self, key: Hashable) -> int | None:
        for index, row in enumerate(self.held_rows):
            if self.row_key(row) == key:
                return self.held_offset + index
        return None

    def show_window(self, window: Window, fetch_window: FetchWindow | None) -> None:
        """A reload's rows: `fetch_window` reads further windows of the same list."""
        if window is self.window_shown:  # the same load shown again (its marks expired): only the look
            self._clear_caches()
            self.refresh()
            return
        self.window_shown = window
        top = self.cursor_row - round(self.scroll_y)  # keep the cursor where it was on screen
        cursor = window.cursor or 0
        if self.highlighted is not None and self.highlighted != self.selection_read:
            # The user moved on while the load ran: stay on their record rather than go back.
            keys = [self.row_key(row) for row in window.rows]
            if self.highlighted in keys:
                cursor = window.offset + keys.index(self.highlighted)
        self.generation += 1
        self.reading = False
        self.fetch_window = fetch_window
        self.total, self.held_offset, self.held_rows = window.total, window.offset, window.rows
        self.cursor_row = min(cursor, max(0, self.total - 1))
        self._clear_caches()
        self.scroll_to(y=max(0, self.cursor_row - max(0, top)), animate=False, immediate=True)
        self.scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Moved(self))
        self.announce()
        self.want_window()

    def window_loaded(self, generation: int, offset: int, rows: tuple[Any, ...], size: int) -> None:
        if generation != self.generation:
            return
        self.reading = False
        if len(rows) < min(size, self.total - offset):
            # The list shrank since the load counted it (another user's change; the reload that
            # follows counts again): end it here instead of reading the missing rows for ever.
            self.total = offset + len(rows)
            self.cursor_row = min(self.cursor_row, max(0, self.total - 1))
            self._update_virtual_size()
            self.post_message(self.Moved(self))
        self.held_offset, self.held_rows = offset, rows
        self.line_cache.clear()
        self.refresh()
        self.announce()
        self.want_window()

    def want_window(self) -> None:
        """Read the window around the viewport when what is in view (with a margin) is not held."""
        if self.fetch_window is None or not self.total or self.reading:
            return
        first = max(0, round(self.scroll_y) - self.MARGIN)
        last = min(self.total, round(self.scroll_y) + self.visible_rows + self.MARGIN)
        held_end = self.held_offset + len(self.held_rows)
        if self.held_offset <= first and last <= held_end and self.held_offset <= self.cursor_row < held_end:
            return
        middle = (
            (round(self.scroll_y) + self.visible_rows // 2)
            if self.is_in_view(self.cursor_row)
            else self.cursor_row
        )
        size = self.window_size
        offset = max(0, min(middle - size // 2, self.total - size))
        self.reading = True
        self.read_window(self.generation, offset, size, self.fetch_window)

    @work(thread=True, group="window", exit_on_error=False)
    def read_window(self, generation: int, offset: int, size: int, fetch_window: FetchWindow) -> None:
        try:
            rows = tuple(self.app.db.read(lambda session: fetch_window(session, offset, size)))
        except BaseException:
            self.app.call_from_thread(self.window_failed, generation)
            raise
        self.app.call_from_thread(self.window_loaded, generation, offset, rows, size)

    def window_failed(self, generation: int) -> None:
        if generation == self.generation:
            self.reading = False

    def announce(self) -> None:
        row = self.current()
        key = self.row_key(row) if row is not None else None
        if key != self.highlighted:
            self.highlighted = key  # None on a placeholder: a reload then keeps the index instead
            if row is not None:
                self.post_message(self.Highlighted(self, row))

    def selection(self) -> tuple[Hashable | None, int]:
        """(key of the row under the cursor or None, cursor index): what a reload keeps. Plain
        attributes, so a load's thread may read them; `show_window` sees whether the cursor moved
        after this was read."""
        self.selection_read = self.highlighted
        return self.highlighted, self.cursor_row

    # -- the cursor ---------------------------------------------------------------------------------
    @property
    def window_size(self) -> int:
        """Rows to read at a time: WINDOW, or more on a screen so tall that the viewport and its margins
        would not fit in it."""
        return max(self.WINDOW, self.visible_rows + 2 * self.MARGIN)

    @property
    def visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # the header takes one line

    def is_in_view(self, index: int) -> bool:
        return round(self.scroll_y) <= index < round(self.scroll_y) + self.visible_rows

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        if not self.total:
            return
        row = max(0, min(row, self.total - 1))
        if row != self.cursor_row:  # the cached lines stay: their key says whether the cursor is on them
            self.cursor_row = row
            self.refresh()
            self.post_message(self.Moved(self))
        self.scroll_cursor_into_view()
        self.announce()
        self.want_window()

    def select_key(self, key: Hashable) -> bool:
        """Put the cursor on the held row with this key; False when it is not held."""
        index = self.index_of(key)
        if index is not None:
            self.move_cursor(row=index)
        return index is not None

    def scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self.visible_rows:
            self.scroll_to(y=self.cursor_row - self.visible_rows + 1, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.want_window()

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.scroll_to(y=round(self.scroll_y) + self.visible_rows, animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row + self.visible_rows)

    def action_page_up(self) -> None:
        self.scroll_to(y=round(self.scroll_y) - self.visible_rows, animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row - self.visible_rows)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.total - 1)

    def action_select(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            key = self.column_at(offset.x + round(self.scroll_x))
            if key is not None:
                self.post_message(self.HeaderClicked(self, key))
            return
        index = round(self.scroll_y) + offset.y - 1
        if index < self.total:
            if index == self.cursor_row:
                self.action_select()
            self.move_cursor(row=index)

    def column_at(self, x: int) -> str | None:
        for column in self.columns.values():
            x -= column.get_render_width(self)
            if x < 0 and not column.hidden:
                return column.key
        return None

    # -- rendering ----------------------------------------------------------------------------------
    def _update_virtual_size(self) -> None:
        width = sum(column.get_render_width(self) for column in self.columns.values())
        self.virtual_size = Size(width, self.total + 1)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        if y == 0:
            strip = self.line_strip(
                [column.label for column in self.columns.values()],
                self.get_component_rich_style("datatable--header"),
            )
        else:
            index = round(self.scroll_y) + y - 1
            if index >= self.total:
                return Strip.blank(width, self.rich_style)
            strip = self.row_strip(index)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def row_strip(self, index: int) -> Strip:
        row = self.row_at(index)
        cursor = index == self.cursor_row
        key = (index, cursor, self.has_focus)
        if key in self.line_cache:
            return self.line_cache[key]
        style = self.rich_style
        if self.zebra_stripes:
            style += self.get_component_rich_style(
                "datatable--odd-row" if index % 2 else "datatable--even-row"
            )
        if row is None:  # not read yet: a moment later it is
            placeholder = self.get_component_rich_style("datatable--placeholder")
            cells: Sequence[Text | str] = [Text(PLACEHOLDER, style=placeholder)]
        else:
            cells = self.cells(row)
        if cursor:
            style += self.get_component_rich_style("datatable--cursor")
        strip = self.line_strip(cells, style)
        if row is not None and self.held_offset <= index < self.held_offset + len(self.held_rows):
            self.line_cache[key] = strip
        return strip

    def line_strip(self, cells: Sequence[Text | str], style: Style) -> Strip:
        """One line: each cell cut (with …) or padded to its column's width, between the padding."""
        segments: list[Segment] = []
        console = self.app.console
        pad = " " * self.cell_padding
        for column, cell in zip(self.columns.values(), list(cells) + [""] * len(self.columns), strict=False):
            if column.hidden:
                continue
            text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
            text.no_wrap = True
            justify = text.justify
            text.truncate(column.width, overflow="ellipsis")
            gap = column.width - text.cell_len
            if justify == "right":
                text = Text(" " * gap) + text
            else:
                text.pad_right(gap)
            segments.append(Segment(pad))
            segments.extend(text.render(console))
            segments.append(Segment(pad))
        return Strip(Segment.apply_style(segments, style))
