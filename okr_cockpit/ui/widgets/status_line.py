"""The line above the footer that says who changed what last: `anna changed Team Payments · 5 s ago`."""

from datetime import UTC, datetime

from textual.widgets import Static

from okr_cockpit.i18n import _, format_day
from okr_cockpit.services.audit import Change, Names, describe_fields


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


def status_text(change: Change | None, *, me: bool, now: datetime, names: Names | None = None) -> str:
    """`you changed Team Payments (Wave: Wave 2 → Wave 3) · 5 s ago`."""
    if change is None:
        return _("No changes recorded yet.")
    where = "" if me else f" ({change.host})"
    fields = describe_fields(change.fields, action=change.action, width=24, names=names)
    what = f" ({fields})" if fields and change.action == "update" else ""
    return f"{change.sentence(me=me)}{where}{what} · {ago(change.at, now)}"


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
        self.update(status_text(self.change, me=self.me, now=datetime.now(UTC), names=self.names))
        self.set_class(self.change is not None and not self.me, "others")
