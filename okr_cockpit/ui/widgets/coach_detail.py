"""The detail pane: the selected coach's teams, or the selected team's coaches, one assignment a row."""

from rich.text import Text

from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.coaching.coaches import AssignmentRow
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.widgets.coach_roster import load_label, row_key, status_label
from okr_cockpit.ui.widgets.list_keys import CursorTable
from okr_cockpit.ui.widgets.marks import mark_keys

ROLE_LABELS = {"primary": N_("★ primary"), "backup": N_("☆ backup")}


class AssignmentDetail(CursorTable):
    """Rows keyed by assignment id; `kind` says whether it lists teams (of a coach) or coaches (of a team)."""

    FLEX = {1: 1}  # the text columns take the width left over
    DROP = (3, 2)  # a team's coaches: status, then load; a coach's teams: since
    MARKABLE = True  # d unassigns the marked assignments
    BINDINGS = mark_keys()

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.kind = ""
        self.rows_by_id: dict[int, AssignmentRow] = {}

    def show_rows(self, kind: str, rows: list[AssignmentRow]) -> None:
        selected = self.current()
        if kind != self.kind:
            self.kind = kind
            self.clear(columns=True)
            role_width = max(len(_(label)) for label in ROLE_LABELS.values())  # "☆ Vertretung" in German
            columns = (
                ((N_("role"), role_width), (N_("team"), 20), (N_("since"), 10))
                if kind == "coach"
                else ((N_("role"), role_width), (N_("coach"), 15), (N_("load"), 8), (N_("status"), 11))
            )
            for label, width in columns:
                self.add_column(_(label), width=max(width, len(_(label))))
        else:
            self.clear()
        self.rows_by_id = {row.assignment_id: row for row in rows}
        for row in rows:
            role = Text(_(ROLE_LABELS[row.role]) if row.role in ROLE_LABELS else row.role)
            since = Text(format_day(row.start_on) if row.start_on else "—")
            if kind == "coach":
                self.add_row(role, literal(row.team), since, key=str(row.assignment_id))
            else:
                self.add_row(
                    role,
                    literal(row.coach),
                    load_label(row.load, row.capacity, width=3),
                    Text(status_label(row.coach_status)),
                    key=str(row.assignment_id),
                )
        if selected is not None and selected.assignment_id in self.rows_by_id:
            self.move_cursor(row=self.get_row_index(str(selected.assignment_id)), animate=False)

    def current(self) -> AssignmentRow | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key((self.cursor_row, 0))
        return self.rows_by_id.get(int(row_key(key)))
