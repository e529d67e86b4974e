"""Help on `?`: the keys in force, grouped: the focused pane's, the screen's, moving in lists, then the
ones that work everywhere. Read from the same BINDINGS the footer uses.

Only the cockpit's own bindings are listed (they all have an id, which is also what a keymap in the
settings file names); Textual's widget internals (ctrl+pgup, super+c, …) are left out.
"""

from rich.table import Table
from rich.text import Text
from textual.app import App
from textual.screen import Screen

from okr_cockpit.i18n import N_, _
from okr_cockpit.ui.dialogs.message import MessageDialog

PANE, SCREEN, MOVE, EVERYWHERE = N_("This pane"), N_("This screen"), N_("Moving in lists"), N_("Everywhere")
SIDEWAYS = {"units.expand", "units.collapse", "raci.left", "raci.right"}


def group_of(active, screen: Screen, app: App) -> str:
    binding = active.binding
    if binding.id.startswith("list.") or binding.id in SIDEWAYS:
        return MOVE
    if active.node is app or binding.id == "screen.history":
        return EVERYWHERE
    return SCREEN if active.node is screen else PANE


def key_groups(screen: Screen, app: App) -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = {PANE: [], SCREEN: [], MOVE: [], EVERYWHERE: []}
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not binding.id:
            continue
        entry = (binding.key_display or app.get_key_display(binding), _(binding.description))
        if entry in seen:
            continue
        seen.add(entry)
        groups[group_of(active, screen, app)].append(entry)
    if groups[MOVE]:
        groups[MOVE].append((_("PgUp PgDn"), _("A page up / down")))
    groups[EVERYWHERE].append(("^p", _("Command palette: go to any record, screen or command")))
    return groups


def key_table(screen: Screen, app: App) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("action")
    for title, entries in key_groups(screen, app).items():
        if not entries:
            continue
        table.add_row(Text(_(title), style="underline"), "")
        for key_name, description in entries:
            table.add_row(key_name, description)
        table.add_row("", "")
    return table


def help_dialog(screen: Screen, app: App) -> MessageDialog:
    return MessageDialog(_("Keys"), key_table(screen, app))
