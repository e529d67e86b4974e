"""The footer of every screen: Textual's Footer, rebuilt only when the keys it shows really change.

Textual's Footer recomposes on every bindings update; switching screens sends several identical ones,
and each rebuild restyles every key (about 0.5 s per screen switch on this machine).
"""

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from okr_cockpit.i18n import _


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (key, _(active.binding.description), active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown or not self._bindings_ready:
            self._shown = shown
            super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # Binding descriptions are marked with N_() where the classes are defined (before the language is
        # chosen), so they are translated here, where they are shown.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
            yield widget
