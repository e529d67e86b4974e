"""Screen 7, the Rollout plan: a package of the screen and its actions."""

from okr_cockpit.ui.screens.rollout.screen import RolloutScreen

__all__ = ["RolloutScreen"]
