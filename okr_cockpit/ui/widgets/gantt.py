"""The timeline Gantt widget: draws only the rows and columns in view, line by line (Line API).

The widget owns the view (first date, zoom, top row, cursor row) and the data window the screen
fetched for it. When the view leaves that window it posts `ViewChanged`; the screen fetches the new
window in a worker. Drawing itself is in `gantt_render.py`, free of Textual so it can be tested alone.
"""

from datetime import date, timedelta

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from okr_cockpit.i18n import N_, _
from okr_cockpit.i18n.values import kind_short
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.events.window import SeriesRow, TimelineWindow
from okr_cockpit.ui.widgets.gantt_render import (
    ZOOMS,
    Band,
    Bar,
    Line,
    WaveSpan,
    align_origin,
    col_to_date,
    cycle_band,
    fit,
    month_header,
    render_row,
    wave_lanes,
    wave_line,
    week_header,
)

HEADER_LINES = 3  # cycle band, months, weeks; the waves' lines come above them
WAVE_LANES = 3  # at most this many lines of waves
LEGEND = N_(" █ done ▒ planned × cancelled ! overdue")  # told by glyphs, so it reads without colour
LEGEND_NARROW = N_(" █ done ▒ plan × cancel ! late")  # when LEGEND's words do not fit (German at 80)
CODE_CLASS = {
    "t": "gantt--today",
    "d": "gantt--done",
    "p": "gantt--planned",
    "o": "gantt--overdue",
    "c": "gantt--cancelled",
    "h": "gantt--header",
    "k": "gantt--tick",
    "b": "gantt--band",
    "B": "gantt--band-current",
    "w": "gantt--wave",
    " ": "gantt--blank",
}


def label_widths(width: int) -> tuple[int, int, int]:
    """Widths of the scope, kind and facilitator columns: the chart keeps at least half the width."""
    if width < 100:
        return (14, 10, 11)
    if width < 140:
        return (22, 10, 16)
    return (28, 10, 20)


class GanttChart(Widget, can_focus=True):
    COMPONENT_CLASSES = {
        "gantt--blank",
        "gantt--label",
        "gantt--cursor",
        "gantt--header",
        "gantt--tick",
        "gantt--today",
        "gantt--done",
        "gantt--planned",
        "gantt--overdue",
        "gantt--cancelled",
        "gantt--band",
        "gantt--band-current",
        "gantt--wave",
        "gantt--selected",
    }
    DEFAULT_CSS = """
    GanttChart { height: 1fr; min-height: 6; }
    GanttChart > .gantt--header { text-style: bold; }
    GanttChart > .gantt--tick { color: $text-muted; }
    GanttChart > .gantt--today { color: $warning; text-style: bold; }
    GanttChart > .gantt--done { color: $success; }
    GanttChart > .gantt--planned { color: $primary; }
    GanttChart > .gantt--overdue { color: $error; text-style: bold; }
    GanttChart > .gantt--cancelled { color: $text-muted; }
    GanttChart > .gantt--band { color: $secondary; }
    GanttChart > .gantt--band-current { color: $accent; text-style: bold; }
    GanttChart > .gantt--wave { color: $accent; }
    GanttChart > .gantt--cursor { text-style: bold reverse; }
    GanttChart > .gantt--selected { text-style: reverse; }
    """

    class ViewChanged(Message):
        """The view moved; the screen fetches a new window when the old one no longer covers it."""

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.zoom_index = 1
        self.origin = today
        self.top = 0
        self.cursor = 0
        self.window: TimelineWindow | None = None
        self.bands: list[Band] = []
        self.current_cycle: int | None = None
        self.waves: list[list[WaveSpan]] = []  # one list per line
        self.bars: dict[tuple[int | None, str], list[Bar]] = {}
        self.laid_out_width = self.chart_width
        self.center_on(today)

    # -- geometry --------------------------------------------------------------------------
    @property
    def days_per_col(self) -> int:
        return ZOOMS[self.zoom_index][1]

    @property
    def zoom_name(self) -> str:
        return ZOOMS[self.zoom_index][0]

    @property
    def label_width(self) -> int:
        scope, kind, facilitator = label_widths(self.size.width or 80)
        return 2 + scope + 1 + kind + 1 + facilitator + 1

    @property
    def chart_width(self) -> int:
        return max(10, (self.size.width or 80) - self.label_width)

    @property
    def header_lines(self) -> int:
        return len(self.waves) + HEADER_LINES

    @property
    def visible_rows(self) -> int:
        return max(1, (self.size.height or 20) - self.header_lines)

    @property
    def total_rows(self) -> int:
        return self.window.total_rows if self.window else 0

    def view_range(self) -> tuple[date, date]:
        return self.origin, col_to_date(self.chart_width, self.origin, self.days_per_col) - timedelta(days=1)

    def focus_date(self) -> date:
        """The day a third into the chart, where `t` puts today: selection and current cycle follow it."""
        return col_to_date(self.chart_width // 3, self.origin, self.days_per_col)

    def today_col(self) -> int:
        return (self.today - self.origin).days // self.days_per_col

    # -- moving the view ---------------------------------------------------------------------
    def changed(self) -> None:
        self.refresh()
        self.post_message(self.ViewChanged())

    def center_on(self, day: date, *, at: float = 1 / 3) -> None:
        """Put `day` at a fraction of the chart's width (a third: a little past, more future)."""
        offset = int(self.chart_width * at) * self.days_per_col
        self.origin = align_origin(day - timedelta(days=offset), self.days_per_col)

    def show_date(self, day: date) -> None:
        self.center_on(day)
        self.changed()

    def pan(self, columns: int) -> None:
        self.origin = align_origin(
            self.origin + timedelta(days=columns * self.days_per_col), self.days_per_col
        )
        self.changed()

    def page(self, pages: int) -> None:
        self.pan(pages * max(1, self.chart_width - 4))

    def next_zoom(self) -> None:
        """Cycle week → month → quarter, keeping the focus date where it is."""
        focus = self.focus_date()
        self.zoom_index = (self.zoom_index + 1) % len(ZOOMS)
        self.center_on(focus)
        self.changed()

    def move_cursor(self, rows: int) -> None:
        self.set_cursor(self.cursor + rows)

    def set_cursor(self, row: int) -> None:
        self.cursor = max(0, min(row, self.total_rows - 1))
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + self.visible_rows:
            self.top = self.cursor - self.visible_rows + 1
        self.changed()

    def on_resize(self) -> None:
        """Keep the focus date (a third into the chart) where it was when the width changes."""
        focus = col_to_date(self.laid_out_width // 3, self.origin, self.days_per_col)
        self.laid_out_width = self.chart_width
        self.center_on(focus)
        self.set_cursor(self.cursor)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.move_cursor(3)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.move_cursor(-3)
        event.stop()

    def on_click(self, event: events.Click) -> None:
        if event.y >= self.header_lines:
            self.set_cursor(self.top + event.y - self.header_lines)

    # -- data --------------------------------------------------------------------------------
    def set_window(self, window: TimelineWindow) -> None:
        self.window = window
        self.bars = {
            key: [Bar(e.id, e.start_on, e.end_on or e.start_on, e.status) for e in items if e.start_on]
            for key, items in window.events.items()
        }
        if self.total_rows and self.cursor >= self.total_rows:
            self.set_cursor(self.total_rows - 1)
        self.refresh()

    def set_cycles(self, bands: list[Band], current: int | None) -> None:
        self.bands = bands
        self.current_cycle = current
        self.refresh()

    def set_waves(self, spans: list[WaveSpan]) -> None:
        lanes = wave_lanes(spans, WAVE_LANES)
        if lanes != self.waves:
            self.waves = lanes
            self.refresh()

    def row_at(self, index: int) -> SeriesRow | None:
        if self.window is None:
            return None
        position = index - self.window.row_offset
        return self.window.rows[position] if 0 <= position < len(self.window.rows) else None

    def events_of(self, row: SeriesRow) -> tuple[EventInfo, ...]:
        return self.window.events.get(row.key, ()) if self.window else ()

    def selected_event(self) -> EventInfo | None:
        """In the cursor row: the event in view nearest the focus date, else an unscheduled one."""
        row = self.row_at(self.cursor)
        if row is None or self.window is None:
            return None
        start, end = self.view_range()
        middle = self.focus_date()
        in_view = [e for e in self.events_of(row) if e.start_on <= end and (e.end_on or e.start_on) >= start]
        if in_view:
            return min(in_view, key=lambda e: (abs((e.start_on - middle).days), e.id))
        unscheduled = self.window.unscheduled.get(row.key, ())
        return unscheduled[0] if unscheduled else None

    def facilitator_of(self, row: SeriesRow) -> str:
        shown = [e for e in self.events_of(row) if e.facilitator != "—"]
        if not shown:
            return "—"
        return min(shown, key=lambda e: abs((e.start_on - self.today).days)).facilitator

    # -- drawing -----------------------------------------------------------------------------
    def label_text(self, y: int) -> tuple[str, bool]:
        """The frozen left columns of line `y`, and whether it is the cursor row."""
        scope_w, kind_w, fac_w = label_widths(self.size.width or 80)
        width = self.label_width - 1
        if y < len(self.waves):
            return fit(_(" rollout waves") if y == 0 else "", width) + "│", False
        y -= len(self.waves)
        if y == 0:
            legend = _(LEGEND) if len(_(LEGEND)) <= width else _(LEGEND_NARROW)
            return fit(legend, width) + "│", False
        if y == 1:
            return fit(
                _(" zoom: {zoom} (z) · ? unscheduled").format(zoom=_(self.zoom_name)), width
            ) + "│", False
        if y == 2:
            heads = f"  {fit(_('scope'), scope_w)} {fit(_('kind'), kind_w)} {fit(_('facilitator'), fac_w)}"
            return fit(heads, width) + "│", False
        index = self.top + y - HEADER_LINES
        row = self.row_at(index)
        if row is None:
            loading = index < self.total_rows or self.window is None
            return fit("  …" if loading else "", width) + "│", False
        flag = "!" if row.overdue else ("?" if row.unscheduled else " ")
        text = f"{flag} {fit(row.scope, scope_w)} {fit(kind_short(row.kind), kind_w)} "
        text += fit(self.facilitator_of(row), fac_w)
        return fit(text, width) + "│", index == self.cursor

    def chart_line(self, y: int) -> Line:
        width, dpc = self.chart_width, self.days_per_col
        if y < len(self.waves):
            return wave_line(self.waves[y], self.origin, dpc, width)
        y -= len(self.waves)
        if y == 0:
            return cycle_band(self.bands, self.origin, dpc, width, self.current_cycle)
        if y == 1:
            return month_header(self.origin, dpc, width)
        if y == 2:
            return week_header(self.origin, dpc, width, self.today)
        row = self.row_at(self.top + y - HEADER_LINES)
        if row is None:
            line = Line.blank(width)
            line.put(self.today_col(), "│", "t")  # the today line runs down the whole chart
            if y == HEADER_LINES and self.window is not None and not self.total_rows:
                line.write(1, _("No events: a adds one, p plans a cycle."), "h")
            return line
        return render_row(self.bars.get(row.key, ()), self.origin, dpc, width, self.today)

    def line_text(self, y: int) -> str:
        """The plain text of line `y` as drawn (for tests and screen readers)."""
        label, _ = self.label_text(y)
        return label + self.chart_line(y).text

    def render_line(self, y: int) -> Strip:
        if y >= self.header_lines + self.visible_rows:
            return Strip.blank(self.size.width)
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        label, is_cursor = self.label_text(y)
        label_style = styles["gantt--cursor" if is_cursor else "gantt--label"]
        # Leading blanks get their own segment: SVG screenshots drop them inside a text run.
        body = label[:-1].lstrip(" ")
        segments = [
            Segment(label[: len(label) - 1 - len(body)], label_style),
            Segment(body, label_style),
            Segment(label[-1], styles["gantt--tick"]),
        ]
        line = self.chart_line(y)
        selected = self.selected_event() if is_cursor else None
        run, run_style = "", None
        for char, code, owner in zip(line.chars, line.codes, line.owners, strict=True):
            style: Style = styles[CODE_CLASS.get(code, "gantt--blank")]
            if selected is not None and owner == selected.id:
                style = style + styles["gantt--selected"]
            if style != run_style and run:
                segments.append(Segment(run, run_style))
                run = ""
            run += char
            run_style = style
        if run:
            segments.append(Segment(run, run_style))
        return Strip(segments).adjust_cell_length(self.size.width)
