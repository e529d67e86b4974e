"""Screen 7, the Rollout plan: `screen.py` (RolloutScreen), its actions and widgets.

Nothing is imported here, so the Overview can use a piece of it without loading the whole screen.
"""
