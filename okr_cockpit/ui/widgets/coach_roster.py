"""The coach roster: one page of coaches with status, cohort, certification and a load bar."""

from rich.text import Text

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.coaching.coaches import RosterPage, RosterRow
from okr_cockpit.ui.glyphs import CHANGED_MARK, COACH_STATUS_GLYPHS, WARNING, bar, literal, word
from okr_cockpit.ui.widgets.list_keys import CursorTable


def row_key(key) -> str | None:
    return getattr(key, "value", key)


def status_label(status: str) -> str:
    return f"{COACH_STATUS_GLYPHS.get(status, '?')} {word(status)}"


def load_label(load: int, capacity: int, width: int = 6) -> Text:
    """`████░░ 3/4`; the numbers are always there as text."""
    text = Text(bar(load, capacity, width) + " ")
    text.append(f"{load}/{capacity}", style="bold" if load > capacity else "")
    return text


def over_word() -> str:
    return _("{warning} over").format(warning=WARNING)


def over_label(row: RosterRow) -> Text:
    return Text(over_word(), style="bold") if row.over_capacity else Text("")


class CoachRoster(CursorTable):
    """A page of the roster; keeps the cursor on the same coach across reloads."""

    FLEX = {0: 1}  # the text columns take the width left over

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_by_id: dict[int, RosterRow] = {}

    def on_mount(self) -> None:
        for label, width in (
            (N_("name"), 18),
            (N_("status"), 11),
            (N_("cohort"), 6),
            (N_("certified"), 10),
            (N_("load"), 10),
            ("", len(over_word())),
        ):
            shown = _(label) if label else ""
            self.add_column(shown, key=label or "over", width=max(width, len(shown)))  # German is longer

    def show_page(self, page: RosterPage, *, selected: int | None, changed: set[int]) -> None:
        self.clear()
        self.rows_by_id = {row.coach_id: row for row in page.rows}
        for row in page.rows:
            name = Text(f"{CHANGED_MARK} " if row.coach_id in changed else "")
            name.append_text(literal(row.name))
            self.add_row(
                name,
                Text(status_label(row.status)),
                literal(row.cohort or "—"),
                Text(row.certified_on.isoformat() if row.certified_on else "—"),
                load_label(row.load, row.capacity),
                over_label(row),
                key=str(row.coach_id),
            )
        if selected in self.rows_by_id:
            self.move_cursor(row=self.get_row_index(str(selected)), animate=False)

    def current(self) -> RosterRow | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key((self.cursor_row, 0))
        return self.rows_by_id.get(int(row_key(key)))
