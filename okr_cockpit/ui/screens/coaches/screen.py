"""Screen 3: the coach roster with load, uncovered teams by division, who coaches whom; assign and suggest.

What the screen shows is described by a `ViewState` (filter, sort, scope, detail target);
`fetch` reads everything for one state in one transaction (the counts, and the window of each list
around the row it keeps under the cursor) and returns it with the state it used, and `show` adopts
that state, so a reveal that had to drop a filter or a scope is shown as such. Both lists scroll
through all their rows; they read further windows themselves (`WindowedTable`).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from sqlalchemy.orm import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from okr_cockpit.db.folding import like_pattern
from okr_cockpit.i18n import N_, _, format_number, format_percent, ngettext
from okr_cockpit.services.coaching.coaches import (
    AssignmentRow,
    RosterQuery,
    coach_row,
    coaches_of_team,
    roster_counts,
    roster_position,
    roster_rows,
    teams_of_coach,
)
from okr_cockpit.services.coaching.coverage import (
    CoverageSummary,
    DivisionCount,
    coverage_summary,
    subtree_ids,
    uncovered_by_division,
    uncovered_position,
    uncovered_teams,
    unit_name,
)
from okr_cockpit.ui.glyphs import WARNING, bar
from okr_cockpit.ui.screens.coaches.actions import CoachActions
from okr_cockpit.ui.widgets.coach_detail import AssignmentDetail
from okr_cockpit.ui.widgets.coach_roster import CoachRoster
from okr_cockpit.ui.widgets.coach_uncovered import UncoveredRows, UncoveredTeams
from okr_cockpit.ui.widgets.marks import Marking, selected_words
from okr_cockpit.ui.widgets.windowed_table import (
    Window,
    WindowedTable,
    count_words,
    cursor_words,
    load_window,
)

FILTER_PAUSE = 0.3  # seconds of no typing before the filter applies


@dataclass(frozen=True)
class ViewState:
    text: str = ""
    sort: str = "name"
    scope_id: int | None = None
    detail: tuple[str, int] | None = None  # ("coach" | "team", id)
    reveal: int | None = None  # a coach to show and select on the next load


@dataclass(frozen=True)
class Detail:
    kind: str  # coach: their teams; team: its coaches
    target_id: int
    name: str
    rows: list[AssignmentRow]


@dataclass(frozen=True)
class CoachesData:
    state: ViewState
    roster: Window
    read_roster: Callable  # (session, offset, limit) -> the roster's rows there
    over_capacity: int  # of the coaches listed
    over_total: int  # coaches over capacity in the scope, whatever the name filter
    teams: Window
    read_teams: Callable
    divisions: list[DivisionCount]
    coverage: CoverageSummary
    scope_name: str | None
    detail: Detail | None


def read_detail(session: Session, target: tuple[str, int] | None, today: date) -> Detail | None:
    """The detail pane's content for ("coach", id) or ("team", id); None when it no longer exists."""
    if target is None:
        return None
    kind, target_id = target
    if kind == "coach":
        found = coach_row(session, coach_id=target_id, today=today)
        if found is None:
            return None
        name = f"{found.name} ({found.load}/{found.capacity})"
        return Detail(kind, target_id, name, teams_of_coach(session, coach_id=target_id, today=today))
    name = unit_name(session, target_id)
    if name is None:
        return None
    return Detail(kind, target_id, name, coaches_of_team(session, unit_id=target_id, today=today))


def view_key(state: ViewState) -> tuple:
    """What decides the lists' contents (the detail target loads on its own)."""
    return (state.text, state.sort, state.scope_id)


def roster_page_rows(session: Session, offset: int, limit: int, *, today: date, query: RosterQuery):
    return roster_rows(session, today=today, query=replace(query, offset=offset, limit=limit))


def team_rows(session: Session, offset: int, limit: int, *, today: date, layout: UncoveredRows, **where):
    read = partial(uncovered_teams, session, today=today, **where)
    return layout.window(offset, limit, lambda first, count: read(offset=first, limit=count))


class CoachesScreen(CoachActions):
    MODE = "coaches"
    BINDINGS = [
        Binding("a", "assign", N_("Assign"), id="coaches.assign"),
        Binding("d", "unassign", N_("Unassign"), id="coaches.unassign"),
        Binding("b", "switch_role", N_("Primary/backup"), id="coaches.switch"),
        Binding("e", "edit", N_("Edit coach"), id="coaches.edit"),
        Binding("n", "new_coach", N_("New coach"), id="coaches.new"),
        Binding("S", "suggest", N_("Suggest"), id="coaches.suggest"),
        Binding("slash", "filter", N_("Filter"), key_display="/", id="coaches.filter"),
        Binding("s", "sort", N_("Sort name/load"), id="coaches.sort"),
        Binding("escape", "clear", N_("Clear filter/scope"), show=False, id="coaches.clear"),
        Binding("tab", "app.focus_next", N_("Next pane"), show=False, id="coaches.tab"),
        Binding("shift+tab", "app.focus_previous", N_("Previous pane"), show=False, id="coaches.backtab"),
    ]
    DEFAULT_CSS = """
    CoachesScreen #coach-summary { height: 1; padding: 0 1; }
    CoachesScreen #coach-filter { display: none; height: 3; }
    CoachesScreen #coach-filter.shown { display: block; }
    CoachesScreen .coach-pane { border: round $primary-darken-2; height: 1fr; }
    CoachesScreen .coach-pane.-focused { border: round $accent; }
    CoachesScreen .coach-pane DataTable { height: 1fr; }
    CoachesScreen #coach-bottom { height: 1fr; }
    CoachesScreen #uncovered-pane { width: 1fr; }
    CoachesScreen #detail-pane { width: 1fr; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.state = ViewState()
        self.data: CoachesData | None = None
        self.filter_timer: Timer | None = None
        self.detail_title = ""  # the detail pane's title before its count of marked rows
        self.detail_target: tuple[str, int] | None = None  # whose assignments the detail shows
        self.working_toast: Timer | None = None  # shows "working out a suggestion…" if it takes a while
        self.working_said = False

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading…"), id="coach-summary", markup=False)
        yield Input(placeholder=_("Filter coaches and teams by name (esc clears)"), id="coach-filter")
        with Vertical(id="roster-pane", classes="coach-pane"):
            yield CoachRoster(id="roster")
        # The detail sits between the two lists in the focus order: one tab from the roster,
        # one shift+tab from the uncovered teams, so it still shows what that list selected.
        with Horizontal(id="coach-bottom"):
            with Vertical(id="detail-pane", classes="coach-pane"):
                yield AssignmentDetail(id="detail")
            with Vertical(id="uncovered-pane", classes="coach-pane"):
                yield UncoveredTeams(id="uncovered")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(CoachRoster).focus()

    # -- loading ---------------------------------------------------------------------------
    def fetch(self, session: Session) -> CoachesData:
        today = self.app.today()
        state = self.state
        if state.reveal is not None:
            state = self.place_reveal(session, state, today)
        query = RosterQuery(text=state.text, sort=state.sort, scope_id=state.scope_id)
        total, over = roster_counts(session, today=today, query=query)
        over_total = over
        if state.text:
            over_total = roster_counts(session, today=today, query=replace(query, text=""))[1]
        read_roster = partial(roster_page_rows, today=today, query=query)
        roster_table = self.query_one(CoachRoster)
        keep, cursor = (state.reveal, 0) if state.reveal is not None else roster_table.selection()
        if keep is not None:
            position = roster_position(session, today=today, query=query, coach_id=keep)
            cursor = cursor if position is None else position
        roster_window = load_window(session, read_roster, total, cursor, roster_table.window_size)
        name = like_pattern(state.text) if state.text.strip() else ""
        where = {"scope_id": state.scope_id, "name": name}
        divisions = uncovered_by_division(session, today=today, **where)
        layout = UncoveredRows(divisions)
        read_teams = partial(team_rows, today=today, layout=layout, **where)
        teams_table = self.query_one(UncoveredTeams)
        keep_team, cursor = teams_table.selection()
        if keep_team is None and not teams_table.total:
            cursor = 1  # the first team, not its division header
        if isinstance(keep_team, str) and keep_team.startswith("team:"):
            unit_id = int(keep_team.removeprefix("team:"))
            position = uncovered_position(session, today=today, unit_id=unit_id, **where)
            cursor = cursor if position is None else layout.row_of(position)
        teams = load_window(session, read_teams, layout.total, cursor, teams_table.window_size)
        scope = subtree_ids(state.scope_id) if state.scope_id is not None else None
        coverage = coverage_summary(session, today=today, unit_ids=scope)
        target = state.detail
        if target is None and roster_window.rows:
            target = ("coach", roster_window.rows[roster_window.cursor - roster_window.offset].coach_id)
        scope_name = None
        if state.scope_id is not None:
            scope_name = unit_name(session, state.scope_id)
        detail = read_detail(session, target, today)
        return CoachesData(
            state, roster_window, read_roster, over, over_total, teams, read_teams,
            divisions, coverage, scope_name, detail,
        )  # fmt: skip

    def place_reveal(self, session: Session, state: ViewState, today: date) -> ViewState:
        """Drop filter and scope when they hide the revealed coach; the load then puts the cursor on them."""
        query = RosterQuery(text=state.text, sort=state.sort, scope_id=state.scope_id)
        if roster_position(session, today=today, query=query, coach_id=state.reveal) is None:
            state = replace(state, text="", scope_id=None)
        return replace(state, detail=("coach", state.reveal))

    def show(self, data: CoachesData) -> None:
        revealed = data.state.reveal
        if revealed is not None and revealed == self.state.reveal:
            # The reveal may have dropped the filter and scope: adopt that.
            self.state = replace(data.state, reveal=None)
            box = self.query_one("#coach-filter", Input)
            box.value = data.state.text
            box.set_class(bool(data.state.text), "shown")
        elif view_key(data.state) != view_key(self.state):
            return  # an older load finishing late (typing fast); the current one is on its way
        self.data = data
        roster_table = self.query_one(CoachRoster)
        roster_table.changed = self.recently_changed("coach")
        roster_table.show_window(data.roster, data.read_roster)
        self.query_one(UncoveredTeams).show_window(data.teams, data.read_teams)
        detail = data.detail
        target = (detail.kind, detail.target_id) if detail else None
        if self.state.detail is None:
            self.state = replace(self.state, detail=target)
        if self.state.detail == target or detail is None:
            self.show_detail(detail)
        self.show_titles(data)
        if revealed is not None:
            roster_table.focus()

    def show_titles(self, data: CoachesData) -> None:
        scope = _(" · in {name}").format(name=data.scope_name) if data.scope_name else ""
        cov = data.coverage
        summary = _(
            "Coverage {bar} {percent} · {covered}/{needing} teams have a primary coach · "
            "{warning} {over} over capacity{scope}"
        ).format(
            bar=bar(cov.teams_covered, cov.teams_needing_coach, 8),
            percent=format_percent(cov.percent),
            covered=cov.teams_covered,
            needing=cov.teams_needing_coach,
            warning=WARNING,
            over=data.over_total,
            scope=scope,
        )
        self.query_one("#coach-summary", Static).update(summary)
        self.show_pane_titles()

    def show_pane_titles(self) -> None:
        """The lists' titles: counts, the cursor's row, sort, scope and filter (on every move)."""
        data = self.data
        if data is None:
            return
        scope = _(" · in {name}").format(name=data.scope_name) if data.scope_name else ""
        filtered = _(" · filter “{text}”").format(text=data.state.text) if data.state.text else ""
        roster_table = self.query_one(CoachRoster)
        sort = _("load") if data.state.sort == "load" else _("name")
        title = _("Coaches {count} · sort {column}").format(
            count=count_words(roster_table, format_number(roster_table.total)), column=sort
        )
        if data.over_capacity:
            title += _(" · {count} over").format(count=data.over_capacity)
        self.query_one("#roster-pane").border_title = title + scope + filtered
        teams = self.query_one(UncoveredTeams)
        total = sum(d.count for d in data.divisions)
        divisions = ngettext("{count} division", "{count} divisions", len(data.divisions)).format(
            count=len(data.divisions)
        )
        uncovered_title = _("Uncovered teams: {count} in {divisions}").format(
            count=format_number(total), divisions=divisions
        )
        pane = self.query_one("#uncovered-pane")
        pane.border_title = uncovered_title + scope + filtered
        pane.border_subtitle = cursor_words(teams)  # below: the title is long enough in a half pane

    def show_detail(self, detail: Detail | None) -> None:
        table = self.query_one(AssignmentDetail)
        if detail is None:
            table.show_rows("coach", [])
            self.detail_title = _("Select a coach or a team")
        else:
            if (detail.kind, detail.target_id) != self.detail_target:
                table.marks.clear()  # marks belong to the coach or team they were made on
                self.detail_target = (detail.kind, detail.target_id)
            table.show_rows(detail.kind, detail.rows)
            coach = detail.kind == "coach"
            what = _("Teams of {name}: {count}") if coach else _("Coaches of {name}: {count}")
            self.detail_title = what.format(name=detail.name, count=len(detail.rows))
        self.detail_marks_changed()

    @on(Marking.Changed, "#detail")
    def detail_marks_changed(self) -> None:
        """`· 3 selected` after the detail's title while assignments are marked (d unassigns them)."""
        selected = selected_words(len(self.query_one(AssignmentDetail).marked()))
        title = self.detail_title
        self.query_one("#detail-pane").border_title = f"{title} · {selected}" if selected else title

    # -- the detail follows the focused list -----------------------------------------------
    @on(WindowedTable.Selected, "#roster")
    def open_coach(self) -> None:
        """Enter on a coach: to their teams (as tab)."""
        self.query_one(AssignmentDetail).focus()

    @on(WindowedTable.Selected, "#uncovered")
    @on(DataTable.RowSelected, "#detail")
    def open_team(self) -> None:
        """Enter on a team: to it on Org units, where Escape comes back."""
        team = self.selected_team()
        if team is not None:
            self.open_in("units").reveal("org_unit", team[0])

    @on(WindowedTable.Highlighted)
    def row_highlighted(self, event: WindowedTable.Highlighted) -> None:
        if event.table.has_focus:
            self.follow(event.table)

    @on(WindowedTable.Moved)
    def cursor_moved(self) -> None:
        self.show_pane_titles()

    def on_descendant_focus(self, event) -> None:
        # A class, not :focus-within: that pseudo-class made every tab restyle the screen (~0.3 s).
        for pane in self.query(".coach-pane"):
            pane.set_class(event.widget in pane.query("*"), "-focused")
        if isinstance(event.widget, (CoachRoster, UncoveredTeams)):
            self.follow(event.widget)

    def follow(self, table: WindowedTable) -> None:
        target = None
        if isinstance(table, CoachRoster) and (row := table.current()) is not None:
            target = ("coach", row.coach_id)
        elif isinstance(table, UncoveredTeams) and (team := table.current()) is not None:
            target = ("team", team.unit_id)
        if target is not None and target != self.state.detail:
            self.state = replace(self.state, detail=target)
            self.load_detail(target)

    def load_detail(self, target: tuple[str, int]) -> None:
        today = self.app.today()
        self.load_latest(
            "detail",
            lambda session: read_detail(session, target, today),
            lambda detail: self.detail_loaded(target, detail),
        )

    def detail_loaded(self, target: tuple[str, int], detail: Detail | None) -> None:
        if target == self.state.detail:  # the user may have moved on meanwhile
            self.show_detail(detail)
            if self.data is not None:
                self.data = replace(self.data, detail=detail)

    # -- filter, sort, scope, reveal ------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#coach-filter", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Changed, "#coach-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.state.text:
            self.state = replace(self.state, text=event.value)
            # Load when typing pauses: each load counts both lists and reads their windows.
            if self.filter_timer is not None:
                self.filter_timer.stop()
            self.filter_timer = self.set_timer(FILTER_PAUSE, self.reload)

    @on(Input.Submitted, "#coach-filter")
    def filter_done(self) -> None:
        if self.filter_timer is not None:
            self.filter_timer.stop()
            self.reload()
        self.query_one(CoachRoster).focus()

    def action_clear(self) -> None:
        if self.filter_timer is not None:
            self.filter_timer.stop()
        box = self.query_one("#coach-filter", Input)
        if self.state.text or box.has_class("shown"):
            box.remove_class("shown")
            box.value = ""
            self.state = replace(self.state, text="")
            self.query_one(CoachRoster).focus()
        elif self.state.scope_id is not None:
            self.state = replace(self.state, scope_id=None)
            if self.go_back():  # the scope came with Enter on a unit: back to it
                return
        else:
            self.go_back()
            return
        self.reload()

    def action_sort(self) -> None:
        self.state = replace(self.state, sort="name" if self.state.sort == "load" else "load")
        self.reload()

    def scope_to_unit(self, unit_id: int | None) -> None:
        """Limit both lists and the coverage to a unit's subtree (None: everything)."""
        self.state = replace(self.state, scope_id=unit_id, detail=None)
        self.reload()

    def reveal(self, entity: str, entity_id: int) -> None:
        if entity == "coach":
            self.state = replace(self.state, reveal=entity_id)
            self.reload()
        elif entity == "org_unit":
            self.scope_to_unit(entity_id)

    def selected_record(self) -> tuple[str, int] | None:
        if self.state.detail is None:
            return None
        kind, target_id = self.state.detail
        return ("coach", target_id) if kind == "coach" else ("org_unit", target_id)
