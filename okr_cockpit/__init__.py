"""okr-cockpit: the rollout cockpit of an OKR Program Lead Office."""

__version__ = "0.1.0"
