"""Tell the user that a record changed under them, show what changed, and let them choose."""

from datetime import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from okr_cockpit.errors import ConflictError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import Change

RELOAD, OVERWRITE, BACK = "reload", "overwrite", "back"


def describe_changes(
    error: ConflictError,
    seen: dict[str, Any],
    labels: dict[str, str],
    *,
    change: Change | None = None,
    mine: dict[str, Any] | None = None,
) -> Text:
    """Who changed it last, then one line per field in conflict: what the form showed → what is stored.

    The fields are those both users changed (`error.fields`), else every field that differs; with
    `mine`, each line also says what this user typed.
    """
    text = Text(str(error) + "\n")
    if change is not None:
        # Names and values come from the database: appended as plain text, never markup.
        text.append(
            _("Last change: {who} at {at:%H:%M:%S}\n").format(
                who=change.who, at=change.at.astimezone()
            )
        )
    text.append("\n")
    if error.current is None:
        return text
    changed = [
        (name, seen.get(name), error.current.get(name))
        for name in labels
        if (name in error.fields if error.fields else name in error.current)
        and shown(seen.get(name)) != shown(error.current.get(name))
    ]
    for name, before, now in changed:
        text.append(f"{labels[name]}: ", style="bold")
        text.append(f"{shown(before)} → {shown(now)}")
        text.append(
            _("  (yours: {shown})\n").format(shown=shown(mine[name])) if mine and name in mine else "\n"
        )
    if not changed:
        text.append(_("(only fields this form does not show changed)\n"))
    return text


def shown(value: Any) -> str:
    """As a form shows it: a date or time typed as text and the stored one compare equal."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return "—" if value is None or value == "" else str(value)


class ConflictDialog(ModalScreen[str]):
    """Returns RELOAD, OVERWRITE or BACK."""

    BINDINGS = [
        Binding("r", "choose('reload')", N_("Reload theirs"), id="conflict.reload"),
        Binding("o", "choose('overwrite')", N_("Overwrite with mine"), id="conflict.overwrite"),
        Binding("escape", "choose('back')", N_("Back to form"), id="conflict.back"),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 80; max-width: 100%; height: auto; border: thick $error; padding: 1 2;
        background: $surface; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 2; }
    """

    def __init__(self, description: Text, *, deleted: bool) -> None:
        super().__init__()
        self.description = description
        self.deleted = deleted

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("Someone else changed this")
        with box:
            yield Static(self.description, markup=False, id="conflict-text")
            with Horizontal():
                if not self.deleted:
                    yield Button(_("Reload theirs (r)"), id="reload", variant="primary")
                    yield Button(_("Overwrite with mine (o)"), id="overwrite", variant="error")
                yield Button(_("Back (esc)"), id="back")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or BACK)

    def action_choose(self, choice: str) -> None:
        if self.deleted and choice != BACK:
            return
        self.dismiss(choice)
