"""Screen 5: the stakeholder register, the selected stakeholder's interaction log and its sentiment trend.

Only what is shown is loaded: a window of the register (sorted and filtered in SQL) around the
stakeholder under the cursor, a window of that stakeholder's log, and its last interactions'
sentiment; both lists scroll through all their rows and read further windows themselves
(`WindowedTable`). Moving the cursor loads the log of the new stakeholder in its own worker.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from sqlalchemy.orm import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, Static

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.interactions import (
    SentimentSeries,
    log_position,
    log_rows,
    log_total,
    sentiment_series,
)
from okr_cockpit.services.stakeholders.log import (
    RegisterQuery,
    register_position,
    register_rows,
    register_total,
)
from okr_cockpit.ui.dialogs.stakeholder_narrow import Narrowing, narrow_dialog
from okr_cockpit.ui.glyphs import attitude_label
from okr_cockpit.ui.screens.stakeholders.actions import StakeholderActions
from okr_cockpit.ui.widgets.sentiment_trend import SentimentTrend
from okr_cockpit.ui.widgets.stakeholder_log import InteractionLog, log_info
from okr_cockpit.ui.widgets.stakeholder_table import (
    REGISTER_COLUMNS,
    SORT_KEYS,
    StakeholderRegister,
    detail_text,
    register_info,
)
from okr_cockpit.ui.widgets.windowed_table import Window, WindowedTable, load_window

SORT_WORDS = {key: header for key, header, _ in REGISTER_COLUMNS}


FILTER_DELAY = 0.2  # seconds without a key press before the filter applies


@dataclass(frozen=True)
class LogData:
    stakeholder_id: int
    window: Window
    read: Callable  # (session, offset, limit) -> the log's rows there
    series: SentimentSeries


@dataclass(frozen=True)
class RegisterData:
    query: RegisterQuery  # as loaded: "go to" may have dropped the filters to find its stakeholder
    window: Window
    read: Callable
    log: LogData | None


class StakeholdersScreen(StakeholderActions):
    MODE = "stakeholders"
    BINDINGS = [
        Binding("a", "add_interaction", N_("Add interaction"), id="stakeholders.add_interaction"),
        Binding("e", "edit", N_("Edit"), id="stakeholders.edit"),
        Binding("x", "follow_up_done", N_("Follow-up done"), id="stakeholders.follow_up_done"),
        Binding("n", "new_stakeholder", N_("New"), id="stakeholders.new"),
        Binding("d", "archive", N_("Archive"), id="stakeholders.archive"),
        Binding("o", "overdue", N_("Overdue"), id="stakeholders.overdue"),
        Binding("i", "grid", N_("Influence grid"), id="stakeholders.grid"),
        Binding("slash", "filter", N_("Filter"), key_display="/", id="stakeholders.filter"),
        Binding("f", "narrow", N_("Narrow"), id="stakeholders.narrow"),
        Binding("s", "sort_next", N_("Sort"), id="stakeholders.sort"),
        Binding("S", "sort_reverse", N_("Reverse sort"), show=False, id="stakeholders.sort_reverse"),
        Binding("A", "toggle_archived", N_("Show/hide archived"), show=False, id="stakeholders.archived"),
        Binding("tab", "switch_pane", N_("Register ⇄ log"), show=False, id="stakeholders.pane"),
        Binding("escape", "clear_filters", N_("Clear filter"), show=False, id="stakeholders.clear"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    StakeholdersScreen #sh-info { height: 1; padding: 0 1; color: $text-muted; }
    StakeholdersScreen #sh-filter { display: none; height: 1; border: none; padding: 0 1; }
    StakeholdersScreen #sh-filter.shown { display: block; }
    StakeholdersScreen #sh-register { height: 3fr; min-height: 4; }
    StakeholdersScreen #sh-detail { height: 1; padding: 0 1; background: $panel; }
    StakeholdersScreen #sh-log { height: 2fr; min-height: 4; }
    StakeholdersScreen #sh-log-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register_query = RegisterQuery()
        self.narrow_labels: dict[str, str] = {}  # kind -> name shown in the info line
        self.selected_id: int | None = None  # whose log shows
        self.reveal_id: int | None = None
        self.select_interaction: int | None = None  # to put the log cursor on after a save
        self.view: RegisterData | None = None
        self.filter_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading stakeholders…"), id="sh-info", markup=False)
        yield Input(
            placeholder=_("filter: name, role, unit or owner · enter done · esc clears"), id="sh-filter"
        )
        yield StakeholderRegister(id="sh-register")
        yield Static("", id="sh-detail", markup=False)
        yield SentimentTrend(id="sh-trend")
        yield InteractionLog(id="sh-log")
        yield Static("", id="sh-log-info", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.register.set_headers(self.register_query.sort, self.register_query.descending)
        self.register.focus()

    @property
    def register(self) -> StakeholderRegister:
        return self.query_one("#sh-register", StakeholderRegister)

    @property
    def log_table(self) -> InteractionLog:
        return self.query_one("#sh-log", InteractionLog)

    # -- loading ---------------------------------------------------------------------------
    def fetch(self, session: Session) -> RegisterData:
        """The register's window around the stakeholder to keep (or reveal), and that one's log."""
        query, reveal = self.register_query, self.reveal_id
        keep, cursor = self.register.selection()
        target = reveal if reveal is not None else keep
        position = None
        if target is not None:
            position = register_position(session, query=query, stakeholder_id=target)
            if position is None and reveal is not None:
                query = RegisterQuery(include_archived=True, sort=query.sort, descending=query.descending)
                position = register_position(session, query=query, stakeholder_id=target)
        read = partial(register_rows, query=query)
        total = register_total(session, query=query)
        window = load_window(
            session, read, total, cursor if position is None else position, self.register.window_size
        )
        under_cursor = window.rows[window.cursor - window.offset] if window.rows else None
        log = self.read_log(session, under_cursor.id) if under_cursor is not None else None
        return RegisterData(query, window, read, log)

    def read_log(self, session: Session, stakeholder_id: int) -> LogData:
        """The log's window, on the same interaction as before when it is the same stakeholder's."""
        keep, cursor = self.log_table.selection()
        if self.log_table.stakeholder_id != stakeholder_id:
            keep, cursor = None, 0
        keep = self.select_interaction or keep
        position = None
        if keep is not None:
            position = log_position(session, stakeholder_id=stakeholder_id, interaction_id=keep)
        read = partial(log_rows, stakeholder_id=stakeholder_id)
        total = log_total(session, stakeholder_id=stakeholder_id)
        window = load_window(
            session, read, total, cursor if position is None else position, self.log_table.window_size
        )
        return LogData(stakeholder_id, window, read, sentiment_series(session, stakeholder_id=stakeholder_id))

    def show(self, view: RegisterData) -> None:
        if view.query != self.register_query:  # "go to" dropped the filters to find its stakeholder
            self.register_query, self.narrow_labels = view.query, {}
            self.query_one("#sh-filter", Input).value = ""
            self.query_one("#sh-filter", Input).remove_class("shown")
        self.view = view
        self.reveal_id = None
        self.selected_id = view.log.stakeholder_id if view.log else None
        query = view.query
        self.register.set_headers(query.sort, query.descending)
        self.register.changed = self.recently_changed("stakeholder")
        self.register.show_window(view.window, view.read)
        self.show_detail()
        self.show_log(view.log)
        self.show_info()

    def load_log(self, stakeholder_id: int) -> None:
        self.load_latest("log", lambda s: self.read_log(s, stakeholder_id), self.log_loaded)

    def log_loaded(self, log: LogData) -> None:
        if log.stakeholder_id == self.selected_id:  # else the cursor moved on meanwhile
            self.show_log(log)

    def show_log(self, log: LogData | None) -> None:
        table = self.log_table
        table.today, table.changed = self.app.today(), self.recently_changed("interaction")
        table.stakeholder_id = log.stakeholder_id if log else None
        table.show_window(log.window if log else Window(0, 0, ()), log.read if log else None)
        self.select_interaction = None
        self.query_one(SentimentTrend).show_series(log.series if log else None)
        self.query_one("#sh-log-info", Static).update(log_info(table))

    def show_detail(self) -> None:
        row = self.register.current()
        empty = empty_register_text(self.view.query) if self.view and not self.register.total else ""
        self.query_one("#sh-detail", Static).update(detail_text(row) if row else empty)

    def show_info(self) -> None:
        if self.view is not None:
            info = register_info(self.register, self.view.query, self.narrow_labels)
            self.query_one("#sh-info", Static).update(info)

    @on(WindowedTable.Highlighted, "#sh-register")
    def register_moved(self, _event: WindowedTable.Highlighted) -> None:
        # Read the cursor, not the event: a reload may have moved it since.
        row = self.register.current()
        if row is None or row.id == self.selected_id:
            return
        self.selected_id = row.id
        self.show_detail()
        self.load_log(row.id)

    @on(WindowedTable.Moved, "#sh-register")
    def register_cursor_moved(self) -> None:
        self.show_info()
        self.show_detail()  # blank on a row still being read

    @on(WindowedTable.Selected, "#sh-register")
    def open_stakeholder(self) -> None:
        """Enter on a stakeholder: to their interactions (as tab)."""
        self.log_table.focus()

    @on(WindowedTable.Selected, "#sh-log")
    def open_interaction(self) -> None:
        """Enter on an interaction: its form (as e)."""
        self.action_edit()

    @on(WindowedTable.Moved, "#sh-log")
    def log_cursor_moved(self) -> None:
        self.query_one("#sh-log-info", Static).update(log_info(self.log_table))

    @on(WindowedTable.HeaderClicked, "#sh-register")
    def header_clicked(self, event: WindowedTable.HeaderClicked) -> None:
        key = event.key
        query = self.register_query
        descending = not query.descending if query.sort == key else False
        self.register_query = replace(query, sort=key, descending=descending)
        self.reload()

    # -- actions: register -----------------------------------------------------------------
    def action_sort_next(self) -> None:
        index = SORT_KEYS.index(self.register_query.sort) if self.register_query.sort in SORT_KEYS else -1
        self.register_query = replace(
            self.register_query, sort=SORT_KEYS[(index + 1) % len(SORT_KEYS)], descending=False
        )
        self.reload()

    def action_sort_reverse(self) -> None:
        self.register_query = replace(self.register_query, descending=not self.register_query.descending)
        self.reload()

    def action_filter(self) -> None:
        field = self.query_one("#sh-filter", Input)
        field.add_class("shown")
        field.focus()

    @on(Input.Changed, "#sh-filter")
    def filter_changed(self) -> None:
        # Filter once typing pauses: each filtering counts and pages the register again.
        if self.filter_timer is not None:
            self.filter_timer.stop()
        self.filter_timer = self.set_timer(FILTER_DELAY, self.apply_filter)

    def apply_filter(self) -> None:
        text = self.query_one("#sh-filter", Input).value
        if text != self.register_query.text:
            self.register_query = replace(self.register_query, text=text)
            self.reload()

    @on(Input.Submitted, "#sh-filter")
    def filter_done(self) -> None:
        self.apply_filter()
        self.register.focus()

    def action_clear_filters(self) -> None:
        field = self.query_one("#sh-filter", Input)
        if field.has_focus or self.register_query.text:
            self.register_query = replace(self.register_query, text="")
            field.value = ""
            field.remove_class("shown")
            self.register.focus()
        elif self.narrow_labels:
            self.narrow(None)
            return
        else:
            return
        self.reload()

    def action_narrow(self) -> None:
        picker, picked = narrow_dialog(self.narrow)
        self.app.push_screen(picker, picked)

    def narrow(self, choice: Narrowing) -> None:
        if choice is None:
            self.register_query = replace(self.register_query, attitude=None, owner_id=None, unit_id=None)
            self.narrow_labels = {}
        else:
            kind, value, label = choice
            field = {"attitude": "attitude", "owner": "owner_id", "unit": "unit_id"}[kind]
            self.register_query = replace(self.register_query, **{field: value})
            self.narrow_labels[kind] = attitude_label(value) if kind == "attitude" else label
        self.reload()

    def action_toggle_archived(self) -> None:
        shown = not self.register_query.include_archived
        self.register_query = replace(self.register_query, include_archived=shown)
        self.notify(_("Archived stakeholders shown (⌂).") if shown else _("Archived stakeholders hidden."))
        self.reload()

    def action_switch_pane(self) -> None:
        (self.register if self.log_table.has_focus else self.log_table).focus()

    # -- navigation ------------------------------------------------------------------------
    def reveal(self, entity: str, entity_id: int) -> None:
        if entity != "stakeholder":
            return
        self.reveal_id = entity_id
        if self.is_mounted:
            self.reload()

    def selected_record(self) -> tuple[str, int] | None:
        if self.log_table.has_focus and (interaction := self.log_table.current()) is not None:
            return ("interaction", interaction.id)
        row = self.register.current()
        return ("stakeholder", row.id) if row is not None else None


def empty_register_text(query: RegisterQuery) -> str:
    """What an empty register says: what to press to fill it, or to see what the filters hide."""
    if query.text:
        return _("No stakeholder matches '{text}' — escape clears the filter.").format(text=query.text)
    if query.attitude or query.owner_id is not None or query.unit_id is not None:
        return _("No stakeholder fits the narrowing — f changes it.")
    return _("No stakeholders yet — press n to add one.")
