"""Screen: Stakeholders (placeholder until its issue #6 lands)."""

from textual.app import ComposeResult
from textual.widgets import Static

from okr_cockpit.ui.screens.base import CockpitScreen


class StakeholdersScreen(CockpitScreen):
    MODE = "stakeholders"

    def compose_body(self) -> ComposeResult:
        yield Static("Stakeholders: this screen is not built yet (issue 6).", markup=False)
