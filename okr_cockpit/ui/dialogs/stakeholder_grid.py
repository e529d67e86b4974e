"""The influence × interest grid as a modal view; enter on a stakeholder goes to it in the register."""

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.log import HIGH, Quadrant, influence_grid
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import ATTITUDE_GLYPHS, word
from okr_cockpit.ui.widgets.influence_grid import InfluenceGrid, QuadrantList

LEGEND = "   ".join(f"{glyph} {word(a)}" for a, glyph in ATTITUDE_GLYPHS.items())


class StakeholderGridDialog(ReportsFailures, ModalScreen[int | None]):
    """Dismisses with the id of the stakeholder to go to, or None."""

    BINDINGS = [
        Binding("escape,i", "close", N_("Close"), id="grid.close"),
        Binding("tab", "app.focus_next", N_("Next quadrant"), id="grid.next"),
        Binding("shift+tab", "app.focus_previous", N_("Previous quadrant"), id="grid.previous"),
    ]
    DEFAULT_CSS = """
    StakeholderGridDialog { align: center middle; }
    StakeholderGridDialog > Vertical { width: 100%; height: 100%; border: thick $primary;
        background: $surface; padding: 0 1; }
    StakeholderGridDialog .grid-line { height: 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("Influence × interest")
        with box:
            yield Static(
                _("↑ influence (high = {HIGH}–5)     interest → (high = {HIGH}–5)").format(HIGH=HIGH),
                classes="grid-line",
            )
            yield InfluenceGrid()
            yield Static(
                _("{LEGEND}   · tab quadrant · enter go to · esc close").format(LEGEND=LEGEND),
                classes="grid-line",
            )

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="grid", exit_on_error=False)
    def load(self) -> None:
        grid = self.app.db.read(lambda session: influence_grid(session))
        self.app.call_from_thread(self.show, grid)

    def show(self, grid: dict[str, Quadrant]) -> None:
        self.query_one(InfluenceGrid).show_grid(grid)
        self.query_one("#quadrant-manage_closely", QuadrantList).focus()

    @on(OptionList.OptionSelected)
    def go(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)
