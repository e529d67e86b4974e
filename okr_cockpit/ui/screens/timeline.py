"""Screen: Timeline (placeholder until its issue #5 lands)."""

from textual.app import ComposeResult
from textual.widgets import Static

from okr_cockpit.ui.screens.base import CockpitScreen


class TimelineScreen(CockpitScreen):
    MODE = "timeline"

    def compose_body(self) -> ComposeResult:
        yield Static("Timeline: this screen is not built yet (issue 5).", markup=False)
