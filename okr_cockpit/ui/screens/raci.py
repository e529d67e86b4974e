"""Screen: RACI & process (placeholder until its issue #9 lands)."""

from textual.app import ComposeResult
from textual.widgets import Static

from okr_cockpit.ui.screens.base import CockpitScreen


class RaciScreen(CockpitScreen):
    MODE = "raci"

    def compose_body(self) -> ComposeResult:
        yield Static("RACI & process: this screen is not built yet (issue 9).", markup=False)
