"""The interaction log of the selected stakeholder: all of it, newest first, read in windows; follow-ups as
glyph + word."""

from datetime import date

from rich.text import Text

from okr_cockpit.i18n import N_, _, format_day, ngettext
from okr_cockpit.services.stakeholders.interactions import InteractionRow
from okr_cockpit.ui.glyphs import OVERDUE, literal, word
from okr_cockpit.ui.widgets.sentiment_trend import sentiment_cell
from okr_cockpit.ui.widgets.windowed_table import WindowedTable, count_words

FOLLOW_UP_STATES = {
    "none": "",
    "open": N_("○ open"),
    "overdue": N_("{overdue} overdue"),
    "done": N_("✓ done"),
}


class InteractionLog(WindowedTable):
    """A stakeholder's interactions, newest first; `stakeholder_id` says whose."""

    FLEX = {2: 1, 4: 3, 5: 2}  # the text columns take the width left over
    DROP = (2, 1)  # narrow: author, then channel go first
    # Read on every move in the register, so smaller than the other lists' windows.
    WINDOW = 60
    MARGIN = 15

    def __init__(self, **kwargs) -> None:
        super().__init__(zebra_stripes=True, **kwargs)
        self.stakeholder_id: int | None = None
        self.changed: set[int] = set()
        self.today = date.today()  # the screen sets the app's clock before showing rows

    def on_mount(self) -> None:
        for header, width in (
            (N_("date"), 10), (N_("channel"), 8), (N_("author"), 8), (N_("mood"), 4), (N_("summary"), 30),
            (N_("follow-up"), 18), (N_("due"), 10), (N_("state"), 12),
        ):  # fmt: skip
            self.add_column(_(header), key=header, width=max(width, len(_(header))))  # German is longer

    def row_key(self, row: InteractionRow) -> int:
        return row.id

    def cells(self, row: InteractionRow) -> tuple[Text, ...]:
        return log_cells(row, today=self.today, changed=row.id in self.changed)


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


def log_info(table: InteractionLog) -> str:
    if table.stakeholder_id is None:
        return ""
    if not table.total:
        return _("No interactions yet · a adds one")
    count = ngettext(
        "{total:,} interaction, newest first", "{total:,} interactions, newest first", table.total
    ).format(total=table.total)
    return count_words(table, count) + _(" · tab ⇄ register")
