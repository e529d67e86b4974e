"""Screen 6: the RACI matrix (one A per activity) and the log of learnings and process changes.

Two tabs; `tab` switches. Keys belong to the focused table, so `a` means "set A" in the matrix
and "add" in the learnings log, and each table's footer and `?` help say so.
"""

import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from okr_cockpit.db.models import CHANGE_STATUSES
from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.i18n import N_, _, format_day, ngettext
from okr_cockpit.services.audit import last_audit_id
from okr_cockpit.services.process import learnings as ls
from okr_cockpit.services.process import raci
from okr_cockpit.services.process.learnings import CycleChoice, LearningList
from okr_cockpit.services.process.raci import RaciRow, letter_word, role_label
from okr_cockpit.ui.dialogs.picker import Choice
from okr_cockpit.ui.forms import learning as forms
from okr_cockpit.ui.glyphs import literal, word
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.learning_table import LearningTable, learning_detail
from okr_cockpit.ui.widgets.raci_grid import RaciGrid

HINT = N_("r a c i: set Responsible, Accountable, Consulted, Informed · space: clear")
STATUS_FILTERS: tuple[str | None, ...] = (None, *CHANGE_STATUSES)


@dataclass(frozen=True)
class RaciData:
    rows: list[RaciRow]
    learnings: LearningList
    cycles: list[CycleChoice]
    audit_id: int  # the newest audit entry when it was read: which of our own writes it holds


class RaciScreen(CockpitScreen):
    MESSAGE_LINE = "raci-message"
    MODE = "raci"
    BINDINGS = [
        Binding("tab", "switch_tab", N_("Matrix ⇄ learnings"), key_display="tab", id="raci.switch_tab"),
    ]
    DEFAULT_CSS = """
    RaciScreen TabbedContent { height: 1fr; }
    RaciScreen TabPane { padding: 0; }
    RaciScreen #raci-summary, RaciScreen #learning-filters { height: 1; padding: 0 1; background: $panel; }
    RaciScreen #raci-message { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    RaciScreen #raci-message.refused { color: $error; text-style: bold; }
    RaciScreen #learning-detail { height: auto; max-height: 8; padding: 0 1; border-top: solid $panel; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cycle_filter: int | None = None
        self.status_filter: str | None = None
        self.cycles: list[CycleChoice] = []
        self.select_after_load: tuple[str, int] | None = None  # ("activity"|"learning", id)
        # (activity id, role) -> (audit id, (cell id, version) or None): cells this screen wrote
        # that the matrix on screen may not show yet, so a quick second key on a cell is not taken
        # for a conflict with someone else.
        self.own_cells: dict[tuple[int, str], tuple[int, tuple[int, int] | None]] = {}
        self.cell_queue: deque = deque()  # (row, role, change, done) of cell keys not saved yet
        # Cells with keys queued or being saved: those keys hold the matrix as it was shown when
        # they were pressed, so a reload meanwhile must not forget this screen's own saves of them.
        self.cells_in_writing: Counter[tuple[int, str]] = Counter()
        self.cell_lock = threading.Lock()
        self.cell_writer_busy = False

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="raci-tabs", initial="matrix-pane"):
            with TabPane(_("RACI matrix"), id="matrix-pane"):
                yield Static(_("Loading…"), id="raci-summary", markup=False)
                yield Static(_(HINT), id="raci-message", markup=False)
                yield RaciGrid(id="raci-grid")
            with TabPane(_("Learnings & process changes"), id="learnings-pane"):
                yield Static("", id="learning-filters", markup=False)
                yield LearningTable(id="learning-table")
                yield Static("", id="learning-detail")

    def on_mount(self) -> None:
        super().on_mount()
        # `tab` switches the tabs; a focused tab strip would only take the arrow keys from the grid.
        self.query_one(Tabs).can_focus = False
        self.focus_active_table()

    def focus_active_table(self) -> None:
        active = self.query_one(TabbedContent).active
        (self.table if active == "learnings-pane" else self.grid).focus()

    @property
    def grid(self) -> RaciGrid:
        return self.query_one("#raci-grid", RaciGrid)

    @property
    def table(self) -> LearningTable:
        return self.query_one("#learning-table", LearningTable)

    # -- loading ---------------------------------------------------------------------------
    def fetch(self, session: Session) -> RaciData:
        return RaciData(
            rows=raci.raci_rows(session),
            learnings=ls.list_learnings(session, cycle_id=self.cycle_filter, status=self.status_filter),
            cycles=ls.cycle_choices(session),
            audit_id=last_audit_id(session),
        )

    def show(self, data: RaciData) -> None:
        self.cycles = data.cycles
        with self.cell_lock:  # a save in its worker may be adding to it right now
            shown = [key for key, own in self.own_cells.items() if own[0] <= data.audit_id]
            for key in shown:
                if not self.cells_in_writing[key]:
                    del self.own_cells[key]
        marked = self.recently_changed("raci_activity") | self.recently_changed("raci_cell")
        self.grid.show_rows(data.rows, marked=marked)
        self.table.show_items(data.learnings.items, marked=self.recently_changed("learning"))
        self.query_one("#raci-summary", Static).update(matrix_summary(data.rows))
        self.query_one("#learning-filters", Static).update(self.filters_text(data.learnings))
        if self.select_after_load is not None:
            kind, record_id = self.select_after_load
            self.select_after_load = None
            if kind == "activity":
                self.grid.select_activity(record_id)
            else:
                self.table.select_learning(record_id)
        self.show_detail()
        if not isinstance(self.focused, RaciGrid | LearningTable):
            self.focus_active_table()  # mounting the tabs may have moved the focus away

    def filters_text(self, found: LearningList) -> Text:
        names = {c.id: c.name for c in self.cycles}
        text = Text(_("Cycle: "))
        text.append_text(literal(names.get(self.cycle_filter, _("all")) if self.cycle_filter else _("all")))
        text.append(
            _(" · Status: {value}").format(value=word(self.status_filter) if self.status_filter else _("all"))
        )
        shown = (
            _("{shown} of {total}").format(shown=len(found.items), total=found.total)
            if found.total > len(found.items)
            else str(found.total)
        )
        text.append(_(" · {shown} shown   (c cycle · t status · esc clear)").format(shown=shown), style="dim")
        return text

    @on(LearningTable.RowHighlighted, "#learning-table")
    def show_detail(self) -> None:
        self.query_one("#learning-detail", Static).update(learning_detail(self.table.item_at_cursor()))

    # -- messages --------------------------------------------------------------------------
    # -- tabs ------------------------------------------------------------------------------
    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "learnings-pane" if tabs.active == "matrix-pane" else "matrix-pane"

    @on(TabbedContent.TabActivated)
    def focus_tab(self) -> None:
        self.focus_active_table()

    # -- matrix ----------------------------------------------------------------------------
    def action_set_letter(self, letter: str) -> None:
        if not self.can_write():
            return
        row, role = self.grid.activity_at_cursor(), self.grid.role_at_cursor()
        if row is None:
            self.say(_("There is no activity yet: press n to add one."), refused=True)
            return
        # No early return when the cell already shows the letter: a key pressed before the
        # screen caught up with an earlier key must still count (set_cell skips a real no-op).

        def done(_old) -> None:
            self.say(
                _("'{name}': {role} is {letter} ({meaning}).").format(
                    name=row.name,
                    role=role_label(role),
                    letter=letter,
                    meaning=letter_word(letter),
                )
            )

        self.write_cell(
            row,
            role,
            lambda s, seen: raci.set_cell(s, activity_id=row.id, role=role, letter=letter, seen=seen),
            done,
        )

    def action_clear_cell(self) -> None:
        if not self.can_write():
            return
        row, role = self.grid.activity_at_cursor(), self.grid.role_at_cursor()
        if row is None:
            return

        def done(old: str | None) -> None:
            if old is None:
                self.say(
                    _("'{name}': the {role} cell is empty.").format(name=row.name, role=role_label(role))
                )
            else:
                self.say(_("'{name}': cleared the {role} cell.").format(name=row.name, role=role_label(role)))

        self.write_cell(
            row, role, lambda s, seen: raci.clear_cell(s, activity_id=row.id, role=role, seen=seen), done
        )

    def write_cell(
        self,
        row: RaciRow,
        role: str,
        change: Callable[[Session, RaciRow], str | None],
        done: Callable[[str | None], None],
    ) -> None:
        """Change a cell expecting it as the user saw it (a conflict if someone else changed it since).

        Cell keys are saved one after another in the order they were pressed. What the user saw
        is the row on screen with this screen's own newer saves on top, worked out inside each
        save's transaction, after the previous one committed.
        """
        with self.cell_lock:
            self.cell_queue.append((row, role, change, done))
            self.cells_in_writing[(row.id, role)] += 1
            if self.cell_writer_busy:
                return
            self.cell_writer_busy = True
        self.run_cell_writes()

    @work(thread=True, group="write", exit_on_error=False)
    def run_cell_writes(self) -> None:
        while True:
            with self.cell_lock:
                if not self.cell_queue:
                    # In the same lock as the check: a key queued after it starts a writer of its own.
                    self.cell_writer_busy = False
                    return
                row, role, change, done = self.cell_queue.popleft()
            try:
                result = self.app.db.write(self.cell_work(row, role, change))
            except BaseException as error:
                with self.cell_lock:  # the keys after it acted on the same outdated matrix
                    self.cell_queue.clear()
                    self.cells_in_writing.clear()
                    self.cell_writer_busy = False
                if isinstance(error, CockpitError):
                    self.app.call_from_thread(self.cell_refused, error)
                    return
                raise
            with self.cell_lock:
                self.cells_in_writing[(row.id, role)] -= 1
            self.app.call_from_thread(done, result)
            self.app.call_from_thread(self.reload)

    def cell_work(
        self, row: RaciRow, role: str, change: Callable[[Session, RaciRow], str | None]
    ) -> Callable[[Session], str | None]:
        def work(session: Session) -> str | None:
            old = change(session, self.seen_with_own_writes(row))
            state = raci.cell_state(session, row.id, role)
            with self.cell_lock:
                self.own_cells[(row.id, role)] = (last_audit_id(session), state)
            return old

        return work

    def cell_refused(self, error: CockpitError) -> None:
        """As for any failed save: the line above the matrix and a notification; a conflict reloads."""
        self.say(str(error), refused=True)
        if isinstance(error, ConflictError):
            self.notify(
                _("{error} Nothing was changed; the screen shows the current state.").format(error=error),
                severity="warning",
            )
            self.reload()
        else:
            self.notify(str(error), severity="error")

    def seen_with_own_writes(self, row: RaciRow) -> RaciRow:
        cells = dict(row.cells)
        with self.cell_lock:
            own = list(self.own_cells.items())
        for (activity_id, role), (_written, state) in own:
            if activity_id == row.id:
                if state is None:
                    cells.pop(role, None)
                else:
                    cells[role] = state
        return replace(row, cells=cells)

    def action_add_activity(self) -> None:
        if self.can_write():
            self.app.push_screen(forms.new_activity_dialog(), self.after_activity_form)

    def action_rename_activity(self) -> None:
        row = self.grid.activity_at_cursor()
        if row is not None and self.can_write():
            self.app.push_screen(forms.rename_activity_dialog(row), self.after_activity_form)

    def after_activity_form(self, activity_id: int | None) -> None:
        if activity_id is not None:
            self.say(_("Saved the activity; the cursor is on it."))
            self.select_after_load = ("activity", activity_id)
            self.reload()
            self.grid.focus()

    def action_move_activity(self, step: int) -> None:
        row = self.grid.activity_at_cursor()
        if row is None:
            return

        def done(moved: bool) -> None:
            if moved:
                self.say(
                    (_("Moved '{name}' up.") if step < 0 else _("Moved '{name}' down.")).format(name=row.name)
                )
            else:
                self.say(
                    _("'{name}' is already the {value} activity.").format(
                        name=row.name, value="first" if step < 0 else "last"
                    )
                )

        self.write(lambda s: raci.move_activity(s, row.id, step=step), done=done)

    def action_remove_activity(self) -> None:
        row = self.grid.activity_at_cursor()
        if row is None:
            return
        letters = len(row.letters)
        self.delete_record(
            label=_("the activity '{name}'").format(name=row.name),
            delete=lambda s, version: raci.remove_activity(s, row.id, expected_version=version),
            version=row.version,
            question=ngettext(
                "Delete the activity '{name}' and its {count} letter?",
                "Delete the activity '{name}' and its {count} letters?",
                letters,
            ).format(name=row.name, count=letters),
            done=lambda _result: self.say(_("Deleted the activity '{name}'.").format(name=row.name)),
        )

    # -- learnings -------------------------------------------------------------------------
    def action_add_learning(self) -> None:
        if not self.can_write():
            return
        active = next((c.id for c in self.cycles if c.state == "active"), None)
        dialog = forms.new_learning_dialog(
            self.cycles, today=self.app.today(), cycle_id=self.cycle_filter or active
        )
        self.app.push_screen(dialog, self.after_learning_form)

    def action_edit_learning(self) -> None:
        item = self.table.item_at_cursor()
        if item is not None and self.can_write():
            self.app.push_screen(forms.edit_learning_dialog(self.cycles, item), self.after_learning_form)

    @on(LearningTable.RowSelected, "#learning-table")
    def edit_selected(self) -> None:
        self.action_edit_learning()  # enter on a learning opens it for editing

    def after_learning_form(self, learning_id: int | None) -> None:
        if learning_id is not None:
            self.select_after_load = ("learning", learning_id)
            self.reload()
            self.table.focus()

    def action_delete_learning(self) -> None:
        item = self.table.item_at_cursor()
        if item is None:
            return
        self.delete_record(
            label=_("this learning"),
            delete=lambda s, version: ls.delete_learning(s, item.id, expected_version=version),
            version=item.version,
            question=_("Delete the learning from {day}?").format(day=format_day(item.learned_on))
            + f"\n{item.change or item.lesson}",
        )

    def action_filter_cycle(self) -> None:
        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.cycle_filter = choice.id
                self.reload()

        self.app.push_screen(forms.cycle_filter_dialog(self.cycles), picked)

    def action_filter_status(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self.reload()

    def action_clear_filters(self) -> None:
        self.cycle_filter = self.status_filter = None
        self.reload()

    # -- navigation ------------------------------------------------------------------------
    def reveal(self, entity: str, entity_id: int) -> None:
        """Show the activity (or its cells) or the learning; before the first load, once it is in."""
        if entity not in ("raci_activity", "raci_cell", "learning"):
            return
        learning = entity == "learning"
        self.query_one(TabbedContent).active = "learnings-pane" if learning else "matrix-pane"
        self.select_after_load = ("learning" if learning else "activity", entity_id)
        if learning:
            self.table.select_learning(entity_id)
        else:
            self.grid.select_activity(entity_id)

    def selected_record(self) -> tuple[str, int] | None:
        if self.query_one(TabbedContent).active == "learnings-pane":
            item = self.table.item_at_cursor()
            return ("learning", item.id) if item else None
        row = self.grid.activity_at_cursor()
        return ("raci_activity", row.id) if row else None


def matrix_summary(rows: list[RaciRow]) -> Text:
    flagged = [row for row in rows if row.problem]
    text = Text(_("{rows_count} activities · ").format(rows_count=len(rows)))
    if not rows:
        text.append(_("none yet: press n to add the first"))
    elif flagged:
        text.append(_("▲ {count} without exactly one A").format(count=len(flagged)), style="bold")
    else:
        text.append(_("✓ every activity has exactly one A"))
    return text
