"""Screen: Org units (placeholder until its issue #3 lands)."""

from textual.app import ComposeResult
from textual.widgets import Static

from okr_cockpit.ui.screens.base import CockpitScreen


class UnitsScreen(CockpitScreen):
    MODE = "units"

    def compose_body(self) -> ComposeResult:
        yield Static("Org units: this screen is not built yet (issue 3).", markup=False)
