"""Overdue follow-ups across all stakeholders, oldest first, with their owners; enter goes to the stakeholder.

Counted with the Overview's definition, so both screens show the same number. Paged in SQL.
"""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _, format_day, format_number
from okr_cockpit.services.stakeholders.interactions import OverduePage, complete_follow_up, overdue_page
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import OVERDUE, literal
from okr_cockpit.ui.widgets.list_keys import CursorTable

PAGE_SIZE = 100


class OverdueDialog(ReportsFailures, ModalScreen[int | None]):
    """Dismisses with the id of the stakeholder to go to, or None."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="overdue.close"),
        Binding("enter", "go", N_("Go to stakeholder"), id="overdue.go"),
        Binding("x", "done", N_("Follow-up done"), id="overdue.done"),
        Binding("right_square_bracket", "page(1)", N_("Older page"), key_display="]", id="overdue.next"),
        Binding("left_square_bracket", "page(-1)", N_("Newer page"), key_display="[", id="overdue.previous"),
    ]
    DEFAULT_CSS = """
    OverdueDialog { align: center middle; }
    OverdueDialog > Vertical { width: 110; max-width: 100%; height: 90%; border: thick $warning;
        background: $surface; padding: 0 1; }
    OverdueDialog DataTable { height: 1fr; }
    OverdueDialog #overdue-info { height: 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.page_offset = 0
        self.page: OverduePage | None = None

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("{OVERDUE} Overdue follow-ups — oldest first").format(OVERDUE=OVERDUE)
        with box:
            table = CursorTable(id="overdue-table", cursor_type="row", zebra_stripes=True)
            for header, width in (
                (N_("due"), 10),
                (N_("late"), 6),
                (N_("stakeholder"), 18),
                (N_("owner"), 14),
                (N_("follow-up"), 40),
            ):
                table.add_column(_(header), key=header, width=max(width, len(_(header))))
            yield table
            yield Static(_("Loading…"), id="overdue-info", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="overdue", exit_on_error=False)
    def load(self) -> None:
        today, offset = self.app.today(), self.page_offset
        page = self.app.db.read(
            lambda session: overdue_page(session, today=today, offset=offset, limit=PAGE_SIZE)
        )
        self.app.call_from_thread(self.show, page)

    def show(self, page: OverduePage) -> None:
        self.page = page
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for item in page.items:
            table.add_row(
                Text(format_day(item.due)),
                Text(f"{item.days_overdue} d", justify="right"),
                literal(item.stakeholder),
                literal(item.owner or "—"),
                literal(" ".join(item.follow_up.split())),
                key=str(item.interaction_id),
            )
        if page.items:
            table.move_cursor(row=min(row, len(page.items) - 1), animate=False)
        first = page.offset + 1 if page.items else 0
        more = _("  ] next page") if page.offset + len(page.items) < page.total else ""
        back = _("  [ previous page") if page.offset else ""
        last = format_number(page.offset + len(page.items))
        info = _("{first}–{last} of {total} overdue").format(
            first=format_number(first), last=last, total=format_number(page.total)
        )
        info += back + more
        self.query_one("#overdue-info", Static).update(
            _("{info} · enter go to · x done · esc close").format(info=info)
        )

    def current(self):
        table = self.query_one(DataTable)
        if self.page is None or not self.page.items:
            return None
        return self.page.items[min(table.cursor_row, len(self.page.items) - 1)]

    def action_go(self) -> None:
        item = self.current()
        if item is not None:
            self.dismiss(item.stakeholder_id)

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_go()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        offset = self.page_offset + step * PAGE_SIZE
        if 0 <= offset < self.page.total:
            self.page_offset = offset
            self.load()

    def action_done(self) -> None:
        item = self.current()
        if item is None:
            return
        if self.app.db.read_only:
            self.notify(self.app.read_only_message, severity="warning")
            return
        self.mark_done(item.interaction_id, item.interaction_version)

    @work(thread=True, group="overdue-write", exit_on_error=False)
    def mark_done(self, interaction_id: int, version: int) -> None:
        today = self.app.today()
        try:
            self.app.db.write(
                lambda s: complete_follow_up(s, interaction_id, today=today, expected_version=version)
            )
        except CockpitError as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning")
        else:
            self.app.call_from_thread(self.notify, _("Follow-up marked done."))
        self.app.call_from_thread(self.load)
