"""Forms for learnings and RACI activities, and the cycle picker used by the learnings filter."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import CHANGE_STATUSES, LEARNING_SOURCES
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.process import learnings as svc
from okr_cockpit.services.process import raci
from okr_cockpit.services.process.learnings import CycleChoice, LearningInfo
from okr_cockpit.services.process.raci import RaciRow
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import word

NO_CYCLE = None  # stored NULL; the same value in the form, so a conflict compares like with like


def person_choices(session: Session, text: str, limit: int) -> list[Choice]:
    return [Choice(pid, name, title) for pid, name, title in svc.find_owners(session, text, limit=limit)]


def cycle_options(cycles: list[CycleChoice], none_label: str) -> tuple[tuple[str, Any], ...]:
    return ((none_label, NO_CYCLE), *((f"{c.name} ({word(c.state)})", c.id) for c in cycles))


def learning_fields(cycles: list[CycleChoice]) -> list[FormField]:
    return [
        FormField("learned_on", _("Learned on"), kind="date"),
        FormField(
            "source", _("Source"), kind="select", options=tuple((word(s), s) for s in LEARNING_SOURCES)
        ),
        FormField(
            "source_cycle_id",
            _("Learned in cycle"),
            kind="select",
            options=cycle_options(cycles, _("(none)")),
        ),
        FormField("lesson", _("Lesson: what did we learn?"), kind="multiline"),
        FormField("change", _("Process change decided from it"), kind="multiline"),
        FormField("rationale", _("Rationale"), kind="multiline"),
        FormField("owner_id", _("Owner"), kind="pick", search=person_choices, none_label=_("no one")),
        FormField(
            "effective_cycle_id",
            _("Takes effect in cycle"),
            kind="select",
            options=cycle_options(cycles, _("(not decided)")),
        ),
        FormField("status", _("Status"), kind="select", options=tuple((word(s), s) for s in CHANGE_STATUSES)),
    ]


def new_learning_dialog(cycles: list[CycleChoice], *, today: date, cycle_id: int | None) -> FormDialog:
    """Starts on today and on `cycle_id` (the filtered cycle or the active one) as the source."""

    def save(session: Session, values: dict[str, Any]) -> int:
        return svc.create_learning(session, values=values)

    values = {
        "learned_on": today,
        "source": "retrospective",
        "source_cycle_id": cycle_id,
        "effective_cycle_id": NO_CYCLE,
        "status": "proposed",
    }
    return FormDialog(_("Record a learning"), learning_fields(cycles), save, values=values)


def edit_learning_dialog(cycles: list[CycleChoice], item: LearningInfo) -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> int:
        svc.update_learning(
            session,
            item.id,
            values=values,
            expected_version=values.get("version"),
            original=values.get("original"),
        )
        return item.id

    return FormDialog(
        _("Edit learning"),
        learning_fields(cycles),
        save,
        values=item.form_values(),
        pick_labels={"owner_id": item.owner},
        record=("learning", item.id),
    )


def cycle_filter_dialog(cycles: list[CycleChoice]) -> PickerDialog:
    """Pick a cycle to filter by; 'All cycles' (id None) clears the filter.

    'All cycles' is offered only before typing, so enter after a cycle's name takes that cycle.
    """

    def search(_session: Session, text: str, limit: int) -> list[Choice]:
        needle = fold(text)
        found = [Choice(c.id, c.name, word(c.state)) for c in cycles if needle in fold(c.name)]
        return ([] if needle else [Choice(None, _("All cycles"))]) + found[:limit]

    return PickerDialog(_("Filter learnings by cycle"), search)


ACTIVITY_FIELDS = [FormField("name", N_("Activity"), placeholder=N_("e.g. Rollout plan"))]


def new_activity_dialog() -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> int:
        return raci.add_activity(session, name=values["name"])

    return FormDialog(_("New RACI activity"), ACTIVITY_FIELDS, save, intro=_("It is added at the bottom."))


def rename_activity_dialog(row: RaciRow) -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> int:
        raci.rename_activity(
            session,
            row.id,
            name=values["name"],
            expected_version=values.get("version"),
            original=values.get("original"),
        )
        return row.id

    values = {"name": row.name, "version": row.version}
    return FormDialog(
        _("Rename RACI activity"), ACTIVITY_FIELDS, save, values=values, record=("raci_activity", row.id)
    )
