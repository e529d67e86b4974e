"""Screen: Coaches (placeholder until its issue #4 lands)."""

from textual.app import ComposeResult
from textual.widgets import Static

from okr_cockpit.ui.screens.base import CockpitScreen


class CoachesScreen(CockpitScreen):
    MODE = "coaches"

    def compose_body(self) -> ComposeResult:
        yield Static("Coaches: this screen is not built yet (issue 4).", markup=False)
