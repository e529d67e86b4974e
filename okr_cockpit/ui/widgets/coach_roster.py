"""The coach roster: every coach with status, cohort, certification and a load bar, read in windows."""

from rich.text import Text

from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.coaching.coaches import RosterRow
from okr_cockpit.ui.glyphs import CHANGED_MARK, COACH_STATUS_GLYPHS, WARNING, bar, literal, word
from okr_cockpit.ui.widgets.windowed_table import WindowedTable


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


class CoachRoster(WindowedTable):
    """Every coach of the roster, read in windows; `changed` marks coaches someone else just changed."""

    FLEX = {0: 1}  # the text columns take the width left over
    DROP = (2, 3)  # narrow: cohort, then certified go first

    def __init__(self, **kwargs) -> None:
        super().__init__(zebra_stripes=True, **kwargs)
        self.changed: set[int] = set()

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

    def row_key(self, row: RosterRow) -> int:
        return row.coach_id

    def cells(self, row: RosterRow) -> tuple[Text, ...]:
        name = Text(f"{CHANGED_MARK} " if row.coach_id in self.changed else "")
        name.append_text(literal(row.name))
        return (
            name,
            Text(status_label(row.status)),
            literal(row.cohort or "—"),
            Text(format_day(row.certified_on) if row.certified_on else "—"),
            load_label(row.load, row.capacity),
            over_label(row),
        )
