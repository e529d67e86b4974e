"""The influence × interest grid: four quadrants, each listing its stakeholders with their attitude glyph.

Influence grows upwards, interest to the right, as on the usual stakeholder map.
"""

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.log import HIGH, GridEntry, Quadrant
from okr_cockpit.ui.glyphs import ATTITUDE_GLYPHS, literal, word
from okr_cockpit.ui.widgets.list_keys import list_moves

# Screen order: the top row is high influence, the right column high interest.
LAYOUT = ("keep_satisfied", "manage_closely", "monitor", "keep_informed")
AXES = {  # marked; shown as _(...).format(high=HIGH)
    "keep_satisfied": N_("influence ≥{high} · interest <{high}"),
    "manage_closely": N_("influence ≥{high} · interest ≥{high}"),
    "monitor": N_("influence <{high} · interest <{high}"),
    "keep_informed": N_("influence <{high} · interest ≥{high}"),
}


def entry_label(entry: GridEntry) -> Text:
    text = Text(f"{ATTITUDE_GLYPHS.get(entry.attitude, '?')} ")
    text.append_text(literal(entry.name))
    text.append(f"  {word(entry.attitude)} · {entry.influence}/{entry.interest}", style="dim")
    return text


class QuadrantList(OptionList):
    """One quadrant; the option ids are stakeholder ids."""

    BINDINGS = list_moves("first", "last")

    def show_quadrant(self, quadrant: Quadrant) -> None:
        self.border_title = f"{quadrant.title} ({quadrant.total})"
        self.border_subtitle = _(AXES[quadrant.key]).format(high=HIGH)
        self.clear_options()
        for entry in quadrant.entries:
            self.add_option(Option(entry_label(entry), id=str(entry.id)))
        if quadrant.total > len(quadrant.entries):
            more = _("… and {count} more (narrow the register to see them)").format(
                count=quadrant.total - len(quadrant.entries)
            )
            self.add_option(Option(Text(more, style="dim"), disabled=True))
        if not quadrant.entries:
            self.add_option(Option(Text(_("nobody here"), style="dim"), disabled=True))
        if quadrant.entries:
            self.highlighted = 0


class InfluenceGrid(Grid):
    DEFAULT_CSS = """
    InfluenceGrid { grid-size: 2 2; grid-gutter: 0 1; height: 1fr; }
    InfluenceGrid QuadrantList { height: 100%; border: round $primary; }
    InfluenceGrid QuadrantList:focus { border: round $accent; }
    """

    def compose(self) -> ComposeResult:
        for key in LAYOUT:
            yield QuadrantList(id=f"quadrant-{key}")

    def show_grid(self, grid: dict[str, Quadrant]) -> None:
        for key in LAYOUT:
            self.query_one(f"#quadrant-{key}", QuadrantList).show_quadrant(grid[key])
