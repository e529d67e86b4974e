"""Screen 1: the rollout at a glance — states and waves, coach coverage, events, stakeholders."""

from dataclasses import dataclass, replace

from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Digits, Static

from okr_cockpit.db.models import ATTITUDES, ROLLOUT_STATES
from okr_cockpit.i18n import N_, _, format_day, format_number, format_percent
from okr_cockpit.services.overview import Overview, load_overview, overview_health
from okr_cockpit.services.rollout.health import Tally
from okr_cockpit.ui.glyphs import (
    ATTITUDE_GLYPHS,
    OVERDUE,
    STATE_GLYPHS,
    WARNING,
    bar,
    health_label,
    literal,
    word,
)
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.rollout_trend import RolloutTrend


class Figure(Static):
    """A headline number with its caption."""


class BigFigure(Vertical):
    """Presentation mode's headline number: large `Digits` over a caption that says what it counts."""

    def compose(self) -> ComposeResult:
        yield Digits("…")
        yield Static("", classes="caption", markup=False)

    def show(self, value: str, caption: str) -> None:
        self.query_one(Digits).update(value)
        self.query_one(".caption", Static).update(caption)


FIGURES = ("live", "coverage", "over", "overdue")


@dataclass(frozen=True)
class PanelRows:
    """How many lines each list of the Overview gets: at least these, more in a tall terminal."""

    events: int = 8
    coaches: int = 5  # over capacity
    follow_ups: int = 4  # overdue
GO_LIVE_FROM = 48  # the waves' go-live column is shown from this panel width: narrower, names come first


class OverviewScreen(CockpitScreen):
    MODE = "overview"
    BINDINGS = [Binding("r", "reload", N_("Reload"), id="overview.reload")]
    rows = PanelRows()  # what the last load was asked for
    longest_figure = 0  # cells of the longest headline card's text

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="headline"):
            for name in FIGURES:
                yield Figure("…", id=f"figure-{name}", classes="figure", markup=False)
        # Shown instead of #headline in presentation mode (see app.tcss): readable from the back row.
        with Horizontal(id="headline-big"):
            for name in FIGURES:
                yield BigFigure(id=f"big-{name}", classes="big-figure")
        yield RolloutTrend("", id="rollout-trend", markup=False)
        with Grid(id="overview-grid"):
            for name, title in (
                ("rollout", N_("Rollout by wave")),
                ("coverage", N_("Coach coverage")),
                ("events", N_("Next events")),
                ("stakeholders", N_("Stakeholders")),
            ):
                panel = Static(_("Loading…"), id=f"panel-{name}", classes="panel", markup=False)
                panel.border_title = _(title)
                yield panel

    def reload(self) -> None:
        self.rows = self.panel_rows()  # read here: fetch runs in a thread
        super().reload()

    def fetch(self, session: Session) -> Overview:
        rows = self.rows
        return load_overview(
            session, today=self.app.today(), with_health=False, events=rows.events, follow_ups=rows.follow_ups
        )

    def panel_rows(self) -> "PanelRows":
        """As many list lines as the panels have room for (a taller terminal lists more)."""

        def room(panel: str, used: int, least: int) -> int:
            return max(least, self.query_one(f"#panel-{panel}", Static).content_size.height - used)

        # The lines above each list: process health; the coverage figures; the attitudes and a heading.
        least = PanelRows()
        return PanelRows(
            events=room("events", 1, least.events),
            coaches=room("coverage", 6, least.coaches),
            follow_ups=room("stakeholders", 7, least.follow_ups),
        )

    def on_resize(self) -> None:
        self.call_after_refresh(self.resized)  # the panels have their new size after the refresh

    def resized(self) -> None:
        self.fit_headline()
        if self.shown_data is not None and self.panel_rows() != self.rows:
            self.reload()

    def action_reload(self) -> None:
        self.reload()

    def show(self, data: Overview) -> None:
        self.show_headline(data)
        self.query_one(RolloutTrend).reload(data.today)
        self.query_one("#panel-rollout", Static).update(rollout_panel(data))
        rows = self.rows
        self.query_one("#panel-coverage", Static).update(coverage_panel(data, shown=rows.coaches))
        self.query_one("#panel-events", Static).update(events_panel(data))
        self.query_one("#panel-stakeholders", Static).update(stakeholders_panel(data, shown=rows.follow_ups))
        if not data.health_loaded:
            today = data.today
            self.load_latest("health", lambda s: overview_health(s, today=today), self.show_health)

    def show_health(self, found: tuple[str, Tally]) -> None:
        if self.shown_data is None:
            return
        cycle, tally = found
        self.shown_data = replace(self.shown_data, health_cycle=cycle, health=tally, health_loaded=True)
        self.query_one("#panel-events", Static).update(events_panel(self.shown_data))

    def fit_headline(self) -> None:
        """Every card one line high, or all two when one caption needs it: the cards stay level."""
        width = min((figure.size.width - 3 for figure in self.query(Figure)), default=0)  # border, padding
        self.query_one("#headline").set_class(0 < width < self.longest_figure, "two-lines")

    def show_headline(self, data: Overview) -> None:
        live = data.state_counts.get("live", 0)
        figures = {
            "live": (f"{format_number(live)}/{format_number(data.units_total)}", _("units live")),
            # Short captions: four of them share an 80-column line.
            "coverage": (format_percent(data.coverage.percent), _("teams coached")),
            "over": (format_number(len(data.over_capacity)), _("over capacity")),
            "overdue": (format_number(data.overdue_follow_ups_total), _("overdue follow-ups")),
        }
        for name, (value, caption) in figures.items():
            text = Text(value, style="bold")
            text.append(f" {caption}")
            self.query_one(f"#figure-{name}", Figure).update(text)
        self.longest_figure = max(len(value) + 1 + len(caption) for value, caption in figures.values())
        self.fit_headline()
        big = {
            "live": (
                format_number(live),
                _("{mark} of {total:,} units live").format(mark=STATE_GLYPHS["live"], total=data.units_total),
            ),
            "coverage": (format_percent(data.coverage.percent), _("of teams have a primary coach")),
            "over": (
                format_number(len(data.over_capacity)),
                _("{mark} of {total:,} coaches over capacity").format(mark=WARNING, total=data.coaches_total),
            ),
            "overdue": (
                format_number(data.overdue_follow_ups_total),
                _("{mark} overdue follow-ups").format(mark=OVERDUE),
            ),
        }
        for name, (value, caption) in big.items():
            self.query_one(f"#big-{name}", BigFigure).show(value, caption)


def rollout_panel(data: Overview) -> Group:
    # Columns, not a wrapped line: glyph, word and number stay together, as many per line as fit.
    summary = Columns(
        [Text(f"{STATE_GLYPHS[s]} {word(s)} {data.state_counts.get(s, 0)}") for s in ROLLOUT_STATES],
        padding=(0, 3),
    )
    return Group(summary, Text(""), WaveRows(data))


class WaveRows:
    """The waves' table, built for the width it gets: a narrow panel leaves out the go-live column,
    so the wave names stay readable instead of every one reading "Wave…"."""

    def __init__(self, data: Overview) -> None:
        self.data = data

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        go_live = options.max_width >= GO_LIVE_FROM
        table = Table(box=None, pad_edge=False, expand=True, show_edge=False)
        table.add_column(_("wave"), ratio=3, no_wrap=True, overflow="ellipsis")
        if go_live:
            table.add_column(_("go-live"), no_wrap=True)
        for state in ROLLOUT_STATES:
            table.add_column(STATE_GLYPHS[state], justify="right", no_wrap=True)
        for row in self.data.waves:
            decision = f" ({word(row.decision)})" if row.decision else ""
            label = literal(row.wave)
            label.append(decision, style="dim")
            day = [format_day(row.go_live_on) if row.go_live_on else "—"] if go_live else []
            table.add_row(label, *day, *(str(row.counts.get(s, 0) or "·") for s in ROLLOUT_STATES))
        yield table


def coverage_panel(data: Overview, *, shown: int = 5) -> Group:
    cov = data.coverage
    lines = Text()
    lines.append(f"{bar(cov.teams_covered, cov.teams_needing_coach, 20)} {format_percent(cov.percent)}\n")
    lines.append(
        _("{teams_covered} of {teams_needing_coach} teams in active waves have a primary coach\n").format(
            teams_covered=cov.teams_covered, teams_needing_coach=cov.teams_needing_coach
        )
    )
    if cov.teams_uncovered:
        lines.append(
            _("{WARNING} {teams_uncovered} teams uncovered\n").format(
                WARNING=WARNING, teams_uncovered=cov.teams_uncovered
            ),
            style="bold",
        )
    lines.append(
        _("\n{count} of {coaches_total} coaches over capacity\n").format(
            count=len(data.over_capacity), coaches_total=data.coaches_total
        )
    )
    for load in data.over_capacity[:shown]:
        lines.append(f"{WARNING} ")
        lines.append_text(literal(load.name))
        lines.append(_("  {load}/{capacity} teams  over\n").format(load=load.load, capacity=load.capacity))
    if len(data.over_capacity) > shown:
        lines.append(_("  … and {value} more\n").format(value=len(data.over_capacity) - shown), style="dim")
    return Group(lines)


def events_panel(data: Overview) -> Group:
    health = Text(_("Process health"))
    if not data.health_loaded:
        health.append(_(": loading…"), style="dim")
    elif data.health_cycle:
        health.append(_(" of ")).append_text(literal(data.health_cycle))
        health.append(f": {health_label(data.health)}", style="bold")
        health.append(
            _(" · {held} of {due} due events held").format(held=data.health.held, due=data.health.due)
        )
    else:
        health.append(_(": no cycle yet"))
    return Group(health, next_events_table(data))


def next_events_table(data: Overview) -> Table | Text:
    if not data.next_events:
        return Text(_("No planned events ahead."))
    table = Table(box=None, pad_edge=False, expand=True, show_header=False)
    table.add_column(_("date"), no_wrap=True)
    table.add_column(_("kind"), no_wrap=True)
    table.add_column(_("scope"), ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column(_("facilitator"), ratio=1, no_wrap=True, overflow="ellipsis")
    for event in data.next_events:
        table.add_row(
            format_day(event.start_on), word(event.kind), literal(event.scope), literal(event.facilitator)
        )
    return table


def stakeholders_panel(data: Overview, *, shown: int = 4) -> Group:
    mix = Table(box=None, pad_edge=False, show_header=False)
    mix.add_column("attitude", no_wrap=True)
    mix.add_column("count", justify="right")
    mix.add_column("bar", no_wrap=True)
    for attitude in ATTITUDES:
        count = data.attitude_counts.get(attitude, 0)
        mix.add_row(
            f"{ATTITUDE_GLYPHS[attitude]} {word(attitude)}", str(count), bar(count, data.stakeholders_total)
        )
    follow = Text(
        _("\n{OVERDUE} {overdue_follow_ups_total} overdue follow-ups\n").format(
            OVERDUE=OVERDUE, overdue_follow_ups_total=format_number(data.overdue_follow_ups_total)
        ),
        style="bold",
    )
    for item in data.overdue_follow_ups[:shown]:
        follow.append(f"{format_day(item.due)} ")
        follow.append_text(literal(item.stakeholder))
        follow.append(" · ")
        follow.append_text(literal(item.owner))
        follow.append("\n")
    return Group(mix, follow)
