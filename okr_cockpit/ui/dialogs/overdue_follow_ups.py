"""Overdue follow-ups across all stakeholders, oldest first, with their owners; enter goes to the stakeholder.

Counted with the Overview's definition, so both screens show the same number. The list scrolls through
all of them while it holds a window read in SQL (`WindowedTable`).
"""

from datetime import date
from functools import partial

from rich.text import Text
from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _, format_day, ngettext
from okr_cockpit.services.stakeholders.interactions import OverdueItem, complete_follow_up, overdue_page
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import OVERDUE, literal
from okr_cockpit.ui.widgets.windowed_table import Window, WindowedTable, count_words, load_window


class OverdueTable(WindowedTable):
    """All overdue follow-ups, oldest first, read in windows as the cursor scrolls."""

    FLEX = {2: 1, 4: 3}  # the stakeholder and the follow-up take the width left over

    def on_mount(self) -> None:
        for header, width in ((N_("due"), 10), (N_("late"), 6), (N_("stakeholder"), 18), (N_("owner"), 14),
                              (N_("follow-up"), 40)):  # fmt: skip
            self.add_column(_(header), key=header, width=max(width, len(_(header))))

    def row_key(self, row: OverdueItem) -> int:
        return row.interaction_id

    def cells(self, row: OverdueItem) -> tuple[Text, ...]:
        return (
            Text(format_day(row.due)),
            Text(f"{row.days_overdue} d", justify="right"),
            literal(row.stakeholder),
            literal(row.owner or "—"),
            literal(" ".join(row.follow_up.split())),
        )


def overdue_rows(session: Session, offset: int, limit: int, *, today: date) -> tuple[OverdueItem, ...]:
    return overdue_page(session, today=today, offset=offset, limit=limit).items


class OverdueDialog(ReportsFailures, ModalScreen[int | None]):
    """Dismisses with the id of the stakeholder to go to, or None."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="overdue.close"),
        Binding("enter", "go", N_("Go to stakeholder"), id="overdue.go"),
        Binding("x", "done", N_("Follow-up done"), id="overdue.done"),
    ]
    DEFAULT_CSS = """
    OverdueDialog { align: center middle; }
    OverdueDialog > Vertical { width: 110; max-width: 100%; height: 90%; border: thick $warning;
        background: $surface; padding: 0 1; }
    OverdueDialog OverdueTable { height: 1fr; }
    OverdueDialog #overdue-info { height: 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("{OVERDUE} Overdue follow-ups — oldest first").format(OVERDUE=OVERDUE)
        with box:
            yield OverdueTable(id="overdue-table", zebra_stripes=True)
            yield Static(_("Loading…"), id="overdue-info", markup=False)

    @property
    def table(self) -> OverdueTable:
        return self.query_one(OverdueTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="overdue", exit_on_error=False)
    def load(self) -> None:
        today, (_key, cursor), size = self.app.today(), self.table.selection(), self.table.window_size
        read = partial(overdue_rows, today=today)

        def window(session: Session) -> Window:
            total = overdue_page(session, today=today, limit=0).total
            return load_window(session, read, total, cursor, size)

        self.app.call_from_thread(self.show, self.app.db.read(window), read)

    def show(self, window: Window, read) -> None:
        self.table.show_window(window, read)
        self.show_count()

    @on(WindowedTable.Moved)
    def show_count(self) -> None:
        total = self.table.total
        count = ngettext("{total:,} overdue", "{total:,} overdue", total).format(total=total)
        self.query_one("#overdue-info", Static).update(
            _("{info} · enter go to · x done · esc close").format(info=count_words(self.table, count))
        )

    def current(self) -> OverdueItem | None:
        return self.table.current()

    def action_go(self) -> None:
        item = self.current()
        if item is not None:
            self.dismiss(item.stakeholder_id)

    @on(WindowedTable.Selected)
    def row_selected(self) -> None:
        self.action_go()

    def action_close(self) -> None:
        self.dismiss(None)

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
