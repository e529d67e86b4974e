"""The line above the footer that says who changed what last: `anna changed Team Payments · 5 s ago`."""

from datetime import UTC, datetime

from rich.cells import cell_len, set_cell_size
from textual.widgets import Static

from okr_cockpit.i18n import _, format_day
from okr_cockpit.services.audit import Change, Names, describe_fields
from okr_cockpit.services.labels import PATH_SEPARATOR


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 2:
        return _("just now")
    if seconds < 60:
        return _("{count} s ago").format(count=seconds)
    if seconds < 3600:
        return _("{count} min ago").format(count=seconds // 60)
    if seconds < 86400:
        return _("{count} h ago").format(count=seconds // 3600)
    return _("on {day}").format(day=format_day(then.date()))


def status_text(
    change: Change | None, *, me: bool, now: datetime, names: Names | None = None, width: int = 0
) -> str:
    """`you changed Team Payments (Wave: Wave 2 → Wave 3) · 5 s ago`, in `width` cells if given: the
    fields give way first, so who, what and when stay readable in a narrow terminal."""
    if change is None:
        return _("No changes recorded yet.")
    where = "" if me else f" ({change.host})"
    who_what = change.sentence(me=me) + where
    when = f" · {ago(change.at, now)}"
    if width and cell_len(who_what) + cell_len(when) > width:  # a unit's path gives way to its name
        who_what = change.sentence(me=me, what=change.what.split(PATH_SEPARATOR)[-1]) + where
    fields = describe_fields(change.fields, action=change.action, width=24, names=names)
    if not fields or change.action != "update":
        return shortened(who_what, width - cell_len(when)) + when
    room = width - cell_len(who_what) - cell_len(when) - 3  # " (" and ")"
    if width and room < MIN_FIELDS:
        return shortened(who_what, width - cell_len(when)) + when
    return f"{who_what} ({shortened(fields, room)}){when}"


MIN_FIELDS = 12  # narrower than this, the changed fields are left out rather than shown as "Sta…"


def shortened(text: str, width: int) -> str:
    """`text` in at most `width` cells (ending in `…` when cut); whole when `width` is 0 or less."""
    if width <= 0 or cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine.others { color: $text; text-style: bold; }
    StatusLine.problem { color: $error; text-style: bold; }
    """

    def __init__(self) -> None:
        # Labels come from the database: never markup.
        super().__init__("", markup=False, id="status-line")
        self.change: Change | None = None
        self.names: Names = {}
        self.me = False
        self.loaded = False
        self.problem = ""  # e.g. the database server is unreachable: said instead of the last change

    def on_mount(self) -> None:
        # Only the "· 5 s ago" part moves; formatting one line a second costs nothing.
        self.set_interval(1.0, self.redraw)

    def show_change(self, change: Change | None, *, me: bool, names: Names | None = None) -> None:
        self.change, self.me, self.loaded = change, me, True
        self.names = names or {}
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def show_problem(self, problem: str) -> None:
        self.problem = problem
        self.set_class(bool(problem), "problem")
        if problem:
            self.update(problem)
        else:
            self.redraw()

    def redraw(self) -> None:
        if self.problem:
            return
        if not self.loaded:  # say nothing rather than "no changes" before the first load
            return
        line = status_text(
            self.change, me=self.me, now=datetime.now(UTC), names=self.names, width=self.content_size.width
        )
        self.update(line)
        self.set_class(self.change is not None and not self.me, "others")
