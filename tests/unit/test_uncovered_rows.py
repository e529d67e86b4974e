"""The rows of the uncovered-teams list: a header per division, then its teams, read in windows."""

from okr_cockpit.services.coaching.coverage import DivisionCount, UncoveredTeam
from okr_cockpit.ui.widgets.coach_uncovered import UncoveredRows

DIVISIONS = [DivisionCount(1, "North", 2), DivisionCount(2, "South", 3), DivisionCount(None, "", 1)]
TEAMS = [UncoveredTeam(10 + n, f"Team {n}", None, "", "", "live") for n in range(6)]


def read(first: int, count: int) -> list[UncoveredTeam]:
    return TEAMS[first : first + count]


def test_headers_and_teams_in_list_order():
    rows = UncoveredRows(DIVISIONS)
    assert rows.total == 9
    assert [rows.team_of(r) for r in range(9)] == [None, 0, 1, None, 2, 3, 4, None, 5]
    assert [rows.row_of(t) for t in range(6)] == [1, 2, 4, 5, 6, 8]
    assert rows.window(0, 9, read) == [
        DIVISIONS[0],
        *TEAMS[:2],
        DIVISIONS[1],
        *TEAMS[2:5],
        DIVISIONS[2],
        TEAMS[5],
    ]


def test_a_window_reads_only_its_teams():
    asked: list[tuple[int, int]] = []

    def reading(first: int, count: int) -> list[UncoveredTeam]:
        asked.append((first, count))
        return read(first, count)

    assert UncoveredRows(DIVISIONS).window(3, 3, reading) == [DIVISIONS[1], TEAMS[2], TEAMS[3]]
    assert asked == [(2, 2)]
    assert UncoveredRows([]).total == 0 and UncoveredRows([]).window(0, 5, reading) == []
