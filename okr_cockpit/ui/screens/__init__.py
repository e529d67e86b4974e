"""One module per screen; `base.CockpitScreen` holds what they share."""
