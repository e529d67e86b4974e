"""Help on `?`: the current screen's keys first, then the global ones, from the BINDINGS the footer uses."""

from rich.table import Table
from rich.text import Text
from textual.app import App
from textual.screen import Screen

from okr_cockpit.i18n import _
from okr_cockpit.ui.dialogs.message import MessageDialog


def key_table(screen: Screen, app: App) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("action")
    here: list[tuple[str, str]] = []
    everywhere: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        entry = (binding.key_display or app.get_key_display(binding), _(binding.description))
        if entry in seen:
            continue
        seen.add(entry)
        (everywhere if active.node is app else here).append(entry)
    for title, entries in (("This screen", here), ("Everywhere", everywhere)):
        if not entries:
            continue
        table.add_row(Text(title, style="underline"), "")
        for key_name, description in entries:
            table.add_row(key_name, description)
        table.add_row("", "")
    return table


def help_dialog(screen: Screen, app: App) -> MessageDialog:
    return MessageDialog(_("Keys"), key_table(screen, app))
