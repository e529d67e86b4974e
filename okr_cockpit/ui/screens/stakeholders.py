"""Screen 5: the stakeholder register, the selected stakeholder's interaction log and its sentiment trend.

Only what is shown is loaded: one page of the register (sorted and filtered in SQL), one page of
the selected stakeholder's log, and its last interactions' sentiment. Moving the cursor loads the
log of the new stakeholder in its own worker; the register stays as it is.
"""

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from okr_cockpit.services.interactions import (
    LogPage,
    SentimentSeries,
    complete_follow_up,
    log_page,
    sentiment_series,
)
from okr_cockpit.services.stakeholders import (
    RegisterPage,
    RegisterQuery,
    register_page,
    register_position,
    set_archived,
    stakeholder_record,
)
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.interaction_form import add_interaction_dialog, edit_interaction_dialog
from okr_cockpit.ui.dialogs.overdue_follow_ups import OverdueDialog
from okr_cockpit.ui.dialogs.stakeholder_form import edit_stakeholder_dialog, new_stakeholder_dialog
from okr_cockpit.ui.dialogs.stakeholder_grid import StakeholderGridDialog
from okr_cockpit.ui.dialogs.stakeholder_narrow import Narrowing, narrow_dialog
from okr_cockpit.ui.glyphs import attitude_label
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.sentiment_trend import SentimentTrend
from okr_cockpit.ui.widgets.stakeholder_log import InteractionLog, log_info
from okr_cockpit.ui.widgets.stakeholder_table import (
    REGISTER_COLUMNS,
    SORT_KEYS,
    StakeholderRegister,
    detail_text,
    register_info,
)

PAGE_SIZE = 100
LOG_PAGE_SIZE = 50
SORT_WORDS = {key: header for key, header, _ in REGISTER_COLUMNS}


@dataclass(frozen=True)
class StakeholderView:
    query: RegisterQuery
    page: RegisterPage
    selected: int | None
    log: LogPage | None
    series: SentimentSeries | None


def fetch_view(
    session: Session,
    *,
    query: RegisterQuery,
    offset: int,
    selected: int | None,
    log_offset: int,
    keep: int | None = None,
    reveal: int | None = None,
) -> StakeholderView:
    """The register page to show and the log of its selected stakeholder, in one read.

    `keep`: stay on this stakeholder if the list still holds it (after a sort or filter change).
    `reveal`: show this stakeholder whatever it takes, dropping filters if they hide it.
    """
    target = reveal if reveal is not None else keep
    if target is not None:
        position = register_position(session, query=query, stakeholder_id=target)
        if position is None and reveal is not None:
            query = RegisterQuery(include_archived=True, sort=query.sort, descending=query.descending)
            position = register_position(session, query=query, stakeholder_id=target)
        offset = position // PAGE_SIZE * PAGE_SIZE if position is not None else 0
        selected = target if position is not None else None
    page = register_page(session, query=query, offset=offset, limit=PAGE_SIZE)
    ids = [row.id for row in page.rows]
    if selected not in ids:
        selected, log_offset = (ids[0] if ids else None), 0
    if selected is None:
        return StakeholderView(query, page, None, None, None)
    log = log_page(session, stakeholder_id=selected, offset=log_offset, limit=LOG_PAGE_SIZE)
    return StakeholderView(query, page, selected, log, sentiment_series(session, stakeholder_id=selected))


class StakeholdersScreen(CockpitScreen):
    MODE = "stakeholders"
    BINDINGS = [
        Binding("a", "add_interaction", "Add interaction", id="stakeholders.add_interaction"),
        Binding("e", "edit", "Edit", id="stakeholders.edit"),
        Binding("x", "follow_up_done", "Follow-up done", id="stakeholders.follow_up_done"),
        Binding("n", "new_stakeholder", "New", id="stakeholders.new"),
        Binding("d", "archive", "Archive", id="stakeholders.archive"),
        Binding("o", "overdue", "Overdue", id="stakeholders.overdue"),
        Binding("g", "grid", "Grid", id="stakeholders.grid"),
        Binding("slash", "filter", "Filter", key_display="/", id="stakeholders.filter"),
        Binding("f", "narrow", "Narrow", id="stakeholders.narrow"),
        Binding("s", "sort_next", "Sort", id="stakeholders.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="stakeholders.sort_reverse"),
        Binding("A", "toggle_archived", "Show/hide archived", show=False, id="stakeholders.archived"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", show=False, id="sh.next"),
        Binding("left_square_bracket", "page(-1)", "Previous page", key_display="[", show=False, id="sh.prv"),
        Binding("tab", "switch_pane", "Register ⇄ log", show=False, id="stakeholders.pane"),
        Binding("escape", "clear_filters", "Clear filter", show=False, id="stakeholders.clear"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    StakeholdersScreen #sh-info { height: 1; padding: 0 1; color: $text-muted; }
    StakeholdersScreen #sh-filter { display: none; height: 1; border: none; padding: 0 1; }
    StakeholdersScreen #sh-filter.shown { display: block; }
    StakeholdersScreen #sh-register { height: 1fr; min-height: 4; }
    StakeholdersScreen #sh-detail { height: 1; padding: 0 1; background: $panel; }
    StakeholdersScreen #sh-log { height: 1fr; min-height: 4; }
    StakeholdersScreen #sh-log-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register_query = RegisterQuery()
        self.narrow_labels: dict[str, str] = {}  # kind -> name shown in the info line
        self.page_offset = 0
        self.selected_id: int | None = None
        self.log_offset = 0
        self.log_total = 0
        self.keep_id: int | None = None
        self.reveal_id: int | None = None
        self.select_interaction: int | None = None  # to put the log cursor on after a save
        self.view: StakeholderView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Loading stakeholders…", id="sh-info", markup=False)
        yield Input(placeholder="filter: name, role, unit or owner · enter done · esc clears", id="sh-filter")
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
    def fetch(self, session: Session) -> StakeholderView:
        return fetch_view(
            session,
            query=self.register_query,
            offset=self.page_offset,
            selected=self.selected_id,
            log_offset=self.log_offset,
            keep=self.keep_id,
            reveal=self.reveal_id,
        )

    def show(self, view: StakeholderView) -> None:
        if view.query != self.register_query:  # "go to" dropped the filters to find its stakeholder
            self.register_query, self.narrow_labels = view.query, {}
            self.query_one("#sh-filter", Input).value = ""
            self.query_one("#sh-filter", Input).remove_class("shown")
        self.view = view
        self.keep_id = self.reveal_id = None
        self.page_offset, self.selected_id = view.page.offset, view.selected
        self.log_offset = view.log.offset if view.log else 0
        query = view.query
        self.register.set_headers(query.sort, query.descending)
        self.register.show_page(
            view.page, selected=view.selected, changed=self.recently_changed("stakeholder")
        )
        self.show_detail()
        self.show_log(view.log, view.series)
        self.show_info()

    @work(thread=True, exclusive=True, group="log", exit_on_error=False)
    def load_log(self, stakeholder_id: int, offset: int) -> None:
        log, series = self.app.db.read(
            lambda s: (
                log_page(s, stakeholder_id=stakeholder_id, offset=offset, limit=LOG_PAGE_SIZE),
                sentiment_series(s, stakeholder_id=stakeholder_id),
            )
        )
        self.app.call_from_thread(self.log_loaded, log, series)

    def log_loaded(self, log: LogPage, series: SentimentSeries) -> None:
        if log.stakeholder_id == self.selected_id:  # else the cursor moved on meanwhile
            self.log_offset = log.offset
            self.show_log(log, series)

    def show_log(self, log: LogPage | None, series: SentimentSeries | None) -> None:
        self.log_total = log.total if log else 0
        self.log_table.show_page(log, today=self.app.today(), changed=self.recently_changed("interaction"))
        if self.select_interaction is not None:
            self.log_table.select(self.select_interaction)
            self.select_interaction = None
        self.query_one(SentimentTrend).show_series(series)
        self.query_one("#sh-log-info", Static).update(log_info(log))

    def show_detail(self) -> None:
        row = self.register.current()
        empty = "No stakeholders match." if self.view and not self.view.page.total else ""
        self.query_one("#sh-detail", Static).update(detail_text(row) if row else empty)

    def show_info(self) -> None:
        if self.view is not None:
            info = register_info(self.view.page, self.view.query, self.narrow_labels)
            self.query_one("#sh-info", Static).update(info)

    def reload_keeping(self) -> None:
        """Reload after a filter or sort change, staying on the current stakeholder if it still shows."""
        self.keep_id = self.selected_id
        self.reload()

    @on(DataTable.RowHighlighted, "#sh-register")
    def register_moved(self, _event: DataTable.RowHighlighted) -> None:
        # Read the cursor, not the event: events from refilling the table arrive after the cursor was set.
        row = self.register.current()
        if row is None or row.id == self.selected_id:
            return
        self.selected_id, self.log_offset = row.id, 0
        self.show_detail()
        self.load_log(row.id, 0)

    @on(DataTable.HeaderSelected, "#sh-register")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        query = self.register_query
        descending = not query.descending if query.sort == key else False
        self.register_query = replace(query, sort=key, descending=descending)
        self.reload_keeping()

    # -- actions: register -----------------------------------------------------------------
    def action_sort_next(self) -> None:
        index = SORT_KEYS.index(self.register_query.sort) if self.register_query.sort in SORT_KEYS else -1
        self.register_query = replace(
            self.register_query, sort=SORT_KEYS[(index + 1) % len(SORT_KEYS)], descending=False
        )
        self.reload_keeping()

    def action_sort_reverse(self) -> None:
        self.register_query = replace(self.register_query, descending=not self.register_query.descending)
        self.reload_keeping()

    def action_filter(self) -> None:
        field = self.query_one("#sh-filter", Input)
        field.add_class("shown")
        field.focus()

    @on(Input.Changed, "#sh-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.register_query.text:
            self.register_query = replace(self.register_query, text=event.value)
            self.reload_keeping()

    @on(Input.Submitted, "#sh-filter")
    def filter_done(self) -> None:
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
        self.reload_keeping()

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
        self.reload_keeping()

    def action_toggle_archived(self) -> None:
        shown = not self.register_query.include_archived
        self.register_query = replace(self.register_query, include_archived=shown)
        self.notify("Archived stakeholders shown (⌂)." if shown else "Archived stakeholders hidden.")
        self.reload_keeping()

    def action_page(self, step: int) -> None:
        if self.log_table.has_focus:
            offset = self.log_offset + step * LOG_PAGE_SIZE
            if self.selected_id is not None and 0 <= offset < self.log_total:
                self.load_log(self.selected_id, offset)
            return
        total = self.view.page.total if self.view else 0
        offset = self.page_offset + step * PAGE_SIZE
        if 0 <= offset < total:
            self.page_offset = offset
            self.reload()

    def action_switch_pane(self) -> None:
        (self.register if self.log_table.has_focus else self.log_table).focus()

    # -- actions: records ------------------------------------------------------------------
    def current_stakeholder(self):
        row = self.register.current()
        if row is None:
            self.notify("No stakeholder selected.", severity="warning")
        return row

    def saved(self, result) -> None:
        if result is not None:
            self.reload()

    def action_add_interaction(self) -> None:
        row = self.current_stakeholder()
        if row is not None and self.can_write():
            dialog = add_interaction_dialog(row.id, row.name, today=self.app.today())
            self.app.push_screen(dialog, self.interaction_saved)

    def interaction_saved(self, interaction_id: int | None) -> None:
        if interaction_id is not None:
            self.select_interaction = interaction_id
            self.log_table.focus()
            self.reload()

    def action_edit(self) -> None:
        if self.log_table.has_focus:
            interaction = self.log_table.current()
            row = self.register.current()
            if interaction is not None and row is not None and self.can_write():
                dialog = edit_interaction_dialog(interaction, row.name, today=self.app.today())
                self.app.push_screen(dialog, self.interaction_saved)
            return
        row = self.current_stakeholder()
        if row is not None and self.can_write():
            self.open_stakeholder_form(row.id)

    @work(thread=True, exit_on_error=False)
    def open_stakeholder_form(self, stakeholder_id: int) -> None:
        record = self.app.db.read(lambda s: stakeholder_record(s, stakeholder_id))
        if record is None:
            self.app.call_from_thread(self.notify, "That stakeholder no longer exists.", severity="warning")
            return
        self.app.call_from_thread(self.app.push_screen, edit_stakeholder_dialog(record), self.saved)

    def action_new_stakeholder(self) -> None:
        if self.can_write():
            self.app.push_screen(new_stakeholder_dialog(), self.stakeholder_created)

    def stakeholder_created(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is not None:
            self.reveal("stakeholder", stakeholder_id)

    def action_follow_up_done(self) -> None:
        if not self.log_table.has_focus:
            self.find_open_follow_up()
            return
        interaction = self.log_table.current()
        if interaction is None or interaction.follow_up_state(self.app.today()) in ("none", "done"):
            self.notify("This interaction has no open follow-up.", severity="warning")
            return
        today = self.app.today()
        self.write(
            lambda s: complete_follow_up(
                s, interaction.id, today=today, expected_version=interaction.version
            ),
            done=lambda _: self.notify("Follow-up marked done."),
        )

    def find_open_follow_up(self) -> None:
        """From the register, `x` goes to the stakeholder's most urgent open follow-up first."""
        today = self.app.today()
        rows = self.log_table.rows_by_id.values()
        overdue = [r for r in rows if r.follow_up_state(today) == "overdue"]
        open_ = overdue or [r for r in rows if r.follow_up_state(today) == "open"]
        if not open_:
            self.notify("No open follow-ups for this stakeholder.", severity="warning")
            return
        target = min(open_, key=lambda r: (r.follow_up_due or today, r.id))
        self.log_table.focus()
        self.log_table.select(target.id)
        self.notify("Press x again to mark this follow-up done.")

    def action_archive(self) -> None:
        row = self.current_stakeholder()
        if row is None or not self.can_write():
            return
        if row.archived:
            question, yes = f"Restore {row.name} to the register?", "Restore"
        else:
            question = f"Archive {row.name}? Hidden from the register (A shows archived); nothing is deleted."
            yes = "Archive"

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.write(
                    lambda s: set_archived(
                        s, row.id, archived=not row.archived, expected_version=row.version
                    ),
                    done=lambda _: self.notify(f"{'Restored' if row.archived else 'Archived'} {row.name}."),
                )

        self.app.push_screen(ConfirmDialog(question, yes=yes), confirmed)

    def action_overdue(self) -> None:
        self.app.push_screen(OverdueDialog(), self.go_to_or_reload)

    def action_grid(self) -> None:
        self.app.push_screen(StakeholderGridDialog(), self.go_to_or_reload)

    def go_to_or_reload(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is None:
            self.reload()  # follow-ups may have been marked done in the dialog
        else:
            self.reveal("stakeholder", stakeholder_id)
            self.register.focus()

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
