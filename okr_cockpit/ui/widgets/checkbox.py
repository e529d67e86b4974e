"""A checkbox whose state reads without colour: `▐X▌` when ticked, `▐ ▌` when not."""

from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the mark inside the box
        return "X" if self.value else " "
