"""Uncovered teams grouped by division: a header row per division (with its count), then its teams."""

from rich.text import Text

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.coaching.coverage import DivisionCount, UncoveredTeam
from okr_cockpit.ui.glyphs import literal, state_label
from okr_cockpit.ui.widgets.coach_roster import row_key
from okr_cockpit.ui.widgets.list_keys import CursorTable

NO_DIVISION = N_("(no division)")


class UncoveredTeams(CursorTable):
    """One page of uncovered teams; division rows have the key `div:<id>`, teams `team:<id>`."""

    FLEX = {0: 2, 2: 1}  # the text columns take the width left over

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.teams: dict[int, UncoveredTeam] = {}

    def on_mount(self) -> None:
        self.add_column(_("team"), key="team", width=28)
        self.add_column(_("state"), key="state", width=13)
        self.add_column(_("wave"), key="wave", width=9)

    def show_teams(
        self, teams: list[UncoveredTeam], counts: list[DivisionCount], *, selected: int | None
    ) -> None:
        self.clear()
        self.teams = {team.unit_id: team for team in teams}
        per_division = {c.division_id: c.count for c in counts}
        group: object = object()  # no division id equals this, so the first team opens a group
        for team in teams:
            if team.division_id != group:
                group = team.division_id
                header = Text("▾ ", style="bold")
                header.append_text(literal(team.division or _(NO_DIVISION)))
                header.stylize("bold")
                count = per_division.get(team.division_id, 0)
                self.add_row(
                    header,
                    Text(ngettext("{count} team", "{count} teams", count).format(count=count)),
                    "",
                    key=f"div:{group}",
                )
            name = Text("  ")
            name.append_text(literal(team.name))
            self.add_row(
                name, Text(state_label(team.state)), literal(team.wave or "—"), key=f"team:{team.unit_id}"
            )
        if selected in self.teams:
            self.move_cursor(row=self.get_row_index(f"team:{selected}"), animate=False)
        elif self.row_count > 1 and self.cursor_row == 0:
            self.move_cursor(row=1, animate=False)  # the first team, not its division header

    def current(self) -> UncoveredTeam | None:
        if not self.row_count:
            return None
        key = row_key(self.coordinate_to_cell_key((self.cursor_row, 0))[0]) or ""
        if not key.startswith("team:"):
            return None
        return self.teams.get(int(key.removeprefix("team:")))
