"""Narrow the register by attitude, owner or unit: one fuzzy picker over all three."""

from collections.abc import Callable
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold
from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.stakeholders.log import narrowing_options
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.glyphs import attitude_label

CLEAR = N_("(show all: clear attitude, owner and unit)")

# (kind, value, label) for the register; None clears every narrowing.
Narrowing = tuple[str, Any, str] | None


def narrow_dialog(
    chosen: Callable[[Narrowing], None],
) -> tuple[PickerDialog, Callable[[Choice | None], None]]:
    """The picker and its result callback; `chosen` gets the narrowing the user picked."""
    options: dict[int, tuple[str, Any, str]] = {}
    # Ids are never reused, so a choice stays valid even if a later search ran meanwhile.
    ids = count(1)

    def search(session: Session, text: str, limit: int) -> list[Choice]:
        # "Show all" leads only before typing, so enter after a search takes the best match.
        clear = _(CLEAR)
        choices = [Choice(0, clear)] if not text or fold(text) in fold(clear) else []
        for kind, value, label, number in narrowing_options(session, text, limit=limit):
            choice_id = next(ids)
            options[choice_id] = (kind, value, label)
            shown = attitude_label(value) if kind == "attitude" else label
            count = ngettext("{count:,} stakeholder", "{count:,} stakeholders", number).format(count=number)
            choices.append(Choice(choice_id, f"{kind}: {shown}", count))
        return choices

    def picked(choice: Choice | None) -> None:
        if choice is not None:  # None: cancelled, keep what is narrowed now
            chosen(options.get(choice.id) if choice.id else None)

    return PickerDialog(_("Narrow by attitude, owner or unit"), search), picked
