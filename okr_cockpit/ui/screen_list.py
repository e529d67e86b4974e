"""The cockpit's screens, declared once: top bar, key bindings, palette and screenshots read this list.

Each screen's class is imported only when the screen is first shown, so the start does not pay for screens
not yet visited.
"""

from dataclasses import dataclass
from importlib import import_module

from okr_cockpit.i18n import N_


@dataclass(frozen=True)
class ScreenEntry:
    key: str  # the key that shows it
    mode: str  # the Textual mode name
    name: str  # full name (marked for translation; translated where shown)
    short: str  # the name where room is short: top bar at 80 columns, footer
    about: str  # what is on it, for the palette
    screen: str  # "module:Class", imported when first shown

    def import_class(self) -> type:
        module, _sep, cls = self.screen.partition(":")
        return getattr(import_module(module), cls)

    def load(self):
        return self.import_class()()


SCREENS = (
    ScreenEntry("1", "overview", N_("Overview"), N_("Overview"), N_("rollout status at a glance"),
                "okr_cockpit.ui.screens.overview.screen:OverviewScreen"),
    ScreenEntry("2", "units", N_("Org units"), N_("Units"), N_("the org unit tree, waves and states"),
                "okr_cockpit.ui.screens.units.screen:UnitsScreen"),
    ScreenEntry("3", "coaches", N_("Coaches"), N_("Coaches"), N_("coaches, their teams and load"),
                "okr_cockpit.ui.screens.coaches.screen:CoachesScreen"),
    ScreenEntry("4", "timeline", N_("Timeline"), N_("Timeline"), N_("cycles and their events"),
                "okr_cockpit.ui.screens.timeline.screen:TimelineScreen"),
    ScreenEntry("5", "stakeholders", N_("Stakeholders"), N_("Stakeholders"), N_("the stakeholder log"),
                "okr_cockpit.ui.screens.stakeholders.screen:StakeholdersScreen"),
    ScreenEntry("6", "raci", N_("RACI & process"), N_("RACI"), N_("who does what, and learnings"),
                "okr_cockpit.ui.screens.raci.screen:RaciScreen"),
    ScreenEntry("7", "rollout", N_("Rollout plan"), N_("Rollout"), N_("waves, readiness, process health"),
                "okr_cockpit.ui.screens.rollout.screen:RolloutScreen"),
)
SCREEN_BY_MODE = {entry.mode: entry for entry in SCREENS}
