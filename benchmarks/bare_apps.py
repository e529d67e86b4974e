"""The bare Textual apps the cockpit is measured against: one Static, and a ListView of 100 rows.

Usage: python benchmarks/bare_apps.py static|listview  (started by benchmarks/terminal.py)
"""

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label, ListItem, ListView, Static


class BareStatic(App):
    def compose(self) -> ComposeResult:
        yield Static("hello")


class BareListView(App):
    # The cockpit's lists move with j/k, so the bare list does too.
    BINDINGS = [Binding("j", "down", "Down"), Binding("k", "up", "Up")]

    def compose(self) -> ComposeResult:
        yield ListView(*(ListItem(Label(f"row {n}")) for n in range(100)))

    def action_down(self) -> None:
        self.query_one(ListView).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(ListView).action_cursor_up()


if __name__ == "__main__":
    {"static": BareStatic, "listview": BareListView}[sys.argv[1]]().run()
