"""The RACI matrix as a grid: activities down, roles across, one letter per cell, a check per row.

Activity names are row labels, so the cell cursor only ever stands on a role; the check column
is read-only and the cursor stops before it. The keys act on the screen (`screen.` actions),
which does the writes; the grid only keeps the cursor on the same activity and role across reloads.
"""

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from okr_cockpit.db.models import RACI_ROLES
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.process.raci import RaciRow, letter_word, role_label
from okr_cockpit.ui.glyphs import CHANGED_MARK
from okr_cockpit.ui.widgets.list_keys import CursorTable

CELL_WIDTH = 7  # "Coaches", "Sponsor", "Leaders"
# What the role and check columns take with their padding; the activity names get the rest.
COLUMNS_WIDTH = (CELL_WIDTH + 2) * (len(RACI_ROLES) + 1) + 4
CHECK_COLUMN = len(RACI_ROLES)  # index of the read-only check column
SET = Binding.Group(N_("Set R/A/C/I"))
MOVE = Binding.Group(N_("Move"))


def letter_binding(letter: str) -> Binding:
    return Binding(
        letter.lower(),
        f"screen.set_letter('{letter}')",
        _("Set {letter} ({value}) in the cell").format(letter=letter, value=letter_word(letter)),
        group=SET,
        id=f"raci.set_{letter.lower()}",
    )


def row_label(row: RaciRow, *, marked: bool, width: int) -> Text:
    name = "".join(ch if ch.isprintable() else "�" for ch in row.name)  # shown literally
    if marked:
        name = f"{CHANGED_MARK} {name}"
    return Text(name if len(name) <= width else name[: width - 1] + "…")


def letter_cell(letter: str | None) -> Text:
    if not letter:
        return Text("·", style="dim", justify="center")
    return Text(letter, style="bold" if letter == "A" else "", justify="center")


def check_cell(row: RaciRow) -> Text:
    return Text(row.flag, style="bold") if row.flag else Text(_("✓ ok"), style="dim")


class RaciGrid(CursorTable):
    """Shows `RaciRow`s; `activity_at_cursor()` and `role_at_cursor()` say what a key acts on."""

    BINDINGS = [
        Binding("h", "cursor_left", N_("Left"), show=False, id="raci.left"),
        Binding("l", "cursor_right", N_("Right"), show=False, id="raci.right"),
        *(letter_binding(letter) for letter in "RACI"),
        Binding(
            "space,backspace", "screen.clear_cell", N_("Clear cell"), key_display="space", id="raci.clear"
        ),
        Binding("n", "screen.add_activity", N_("New activity"), id="raci.add"),
        Binding("e", "screen.rename_activity", N_("Rename"), id="raci.rename"),
        Binding("J", "screen.move_activity(1)", N_("Move activity down"), group=MOVE, id="raci.move_down"),
        Binding("K", "screen.move_activity(-1)", N_("Move activity up"), group=MOVE, id="raci.move_up"),
        Binding("d", "screen.remove_activity", N_("Delete activity"), id="raci.delete"),
    ]
    DEFAULT_CSS = """
    RaciGrid { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)
        self.rows_shown: list[RaciRow] = []

    def on_mount(self) -> None:
        for role in RACI_ROLES:
            self.add_column(Text(role_label(role), justify="center"), width=CELL_WIDTH, key=role)
        self.add_column(_("Check"), width=CELL_WIDTH, key="check")

    def show_rows(self, rows: list[RaciRow], *, marked: set[int]) -> None:
        """Replace the rows; the cursor stays on the same activity and role (or the same place)."""
        current = self.activity_at_cursor()
        row_index, column = self.cursor_coordinate.row, self.cursor_coordinate.column
        self.rows_shown = list(rows)
        self.clear()
        name_width = max(12, min(48, (self.size.width or 80) - COLUMNS_WIDTH))
        labels = [row_label(row, marked=row.id in marked, width=name_width) for row in rows]
        for row, label in zip(rows, labels, strict=True):
            self.add_row(
                *(letter_cell(row.letters.get(role)) for role in RACI_ROLES),
                check_cell(row),
                key=str(row.id),
                label=label,
            )
        # The label column is sized here, not on the next idle: a frame drawn before it (on a loaded
        # machine, after a reload) showed the matrix without its activity names.
        self._labelled_row_exists = bool(rows)
        self._label_column.content_width = max((label.cell_len for label in labels), default=0)
        ids = [row.id for row in rows]
        if current is not None and current.id in ids:
            row_index = ids.index(current.id)
        if rows:
            self.move_cursor(row=min(row_index, len(rows) - 1), column=column, animate=False)

    def select_activity(self, activity_id: int) -> None:
        ids = [row.id for row in self.rows_shown]
        if activity_id in ids:
            self.move_cursor(row=ids.index(activity_id), animate=False)

    def activity_at_cursor(self) -> RaciRow | None:
        index = self.cursor_coordinate.row
        return self.rows_shown[index] if 0 <= index < len(self.rows_shown) else None

    def role_at_cursor(self) -> str:
        return RACI_ROLES[min(self.cursor_coordinate.column, CHECK_COLUMN - 1)]

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        # The check column is not editable: a click or a move there lands on the last role.
        if event.coordinate.column >= CHECK_COLUMN:
            self.move_cursor(column=CHECK_COLUMN - 1, animate=False)

    def action_cursor_right(self) -> None:
        if self.cursor_coordinate.column < CHECK_COLUMN - 1:
            super().action_cursor_right()
