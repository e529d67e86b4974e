"""Uncovered teams grouped by division: a header row per division (with its count), then its teams.

Every uncovered team is reachable with the cursor; the teams are read in windows (`UncoveredRows`
maps a window of rows, headers included, to the teams it needs), the division counts once per load.
"""

from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate

from rich.text import Text

from okr_cockpit.db.models import ROLLOUT_STATES
from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.coaching.coverage import DivisionCount, UncoveredTeam
from okr_cockpit.ui.glyphs import literal, state_label
from okr_cockpit.ui.widgets.windowed_table import WindowedTable

NO_DIVISION = N_("(no division)")
Row = DivisionCount | UncoveredTeam


class UncoveredRows:
    """The rows of the list for given division counts: division i's header, then its teams."""

    def __init__(self, divisions: Sequence[DivisionCount]) -> None:
        self.divisions = tuple(divisions)
        counts = [d.count for d in self.divisions]
        self.teams_before = [0, *accumulate(counts)]  # teams of the divisions before division i
        self.starts = [index + before for index, before in enumerate(self.teams_before)]  # header rows
        self.total = self.starts[-1]

    def team_of(self, row: int) -> int | None:
        """Which team (0-based, in `uncovered_teams` order) row `row` shows; None for a header."""
        index = self.division_at(row)
        within = row - self.starts[index] - 1
        return None if within < 0 else self.teams_before[index] + within

    def division_at(self, row: int) -> int:
        index = 0
        while index + 1 < len(self.divisions) and self.starts[index + 1] <= row:
            index += 1
        return index

    def row_of(self, team: int) -> int:
        index = 0
        while index + 1 < len(self.divisions) and self.teams_before[index + 1] <= team:
            index += 1
        return self.starts[index] + 1 + team - self.teams_before[index]

    def window(
        self, offset: int, limit: int, read: Callable[[int, int], Sequence[UncoveredTeam]]
    ) -> list[Row]:
        """Rows offset… (at most `limit`); `read(team_offset, count)` reads the teams among them."""
        shown = range(offset, min(self.total, offset + limit))
        teams = [t for t in map(self.team_of, shown) if t is not None]
        read_teams = read(teams[0], teams[-1] - teams[0] + 1) if teams else ()
        rows: list[Row] = []
        for row in shown:
            team = self.team_of(row)
            if team is None:
                rows.append(self.divisions[self.division_at(row)])
            elif team - teams[0] < len(read_teams):
                rows.append(read_teams[team - teams[0]])
        return rows


class UncoveredTeams(WindowedTable):
    """Division rows have the key `div:<id>`, teams `team:<id>`; the cursor skips to teams on Enter."""

    FLEX = {0: 2, 2: 1}  # the text columns take the width left over
    DROP = (2,)  # narrow: the wave goes first, the team keeps its name

    def on_mount(self) -> None:
        self.add_column(_("team"), key="team", width=28)
        # As wide as the longest state in the user's language ("◔ in Vorbereitung"): a state is never cut.
        state_width = max(len(state_label(state)) for state in ROLLOUT_STATES)
        self.add_column(_("state"), key="state", width=state_width)
        self.add_column(_("wave"), key="wave", width=9)

    def row_key(self, row: Row) -> Hashable:
        return f"team:{row.unit_id}" if isinstance(row, UncoveredTeam) else f"div:{row.division_id}"

    def cells(self, row: Row) -> tuple[Text, ...]:
        if isinstance(row, DivisionCount):
            header = Text("▾ ", style="bold")
            header.append_text(literal(row.division or _(NO_DIVISION)))
            header.stylize("bold")
            teams = ngettext("{count} team", "{count} teams", row.count).format(count=row.count)
            return (header, Text(teams), Text(""))
        name = Text("  ")
        name.append_text(literal(row.name))
        return (name, Text(state_label(row.state)), literal(row.wave or "—"))

    def current(self) -> UncoveredTeam | None:
        row = super().current()
        return row if isinstance(row, UncoveredTeam) else None
