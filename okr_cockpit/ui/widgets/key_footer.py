"""The footer of every screen: Textual's Footer, rebuilt only when the keys it shows really change.

Textual's Footer recomposes on every bindings update; switching screens sends several identical ones,
and each rebuild restyles every key (about 0.5 s per screen switch on this machine).
"""

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown or not self._bindings_ready:
            self._shown = shown
            super().bindings_changed(screen)
