"""Bulk changes on the Org units screen (`b`): wave or state for the marked units (space), else for the
filter's matches, else for the subtree under the cursor.

Pick what to set, see how many units change, confirm; one transaction, one audit entry per unit.
"""

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold
from okr_cockpit.i18n import _, ngettext
from okr_cockpit.services.coaching.coverage import subtree_ids
from okr_cockpit.services.org import bulk
from okr_cockpit.services.org.bulk import BulkPreview
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.glyphs import literal

if TYPE_CHECKING:
    from okr_cockpit.ui.screens.units.screen import UnitsScreen


def bulk_change(screen: "UnitsScreen") -> None:
    if not screen.can_write():
        return
    marked = screen.tree.marked()
    if marked:
        scope = list(marked)
        what = ngettext("the {count:,} marked unit", "the {count:,} marked units", len(marked))
        what = what.format(count=len(marked))
    elif screen.filter_text:
        scope = bulk.name_matches(screen.filter_text)
        what = _("every unit matching {text!r}").format(text=screen.filter_text)
    else:
        unit = screen.tree.cursor_unit
        if unit is None:
            screen.refuse(
                _("Put the cursor on a unit first: the change applies to it and everything below it.")
            )
            return
        scope, what = subtree_ids(unit.id), _("{name} and everything below it").format(name=unit.name)
    targets: list[tuple[str, str, Any]] = []

    def search(session: Session, query: str, _limit: int) -> list[Choice]:
        targets[:] = bulk.bulk_targets(session)
        words = fold(query).split()
        return [
            Choice(index, label)
            for index, (label, _, _) in enumerate(targets)
            if all(w in fold(label) for w in words)
        ]

    def picked(choice: Choice | None) -> None:
        if choice is not None and choice.id is not None:
            _, column, value = targets[choice.id]
            screen.run_worker(
                lambda: preview(screen, scope, what, column, value),
                thread=True,
                group="bulk",
                exit_on_error=False,
            )

    screen.app.push_screen(PickerDialog(literal(_("Bulk change: {what}").format(what=what)), search), picked)


def preview(screen: "UnitsScreen", scope: Select, what: str, column: str, value: Any) -> None:
    """In a worker: count what would change, then ask on the UI thread."""
    if column == "wave_id":
        found = screen.app.db.read(lambda s: bulk.preview_wave(s, unit_ids=scope, wave_id=value))
    else:
        found = screen.app.db.read(lambda s: bulk.preview_state(s, unit_ids=scope, state=value))
    screen.app.call_from_thread(ask, screen, scope, what, column, value, found)


def ask(screen: "UnitsScreen", scope: Select, what: str, column: str, value: Any, found: BulkPreview) -> None:
    if not found.changing:
        screen.say(_("Nothing to change: {describe}.").format(describe=found.describe()))
        return

    def apply(session: Session) -> int:
        if column == "wave_id":
            return bulk.set_wave(session, unit_ids=scope, wave_id=value)
        return bulk.set_state(session, unit_ids=scope, state=value)

    def confirmed(yes: bool | None) -> None:
        if yes:
            marked = isinstance(scope, list)
            screen.write(apply, done=lambda n: changed(screen, n, found.target, marked=marked))

    question = _("Change {what}?").format(what=what) + f"\n{found.describe()}"
    screen.app.push_screen(ConfirmDialog(question, yes=_("Change them")), confirmed)


def changed(screen: "UnitsScreen", count: int, target: str, *, marked: bool) -> None:
    if marked:
        screen.tree.clear_marks()  # done with them; a following `b` means the cursor's subtree again
    screen.say(_("Changed {n:,} units → {target}.").format(n=count, target=target), lasting=True)
