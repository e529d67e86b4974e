"""The line at the top of every screen: the screens by key, the current one marked, and the database."""

from rich.text import Text
from textual.widgets import Static

SCREEN_TABS = (
    ("1", "overview", "Overview"),
    ("2", "units", "Org units"),
    ("3", "coaches", "Coaches"),
    ("4", "timeline", "Timeline"),
    ("5", "stakeholders", "Stakeholders"),
    ("6", "raci", "RACI & process"),
)


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(markup=False)
        self.current = current

    def on_mount(self) -> None:
        text = Text(" okr-cockpit ", style="bold reverse")
        for key, mode, label in SCREEN_TABS:
            if mode == self.current:
                text.append(f" {key} ▸{label}◂ ", style="bold underline")
            else:
                text.append(f" {key} {label} ")
        self.update(text)
