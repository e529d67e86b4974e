"""The Rollout plan's dialog flows: add, edit, delete, reorder and decide waves, add units by subtree.

Functions of the screen rather than a mixin, so every attribute they use is the typed screen's.
"""

from typing import TYPE_CHECKING, Any

from rich.text import Text
from sqlalchemy.orm import Session

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.i18n.values import VALUE_WORDS, value_word
from okr_cockpit.services.coaching.coverage import subtree_ids
from okr_cockpit.services.org import bulk
from okr_cockpit.services.org.bulk import BulkPreview
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.rollout.readiness import WaveReadiness
from okr_cockpit.services.rollout.waves import WaveInfo
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.screens.rollout.criteria import CriteriaDialog
from okr_cockpit.ui.screens.rollout.widgets import MET, UNMET
from okr_cockpit.ui.screens.units.actions import unit_choices

if TYPE_CHECKING:
    from okr_cockpit.ui.screens.rollout.screen import RolloutScreen

WAVE_FIELDS = [
    FormField("name", N_("Name")),
    FormField("start_on", N_("Start"), "date"),
    FormField("go_live_on", N_("Go-live"), "date"),
    FormField("objective", N_("Objective"), "multiline"),
    FormField("entry_criteria", N_("Entry criteria (text)"), "multiline"),
    FormField("exit_criteria", N_("Exit criteria (text)"), "multiline"),
]
DECISION_OPTIONS = tuple((VALUE_WORDS[d], d) for d in ("go", "no_go", "postponed", "pending"))


def titled(*parts: str) -> Text:
    """A dialog title naming a wave: a Text, so the name is never read as markup."""
    return literal("".join(parts))


def add_wave(screen: "RolloutScreen") -> None:
    if not screen.can_write():
        return

    def save(session: Session, values: dict[str, Any]) -> int:
        return ws.create_wave(session=session, values=values)

    def done(wave_id: int | None) -> None:
        if wave_id is not None:
            screen.changed(wave_id, _("Added the wave at the end of the plan; the cursor is on it."))

    screen.app.push_screen(FormDialog(_("New wave"), WAVE_FIELDS, save), done)


def edit_wave(screen: "RolloutScreen") -> None:
    item = screen.selected_wave()
    if item is None or not screen.can_write():
        return

    def save(session: Session, values: dict[str, Any]) -> int:
        ws.update_wave(
            session=session,
            wave_id=item.id,
            values=values,
            expected_version=values["version"],
            original=values["original"],
        )
        return item.id

    def done(wave_id: int | None) -> None:
        if wave_id is not None:
            screen.changed(wave_id, _("Saved the wave '{name}'.").format(name=item.name))

    values = {f.name: getattr(item, f.name) for f in WAVE_FIELDS} | {"version": item.version}
    dialog = FormDialog(
        titled(_("Edit wave {name}").format(name=item.name)),
        WAVE_FIELDS,
        save,
        values=values,
        record=("rollout_wave", item.id),
    )
    screen.app.push_screen(dialog, done)


def delete_wave(screen: "RolloutScreen") -> None:
    item = screen.selected_wave()
    if item is None:
        return
    count = item.unit_count
    lose = (
        ngettext(
            "\nIts {count:,} unit loses its wave; no unit is deleted.",
            "\nIts {count:,} units lose their wave; no unit is deleted.",
            count,
        ).format(count=count)
        if count
        else _("\nIt has no units.")
    )
    screen.delete_record(
        label=_("the wave '{name}'").format(name=item.name),
        delete=lambda s, version: ws.delete_wave(
            session=s, wave_id=item.id, expected_version=version, units_released=count
        ),
        version=item.version,
        question=_("Delete the wave '{name}'?").format(name=item.name) + lose,
        done=lambda released: screen.changed(
            None,
            ngettext(
                "Deleted the wave '{name}'; {count:,} unit has no wave now.",
                "Deleted the wave '{name}'; {count:,} units have no wave now.",
                released,
            ).format(name=item.name, count=released),
        ),
    )


def move_wave(screen: "RolloutScreen", step: int) -> None:
    item = screen.selected_wave()
    if item is None or not screen.can_write():
        return

    def done(moved: bool) -> None:
        if moved:
            message = _("Moved '{name}' earlier.") if step < 0 else _("Moved '{name}' later.")
        else:
            message = _("'{name}' is already first.") if step < 0 else _("'{name}' is already last.")
        screen.changed(item.id, message.format(name=item.name))

    screen.write(lambda s: ws.move_wave(session=s, wave_id=item.id, step=step), done=done)


def criteria_lines(readiness: WaveReadiness | None) -> str:
    if readiness is None or not readiness.criteria:
        return _("This wave has no criteria yet (press c on the wave to set them).")
    lines = [_("Readiness {label}:").format(label=readiness.label)]
    lines += [f"  {MET if c.met else UNMET} {c.name} — {c.figure}" for c in readiness.criteria]
    if readiness.unmet:
        lines.append(_("A go with unmet criteria needs a rationale."))
    return "\n".join(lines)


def decide(screen: "RolloutScreen") -> None:
    item = screen.selected_wave()
    if item is None or not screen.can_write():
        return
    readiness = screen.data.readiness.get(item.id) if screen.data else None
    today = screen.app.today()

    def save(session: Session, values: dict[str, Any]) -> str:
        ws.record_decision(
            session=session,
            wave_id=item.id,
            decision=values["decision"],
            rationale=values["rationale"],
            today=today,
            expected_version=values["version"],
        )
        return values["decision"]

    def done(decision: str | None) -> None:
        if decision is not None:
            screen.changed(
                item.id,
                _("Recorded '{decision}' for '{name}'.").format(
                    decision=value_word(decision), name=item.name
                ),
            )

    fields = [
        FormField("decision", _("Decision"), "select", options=DECISION_OPTIONS),
        FormField("rationale", _("Rationale"), "multiline"),
    ]
    current = item.shown_decision if item.shown_decision != "pending" else "go"
    dialog = FormDialog(
        titled(_("Decision on {name}").format(name=item.name)),
        fields,
        save,
        values={"decision": current, "rationale": item.rationale, "version": item.version},
        intro=criteria_lines(readiness),
        record=("rollout_wave", item.id),
    )
    screen.app.push_screen(dialog, done)


def add_units(screen: "RolloutScreen") -> None:
    item = screen.selected_wave()
    if item is None or not screen.can_write():
        return

    def picked(choice: Choice | None) -> None:
        if choice is not None and choice.id is not None:
            screen.run_worker(
                lambda: preview_units(screen, item, choice), thread=True, group="preview", exit_on_error=False
            )

    title = titled(_("Add a unit and everything below it to {name}").format(name=item.name))
    screen.app.push_screen(PickerDialog(title, unit_choices), picked)


def preview_units(screen: "RolloutScreen", item: WaveInfo, choice: Choice) -> None:
    """In a worker: count what would move, then ask on the UI thread."""
    assert choice.id is not None
    scope = subtree_ids(choice.id)
    preview = screen.app.db.read(lambda s: bulk.preview_wave(s, unit_ids=scope, wave_id=item.id))
    screen.app.call_from_thread(ask_units, screen, item, choice, preview)


def ask_units(screen: "RolloutScreen", item: WaveInfo, choice: Choice, preview: BulkPreview) -> None:
    if not preview.changing:
        screen.say(
            _("'{label}' and the units below it are already in '{name}'.").format(
                label=choice.label, name=item.name
            )
        )
        return
    assert choice.id is not None
    scope = subtree_ids(choice.id)

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.write(
                lambda s: bulk.set_wave(s, unit_ids=scope, wave_id=item.id),
                done=lambda n: screen.changed(
                    item.id,
                    ngettext(
                        "{count:,} unit moved to '{name}'.", "{count:,} units moved to '{name}'.", n
                    ).format(count=n, name=item.name),
                ),
            )

    question = _("Put '{unit}' and everything below it into '{name}'?").format(
        unit=choice.label, name=item.name
    )
    question += f"\n{preview.describe()}"
    screen.app.push_screen(ConfirmDialog(question, yes=_("Move units")), confirmed)


def edit_criteria(screen: "RolloutScreen") -> None:
    item = screen.selected_wave()
    if item is not None and screen.can_write():
        screen.app.push_screen(CriteriaDialog(item.id, item.name, today=screen.app.today()))
