"""The interaction log of the selected stakeholder: one page, newest first, follow-ups as glyph + word."""

from datetime import date

from rich.text import Text

from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.stakeholders.interactions import InteractionRow, LogPage
from okr_cockpit.ui.glyphs import OVERDUE, literal, word
from okr_cockpit.ui.widgets.list_keys import CursorTable
from okr_cockpit.ui.widgets.sentiment_trend import sentiment_cell
from okr_cockpit.ui.widgets.stakeholder_table import number_id, page_hint

FOLLOW_UP_STATES = {
    "none": "",
    "open": N_("○ open"),
    "overdue": N_("{overdue} overdue"),
    "done": N_("✓ done"),
}


class InteractionLog(CursorTable):
    """One page of a stakeholder's interactions, newest first."""

    FLEX = {2: 1, 4: 3, 5: 2}  # the text columns take the width left over

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_by_id: dict[int, InteractionRow] = {}
        self.stakeholder_id: int | None = None

    def on_mount(self) -> None:
        for header, width in (
            (N_("date"), 10), (N_("channel"), 8), (N_("author"), 8), (N_("mood"), 4), (N_("summary"), 30),
            (N_("follow-up"), 18), (N_("due"), 10), (N_("state"), 12),
        ):  # fmt: skip
            self.add_column(_(header), key=header, width=max(width, len(_(header))))  # German is longer

    def show_page(self, log: LogPage | None, *, today: date, changed: set[int]) -> None:
        keep = self.current()
        self.clear()
        self.rows_by_id = {row.id: row for row in log.rows} if log else {}
        same_stakeholder = log is not None and log.stakeholder_id == self.stakeholder_id
        self.stakeholder_id = log.stakeholder_id if log else None
        for row in log.rows if log else ():
            self.add_row(*log_cells(row, today=today, changed=row.id in changed), key=str(row.id))
        if same_stakeholder and keep is not None and keep.id in self.rows_by_id:
            self.move_cursor(row=self.get_row_index(str(keep.id)), animate=False)

    def current(self) -> InteractionRow | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key((self.cursor_row, 0))
        return self.rows_by_id.get(number_id(key))

    def select(self, interaction_id: int) -> None:
        if interaction_id in self.rows_by_id:
            self.move_cursor(row=self.get_row_index(str(interaction_id)), animate=False)


def log_cells(row: InteractionRow, *, today: date, changed: bool = False) -> tuple[Text, ...]:
    state = row.follow_up_state(today)
    state_text = _(FOLLOW_UP_STATES[state]).format(overdue=OVERDUE) if FOLLOW_UP_STATES[state] else ""
    if state == "done" and row.follow_up_done is not None:
        day = _("{month}-{day}").format(month=f"{row.follow_up_done:%m}", day=f"{row.follow_up_done:%d}")
        state_text = _("✓ done {day}").format(day=day)
    summary = Text("✎ " if changed else "")
    summary.append_text(literal(" ".join(row.summary.split())))
    return (
        Text(format_day(row.occurred_on)),
        Text(word(row.channel)),
        literal(row.author),
        sentiment_cell(row.sentiment),
        summary,
        literal(" ".join(row.follow_up.split()) or "—"),
        Text(format_day(row.follow_up_due) if row.follow_up_due else "—"),
        Text(state_text, style="bold" if state == "overdue" else ""),
    )


def log_info(log: LogPage | None) -> str:
    if log is None:
        return ""
    if not log.total:
        return _("No interactions yet · a adds one")
    return page_hint(log.offset, len(log.rows), log.total, _("interactions, newest first")) + _(
        " · tab ⇄ register"
    )
