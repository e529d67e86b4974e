"""The Rollout plan's widgets and texts: the wave table, the selected wave's detail, process health."""

from datetime import date

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll

from okr_cockpit.db.models import ROLLOUT_STATES
from okr_cockpit.i18n import N_, _, format_day, format_number, format_percent
from okr_cockpit.i18n.values import kind_short
from okr_cockpit.services.rollout.detail import WaveDetail
from okr_cockpit.services.rollout.health import HEALTH_STATUSES, TRACKED_KINDS, ProcessHealth
from okr_cockpit.services.rollout.readiness import WaveReadiness
from okr_cockpit.services.rollout.waves import WaveInfo
from okr_cockpit.ui.glyphs import (
    ATTITUDE_GLYPHS,
    CHANGED_MARK,
    bar,
    decision_label,
    health_label,
    health_legend,
    health_short,
    literal,
    state_label,
    word,
)
from okr_cockpit.ui.widgets.list_keys import CursorTable, list_moves

HEALTH_GLYPHS = {"done": "✓", "overdue": "!", "missing": "✖", "planned": "□"}
HEALTH_WORDS = {
    "done": N_("done"),
    "overdue": N_("overdue"),
    "missing": N_("missing"),
    "planned": N_("planned"),
}


def health_mark(status: str) -> str:
    """`✓ done`, `✖ missing`: a team's event kind in the health table, glyph and word."""
    return f"{HEALTH_GLYPHS[status]} {_(HEALTH_WORDS[status])}"


MET, UNMET = "✓", "✗"
MET_WORDS = {True: N_("{glyph} met"), False: N_("{glyph} not")}
FIXED_WIDTH = 2 + 6 + 10 + 10 + 11 + 14 + 7 * 2 + 2  # the other columns, cell padding, scrollbar


def met_label(met: bool) -> str:
    """`✓ met` / `✗ not`: a criterion's state as glyph and word."""
    return _(MET_WORDS[met]).format(glyph=MET if met else UNMET)


def met_width() -> int:
    """The state column: 7 as it always was, wider where the words are longer ("✓ erfüllt")."""
    return max(7, *(len(met_label(met)) for met in MET_WORDS))


def readiness_label(readiness: WaveReadiness | None) -> str:
    if readiness is None or not readiness.total:
        return _("· no criteria")
    glyph = MET if readiness.met == readiness.total else "▲"
    return f"{glyph} {readiness.label}"


def day(value: date | None) -> str:
    return format_day(value) if value else "—"


class WaveTable(CursorTable):
    """The waves in plan order; the keys act on the screen."""

    BINDINGS = [
        Binding("n", "screen.add_wave", N_("New wave"), id="rollout.add"),
        Binding("a", "screen.add_units", N_("Add units"), id="rollout.add_units"),
        Binding("e", "screen.edit_wave", N_("Edit"), id="rollout.edit"),
        Binding("d", "screen.delete_wave", N_("Delete"), id="rollout.delete"),
        Binding("v", "screen.decide", N_("Go/no-go"), id="rollout.decide"),
        Binding("c", "screen.criteria", N_("Criteria"), id="rollout.criteria"),
        Binding("K", "screen.move_wave(-1)", N_("Move up"), key_display="K", id="rollout.move_up"),
        Binding("J", "screen.move_wave(1)", N_("Move down"), key_display="J", id="rollout.move_down"),
    ]
    DEFAULT_CSS = """
    WaveTable { height: auto; max-height: 12; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, show_row_labels=False, **kwargs)
        self.waves: list[WaveInfo] = []

    def show_waves(
        self,
        waves: list[WaveInfo],
        readiness: dict[int, WaveReadiness],
        *,
        marked: set[int],
        select: int | None,
    ) -> None:
        """Replace the rows; the cursor stays on the same wave (or `select`, when given)."""
        current = self.wave_at_cursor()
        keep = select if select is not None else current.id if current else None
        row_index = self.cursor_coordinate.row
        self.waves = list(waves)
        self.clear(columns=True)
        self.add_column("#", width=2)
        # The name takes what the other columns leave, so the readiness fits 80 columns too.
        # Fixed columns grow to their header's word (German words are longer); the name gives up the room.
        fixed = [
            (_("Units"), 6),
            (_("Start"), 10),
            (_("Go-live"), 10),
            (_("Decision"), 11),
            (_("Readiness"), 14),
        ]
        widths = [max(width, len(label)) for label, width in fixed]
        grown = sum(widths) - sum(width for _label, width in fixed)
        self.add_column(_("Wave"), width=max(10, min(30, (self.size.width or 120) - FIXED_WIDTH - grown)))
        for (label, _width), width in zip(fixed, widths, strict=True):
            self.add_column(label, width=width)
        for number, item in enumerate(waves, start=1):
            name = literal(item.name)
            if item.id in marked:
                name = Text(f"{CHANGED_MARK} ").append_text(name)
            self.add_row(
                str(number),
                name,
                format_number(item.unit_count),
                day(item.start_on),
                day(item.go_live_on),
                decision_label(item.shown_decision),
                readiness_label(readiness.get(item.id)),
                key=str(item.id),
            )
        ids = [w.id for w in waves]
        if keep in ids:
            self.move_cursor(row=ids.index(keep))
        elif waves:
            self.move_cursor(row=min(row_index, len(waves) - 1))

    def wave_at_cursor(self) -> WaveInfo | None:
        row = self.cursor_coordinate.row
        return self.waves[row] if self.waves and 0 <= row < len(self.waves) else None


def criteria_table(readiness: WaveReadiness | None) -> RenderableType:
    if readiness is None or not readiness.criteria:
        return Text(_("No criteria yet: press c to set them."), style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("met", no_wrap=True, width=met_width())
    table.add_column("criterion", ratio=2)
    table.add_column("figure", ratio=3)
    for item in readiness.criteria:
        table.add_row(met_label(item.met), literal(item.name), literal(item.figure))
    return table


def wave_detail_text(item: WaveInfo, readiness: WaveReadiness | None, detail: WaveDetail | None) -> Group:
    """Objective, criteria, units by state, coverage, coaches' load and critics of the selected wave."""
    head = Text()
    head.append_text(literal(item.name)).stylize("bold")
    head.append(f" · {decision_label(item.shown_decision)}")
    if item.decided_on:
        head.append(_(" on {day}").format(day=format_day(item.decided_on)))
    head.append(_(" · readiness {readiness_label}").format(readiness_label=readiness_label(readiness)))
    parts: list[RenderableType] = [head]
    if item.rationale:
        parts.append(Text(_("Rationale: "), style="dim").append_text(literal(item.rationale)))
    for label, value in (
        (N_("Objective"), item.objective),
        (N_("Entry criteria"), item.entry_criteria),
        (N_("Exit criteria"), item.exit_criteria),
    ):
        if value:
            parts.append(Text(_("{label}: ").format(label=_(label)), style="dim").append(value))
    parts.append(Text(_("\nReadiness criteria"), style="underline"))
    parts.append(criteria_table(readiness))
    if detail is not None:
        parts.extend(detail_sections(detail))
    return Group(*parts)


def detail_sections(detail: WaveDetail) -> list[RenderableType]:
    states = Text(_("\nUnits: "), style="underline")
    shown = [
        f"{state_label(s)} {format_number(detail.states[s])}" for s in ROLLOUT_STATES if detail.states.get(s)
    ]
    none_yet = _("none yet: press a to add a unit and its subtree")
    states.append(" · ".join(shown) if shown else none_yet, style="")
    cov = detail.coverage
    coverage = Text(_("Coverage: "), style="underline")
    coverage.append(
        _("{teams_covered:,} of {teams_needing_coach:,} teams have a primary coach ({percent})").format(
            teams_covered=cov.teams_covered,
            teams_needing_coach=cov.teams_needing_coach,
            percent=format_percent(cov.percent),
        )
        if cov.teams_needing_coach
        else _("no teams yet"),
        style="",
    )
    parts: list[RenderableType] = [states, coverage, Text(_("Coaches' load"), style="underline")]
    if not detail.coaches:
        parts.append(Text(_("no coach assigned to its teams"), style="dim"))
    else:
        loads = Table(box=None, show_header=False, pad_edge=False)
        loads.add_column("coach", no_wrap=True, overflow="ellipsis", max_width=28)
        loads.add_column("load", no_wrap=True)
        for load in detail.coaches:
            line = Text(f"{bar(load.load, load.capacity)} {load.load}/{load.capacity}")
            if load.over_capacity:
                line.append(_(" ▲ over capacity"), style="bold")
            loads.add_row(Text("  ").append_text(literal(load.name)), line)
        parts.append(loads)
        if detail.coaches_total > len(detail.coaches):
            more = _("  … and {value} more").format(value=detail.coaches_total - len(detail.coaches))
            if detail.coaches_over:
                more += _(" ({value:,} over capacity in all)").format(value=detail.coaches_over)
            parts.append(Text(more, style="dim"))
    parts.append(Text(_("Sceptics and blockers in its units"), style="underline"))
    if not detail.critics:
        parts.append(Text(_("none"), style="dim"))
    for critic in detail.critics:
        line = Text(f"  {ATTITUDE_GLYPHS.get(critic.attitude, '?')} {critic.attitude}  ")
        parts.append(line.append_text(literal(critic.name)).append("  ").append_text(literal(critic.unit)))
    if detail.critics_total > len(detail.critics):
        parts.append(
            Text(
                _("  … and {value} more").format(value=detail.critics_total - len(detail.critics)),
                style="dim",
            )
        )
    return parts


class HealthView(VerticalScroll, can_focus=True):
    """Process health of one cycle: division × event kind, the waves, the worst ten teams."""

    BINDINGS = [
        *list_moves("scroll_home", "scroll_end", down="scroll_down", up="scroll_up"),
        # As on the Timeline: [ / ] the previous / next cycle, t today's (c is Criteria on the waves tab).
        Binding("left_square_bracket", "screen.health_cycle(-1)", N_("Previous cycle"), key_display="[",
                id="health.prev"),
        Binding("right_square_bracket", "screen.health_cycle(1)", N_("Next cycle"), key_display="]",
                id="health.next"),
        Binding("t", "screen.health_today", N_("Today's cycle"), id="health.today"),
    ]


WIDE_HEALTH = 110  # narrower than this, the health tables show glyphs and percentages, the legend the words


def health_text(health: ProcessHealth | None) -> RenderableType:
    if health is None:
        return Text(_("No cycle yet: add one on the Timeline (4)."), style="dim")
    return HealthReport(health)


class HealthReport:
    """Process health of one cycle as wide as it is drawn: words in the cells where they fit, else
    glyphs with a legend (a Rich renderable, so a resized terminal redraws it in its new width)."""

    def __init__(self, health: ProcessHealth) -> None:
        self.health = health

    def __rich_console__(self, console, options):
        yield self.group(wide=options.max_width >= WIDE_HEALTH)

    def group(self, *, wide: bool) -> Group:
        health = self.health
        head = Text(_("Process health of {cycle}: ").format(cycle=health.cycle), style="bold")
        tally = health.tally
        if tally.due:
            head.append(health_label(tally))
            held = _(" · {held:,} of {due:,} due events held").format(held=tally.held, due=tally.due)
            head.append(held, style="")
        else:
            head.append(_("no events due yet"), style="")
        head.append(_(" · {count:,} teams running OKRs").format(count=len(health.teams)), style="")
        if not health.teams:
            return Group(head, Text(_("No team is in pilot or live yet."), style="dim"))
        legend = Text(
            _("Per team and event kind: ") + " · ".join(health_mark(s) for s in HEALTH_STATUSES), style="dim"
        )
        legends = [legend] if wide else [Text(health_legend(), style="dim"), legend]
        grade = health_label if wide else health_short
        kind_header = word if wide else kind_short
        divisions = Table(box=None, pad_edge=False, expand=True, title_justify="left")
        column(divisions, _("Division"), ratio=2)
        divisions.add_column(_("Teams"), justify="right", width=5)
        for kind in TRACKED_KINDS:
            column(divisions, kind_header(kind), ratio=1)
        column(divisions, _("All"), ratio=1)
        for group in health.divisions:
            divisions.add_row(
                literal(group.name),
                format_number(group.teams),
                *(grade(group.by_kind[kind]) for kind in TRACKED_KINDS),
                grade(group.tally),
            )
        divisions.add_section()
        for group in health.waves:
            divisions.add_row(
                Text(_("Wave: "), style="dim").append_text(literal(group.name)),
                format_number(group.teams),
                *(grade(group.by_kind[kind]) for kind in TRACKED_KINDS),
                grade(group.tally),
            )
        worst = Table(box=None, pad_edge=False, expand=True)
        column(worst, _("Worst teams"), ratio=2)
        column(worst, _("Division"), ratio=2)
        for kind in TRACKED_KINDS:  # narrow: a glyph under its header
            column(worst, kind_short(kind), ratio=1 if wide else None)
        worst.add_column(_("Held"), no_wrap=True, width=9)
        for team in health.worst(10):
            worst.add_row(
                literal(team.name),
                literal(team.division),
                *(
                    health_mark(team.kinds[k].status) if wide else HEALTH_GLYPHS[team.kinds[k].status]
                    for k in TRACKED_KINDS
                ),
                f"{team.tally.held}/{team.tally.due}",
            )
        return Group(head, *legends, Text(""), divisions, Text(""), worst)


def column(table: Table, header: str, *, ratio: int | None) -> None:
    """A column whose header is never cut (Rich gives a ratio column at least its `width`); longer
    cells end in an ellipsis."""
    table.add_column(header, no_wrap=True, ratio=ratio, width=cell_len(header), overflow="ellipsis")
