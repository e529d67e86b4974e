"""Pure drawing of the timeline Gantt: dates to columns, bars with partial blocks, headers, cycle bands.

Nothing here knows Textual: each function returns the characters of one line plus a parallel string
of style codes, so tests can read exactly what a user sees and the widget only maps codes to styles.

Style codes: ' ' blank, 't' today line, 'd' done, 'p' planned, 'o' overdue, 'c' cancelled,
'h' header text, 'k' header tick, 'b' a cycle band, 'B' the current cycle's band, 'w' a rollout wave.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from okr_cockpit.i18n import N_, month_abbreviation

ZOOMS = ((N_("week"), 1), (N_("month"), 3), (N_("quarter"), 7))  # name, days per column
EIGHTHS = " ▏▎▍▌▋▊▉█"
FULL = "█"
PLANNED = "▒"
CANCELLED = "×"
OVERDUE = "!"
TODAY = "│"
TODAY_MARK = "▼"
@dataclass(frozen=True)
class Bar:
    """What the renderer needs of an event: its days, its status and who it belongs to."""

    id: int
    first: date
    last: date
    status: str


@dataclass(frozen=True)
class Band:
    id: int
    name: str
    first: date
    last: date


@dataclass
class Line:
    chars: list[str]
    codes: list[str]
    owners: list[int | None]  # which bar (event id) drew each cell, for selection highlight

    @classmethod
    def blank(cls, width: int) -> "Line":
        return cls([" "] * width, [" "] * width, [None] * width)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    @property
    def code_text(self) -> str:
        return "".join(self.codes)

    def put(self, col: int, char: str, code: str, owner: int | None = None) -> None:
        if 0 <= col < len(self.chars):
            self.chars[col] = char
            self.codes[col] = code
            self.owners[col] = owner

    def write(self, col: int, text: str, code: str) -> None:
        for offset, char in enumerate(text):
            self.put(col + offset, char, code)


def align_origin(day: date, days_per_col: int) -> date:
    """Week columns start on Mondays so each column is one calendar week."""
    return day - timedelta(days=day.weekday()) if days_per_col == 7 else day


def date_to_col(day: date, origin: date, days_per_col: int) -> int:
    """The column that shows `day`; negative when it lies left of the view."""
    return (day - origin).days // days_per_col


def col_to_date(col: int, origin: date, days_per_col: int) -> date:
    """The first day a column shows."""
    return origin + timedelta(days=col * days_per_col)


def bar_cells(first: date, last: date, origin: date, days_per_col: int, width: int) -> list[tuple[int, str]]:
    """(column, glyph) of a solid bar from `first` to `last` inclusive, partial blocks at its ends.

    A bar that ends inside a column fills it from the left in eighths; one that starts inside a
    column and goes on uses a right-aligned half or eighth (Unicode has no other right-aligned parts).
    """
    start = (first - origin).days
    stop = (last - origin).days + 1
    cells = []
    for col in range(max(0, start // days_per_col), min(width, -(-stop // days_per_col))):
        col_start, col_stop = col * days_per_col, (col + 1) * days_per_col
        low, high = max(start, col_start), min(stop, col_stop)
        if high <= low:
            continue
        fraction = (high - low) / days_per_col
        if fraction >= 1:
            glyph = FULL
        elif low == col_start:
            glyph = EIGHTHS[max(1, round(fraction * 8))]
        elif high == col_stop:
            glyph = "▕" if fraction <= 0.25 else ("▐" if fraction <= 0.75 else FULL)
        else:
            glyph = EIGHTHS[max(1, round(fraction * 8))]
        cells.append((col, glyph))
    return cells


def has_full_cell(first: date, last: date, origin: date, days_per_col: int) -> bool:
    """Whether the bar covers at least one whole column (anywhere, in view or not)."""
    start, stop = (first - origin).days, (last - origin).days + 1
    first_whole = -(-start // days_per_col)
    return (first_whole + 1) * days_per_col <= stop


def status_code(bar: Bar, today: date) -> str:
    if bar.status == "planned":
        return "o" if bar.last < today else "p"
    return "d" if bar.status == "done" else "c"


def styled_glyph(glyph: str, code: str, no_body: bool) -> str:
    """Done bars stay solid; planned ones are shaded; cancelled ones are crosses — readable without colour."""
    if code == "c":
        return CANCELLED
    if code in ("p", "o") and (glyph == FULL or no_body):
        return PLANNED
    return glyph


def render_row(bars: Iterable[Bar], origin: date, days_per_col: int, width: int, today: date) -> Line:
    line = Line.blank(width)
    line.put(date_to_col(today, origin, days_per_col), TODAY, "t")
    # Later statuses win a shared cell: overdue and planned matter most to the reader.
    rank = {"c": 0, "d": 1, "p": 2, "o": 3}
    for bar in sorted(bars, key=lambda b: rank[status_code(b, today)]):
        code = status_code(bar, today)
        cells = bar_cells(bar.first, bar.last, origin, days_per_col, width)
        # Without a full cell, a planned bar's partial blocks would look done: shade it whole.
        no_body = not has_full_cell(bar.first, bar.last, origin, days_per_col)
        for position, (col, glyph) in enumerate(cells):
            char = OVERDUE if code == "o" and position == 0 else styled_glyph(glyph, code, no_body)
            line.put(col, char, code, bar.id)
    return line


def place_labels(line: Line, labels: Sequence[tuple[int, str]], *, tick: str = "") -> None:
    """Write labels left to right at their columns, skipping any that would overlap the previous one."""
    free_from = 0
    for col, text in labels:
        if col >= len(line.chars):
            break
        start = max(col, 0)
        if start >= free_from:
            line.write(start, text if col >= 0 else text, "h")
            free_from = start + len(text) + 1
        elif tick and 0 <= col < len(line.chars) and line.chars[col] == " ":
            line.put(col, tick, "k")


def month_header(origin: date, days_per_col: int, width: int) -> Line:
    """Month names at the column where each month begins; the first one shown carries the year."""
    line = Line.blank(width)
    last_day = col_to_date(width, origin, days_per_col)
    month = date(origin.year, origin.month, 1)
    labels: list[tuple[int, str]] = []
    while month < last_day:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        col = date_to_col(max(month, origin), origin, days_per_col)
        room = date_to_col(following, origin, days_per_col) - col - 1  # keep a space before the next
        name = month_abbreviation(month.month)
        long = f"{name} {month.year}"
        if room >= len(long) and (not labels or room >= 9 or month.month == 1):
            labels.append((col, long))
        elif month.month == 1 and room >= 3:
            labels.append((col, str(month.year) if room >= 4 else f"'{month.year % 100:02}"))
        elif room >= len(name):
            labels.append((col, name))
        month = following
    place_labels(line, labels)
    return line


def week_header(origin: date, days_per_col: int, width: int, today: date) -> Line:
    line = Line.blank(width)
    monday = origin + timedelta(days=(7 - origin.weekday()) % 7)
    labels = []
    while date_to_col(monday, origin, days_per_col) < width:
        labels.append((date_to_col(monday, origin, days_per_col), f"W{monday.isocalendar().week:02}"))
        monday += timedelta(weeks=1)
    place_labels(line, labels, tick="·")
    col = date_to_col(today, origin, days_per_col)
    if 0 <= col < width and line.chars[col] not in " ·":
        line.codes[col] = "t"  # on a week label: colour its cell, never overwrite it (today line below)
    else:
        line.put(col, TODAY_MARK, "t")
    return line


def cycle_band(
    bands: Iterable[Band], origin: date, days_per_col: int, width: int, current: int | None
) -> Line:
    """Each cycle as ├─ name ─┤ across its columns; the current cycle is marked with double lines."""
    line = Line.blank(width)
    for band in bands:
        first = date_to_col(band.first, origin, days_per_col)
        last = date_to_col(band.last, origin, days_per_col)
        if last < 0 or first >= width:
            continue
        code = "B" if band.id == current else "b"
        rule, left, right = ("═", "╞", "╡") if code == "B" else ("─", "├", "┤")
        for col in range(max(first, 0), min(last, width - 1) + 1):
            line.put(col, rule, code)
        line.put(first, left, code)
        line.put(last, right, code)
        name = f" {band.name} "
        inside = max(first + 1, 0)
        if inside + len(name) <= min(last, width):
            line.write(inside, name, code)  # a name that does not fit whole is left out, never cut
    return line


@dataclass(frozen=True)
class WaveSpan:
    """A rollout wave from its start to its go-live, and the decision recorded for it."""

    name: str
    first: date
    last: date
    decision: str  # shown as glyph + word, e.g. "✓ go"


def wave_lanes(spans: Iterable[WaveSpan], most: int) -> list[list[WaveSpan]]:
    """Waves on as few lines as fit them without touching; at most `most` lines (the rest share the last)."""
    lanes: list[list[WaveSpan]] = []
    for span in sorted(spans, key=lambda s: (s.first, s.last)):
        free = next((lane for lane in lanes if lane[-1].last < span.first), None)
        if free is None and len(lanes) < most:
            lanes.append([span])
        else:
            (free or lanes[-1]).append(span)
    return lanes


def wave_line(spans: Sequence[WaveSpan], origin: date, days_per_col: int, width: int) -> Line:
    """Each wave as ┣━ name ━◆ decision: ┣ its start, ◆ its go-live; a label that does not fit is left out."""
    line = Line.blank(width)
    placed = []
    for span in spans:
        first = date_to_col(span.first, origin, days_per_col)
        last = date_to_col(span.last, origin, days_per_col)
        if last < 0 or first >= width:
            continue
        for col in range(max(first, 0), min(last, width - 1) + 1):
            line.put(col, "━", "w")
        line.put(first, "┣", "w")
        line.put(last, "◆", "w")
        placed.append((first, last, span))
    for first, last, span in placed:  # labels after all bars, so no label hides a bar
        after = f" {span.decision}"
        room = line.chars[last + 1 : last + 2 + len(after)] if last >= -1 else []
        decided_after = len(room) >= len(after) and all(char == " " for char in room)
        if decided_after:
            line.write(last + 1, after, "w")
        inside, end = max(first + 1, 0), min(last, width)
        for label in ([] if decided_after else [f" {span.name} · {span.decision} "]) + [f" {span.name} "]:
            if inside + len(label) <= end:
                line.write(inside, label, "w")
                break
    return line


def fit(text: str, width: int) -> str:
    """Cut to `width` with an ellipsis, padded to exactly `width`."""
    if width <= 0:
        return ""
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)
