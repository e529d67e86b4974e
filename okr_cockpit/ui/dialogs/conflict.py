"""Tell the user that a record changed under them, show what changed, and let them choose."""

from datetime import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from okr_cockpit.errors import ConflictError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import Change, Names

RELOAD, OVERWRITE, RESTORE, DISCARD, BACK = "reload", "overwrite", "restore", "discard", "back"


def describe_changes(
    error: ConflictError,
    seen: dict[str, Any],
    labels: dict[str, str],
    *,
    change: Change | None = None,
    mine: dict[str, Any] | None = None,
    names: Names | None = None,
) -> Text:
    """Who changed it last, then one line per field in conflict: what the form showed → what is stored.

    The fields are those both users changed (`error.fields`), else every field that differs; with
    `mine`, each line also says what this user typed. `names` name the records picked fields point to.
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
    names = names or {}

    def said(name: str, value: Any) -> str:
        return names.get((name, value), shown(value)) if isinstance(value, int) else shown(value)

    changed = [
        (name, seen.get(name), error.current.get(name))
        for name in labels
        if (name in error.fields if error.fields else name in error.current)
        and shown(seen.get(name)) != shown(error.current.get(name))
    ]
    for name, before, now in changed:
        text.append(f"{labels[name]}: ", style="bold")
        text.append(f"{said(name, before)} → {said(name, now)}")
        text.append(
            _("  (yours: {shown})\n").format(shown=said(name, mine[name])) if mine and name in mine else "\n"
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
    """Returns RELOAD, OVERWRITE, DISCARD or BACK; for a record deleted meanwhile RESTORE (when the
    deletion can be reverted), DISCARD or BACK."""

    BINDINGS = [
        Binding("r", "choose('reload')", N_("Reload theirs"), id="conflict.reload"),
        Binding("o", "choose('overwrite')", N_("Overwrite with mine"), id="conflict.overwrite"),
        Binding("d", "choose('discard')", N_("Discard my edit"), id="conflict.discard"),
        Binding("escape", "choose('back')", N_("Back to form"), id="conflict.back"),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 80; max-width: 100%; height: auto; border: thick $error; padding: 1 2;
        background: $surface; }
    ConflictDialog #conflict-choices { height: auto; margin-top: 1; }
    """

    def __init__(self, description: Text, *, deleted: bool, restorable: bool = False) -> None:
        super().__init__()
        self.description = description
        self.deleted = deleted
        self.restorable = restorable  # deleted, and the deletion can be reverted

    def choices(self) -> tuple[str, ...]:
        if self.deleted:
            return (RESTORE, DISCARD, BACK) if self.restorable else (DISCARD, BACK)
        return (RELOAD, OVERWRITE, DISCARD, BACK)

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("Someone else deleted this") if self.deleted else _("Someone else changed this")
        buttons = {
            RELOAD: (_("Reload theirs (r)"), "primary"),
            OVERWRITE: (_("Overwrite with mine (o)"), "error"),
            RESTORE: (_("Restore it with my changes (r)"), "primary"),
            DISCARD: (_("Discard my edit (d)"), "default"),
            BACK: (_("Back to form (esc)"), "default"),
        }
        with box:
            yield Static(self.description, markup=False, id="conflict-text")
            with Vertical(id="conflict-choices"):  # one under the other: long German labels fit 80 columns
                for choice in self.choices():
                    label, variant = buttons[choice]
                    yield Button(label, id=choice, variant=variant, compact=True)  # type: ignore[arg-type]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or BACK)

    def action_choose(self, choice: str) -> None:
        if self.deleted and choice == RELOAD:  # r: the first choice in both dialogs
            choice = RESTORE
        if choice in self.choices():
            self.dismiss(choice)
