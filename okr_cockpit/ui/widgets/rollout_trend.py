"""The report's six-month trend on the Overview: one sparkline per headline figure, read in a thread.

Self-contained: it reads `services/reporting/trend.py` with its own worker, so the Overview's own
load stays as it was; the screen only asks it to `reload()` after each of its loads.
"""

import time
from datetime import date

from rich.text import Text
from textual import work
from textual.widgets import Static

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.reporting.trend import TrendPoint, rollout_trend, sparkline

SERIES = (
    (N_("units live"), lambda p: p.live),
    (N_("coverage %"), lambda p: p.coverage_percent),
    (N_("over capacity"), lambda p: p.over_capacity),
    (N_("overdue follow-ups"), lambda p: p.overdue_follow_ups),
)


def trend_line(points: list[TrendPoint]) -> Text:
    """`units live ▁▃▅█ 12→18 · coverage % ▅▅▆▆ 60→67 · …` (values in words too, never the shape alone)."""
    text = Text(_("6 months: "), style="dim")
    if len(points) < 2:
        return text.append(_("no history yet"))
    for index, (caption, value_of) in enumerate(SERIES):
        values = [value_of(p) for p in points]
        if index:
            text.append(" · ", style="dim")
        text.append(f"{_(caption)} ")
        text.append(sparkline(values), style="bold")
        text.append(f" {values[0]}→{values[-1]}")
    return text


class RolloutTrend(Static):
    """One line of sparklines: the rollout at each month end of the last six months and today."""

    DEFAULT_CSS = "RolloutTrend { height: auto; max-height: 2; padding: 0 1; }"
    # The Overview reloads after every save; the six-month line hardly moves, and on the large demo it
    # costs ~3.6 s of a thread, so it is read again only on a new day or after this many seconds.
    REFRESH_SECONDS = 120

    _loaded: tuple[date, float] | None = None

    def reload(self, today: date) -> None:
        if (
            self._loaded
            and self._loaded[0] == today
            and time.monotonic() - self._loaded[1] < self.REFRESH_SECONDS
        ):
            return
        self._loaded = (today, time.monotonic())
        self.load(today)

    @work(thread=True, exclusive=True, group="trend", exit_on_error=False)
    def load(self, today: date) -> None:
        points = self.app.db.read(lambda session: rollout_trend(session, today=today))
        self.app.call_from_thread(self.update, trend_line(points))
