"""The timeline's forms: an event (kind, cycle, scope, dates, time, facilitator, notes) and a cycle.

Both are `FormDialog`s saving through `services/cycles.py`. Dates outside the event's cycle are
refused once with a warning; saving the same dates again keeps them (the service's
`allow_outside_cycle`), so the user decides knowingly.
"""

from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.models import CYCLE_STATES, EVENT_KINDS, EVENT_STATUSES
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.cycles import CycleInfo, EventInfo
from okr_cockpit.services.labels import event_label
from okr_cockpit.ui.dialogs.picker import Choice
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import EVENT_STATUS_GLYPHS, word


def cycle_label(cycle: CycleInfo) -> str:
    """`2026-Q4  (01.10.2026 – 31.12.2026)`: a cycle in a choice, its days in the user's format."""
    return f"{cycle.name}  ({format_day(cycle.start_on)} – {format_day(cycle.end_on)})"


def unit_choices(session: Session, query: str, limit: int) -> list[Choice]:
    return [Choice(uid, name, kind) for uid, name, kind in svc.find_units(session, query, limit)]


def coach_choices(session: Session, query: str, limit: int) -> list[Choice]:
    return [
        Choice(cid, name, _("cohort {cohort}").format(cohort=cohort) if cohort else "")
        for cid, name, cohort in svc.find_active_coaches(session, query, limit)
    ]


def event_fields(cycles: list[CycleInfo], *, editing: bool, time_zone: str) -> list[FormField]:
    fields = [
        FormField("kind", _("Kind"), "select", options=tuple((word(k), k) for k in EVENT_KINDS)),
        FormField(
            "cycle_id",
            _("Cycle"),
            "select",
            # Ids stay ints so a conflict's stored row can be put back into the form as it is.
            options=tuple((cycle_label(c), c.id) for c in reversed(cycles)),
        ),
        FormField("unit_id", _("Scope (unit)"), "pick", search=unit_choices, none_label=_(svc.ORG_WIDE)),
        FormField("start_on", _("Start (empty = not scheduled yet)"), "date"),
        FormField("end_on", _("End (empty = same day)"), "date"),
        FormField(
            "start_time",
            _("Time in {time_zone} (empty = all day)").format(time_zone=time_zone),
            placeholder=_("HH:MM, e.g. 09:30"),
        ),
        FormField(
            "duration_minutes",
            _("Duration in minutes (empty = {DEFAULT_DURATION})").format(
                DEFAULT_DURATION=svc.DEFAULT_DURATION
            ),
            "int",
        ),
        FormField(
            "coach_id",
            _("Facilitator (an active coach)"),
            "pick",
            search=coach_choices,
            none_label=_("No one yet"),
        ),
    ]
    if editing:
        options = tuple((f"{EVENT_STATUS_GLYPHS[s]} {word(s)}", s) for s in EVENT_STATUSES)
        fields.append(FormField("status", _("Status"), "select", options=options))
    fields.append(FormField("notes", _("Notes"), "multiline"))
    return fields


def warn_once_outside_cycle(save):
    """Wrap a save so the outside-cycle warning is shown once for the same dates, then accepted."""
    warned: dict[str, Any] = {"dates": None}

    def guarded(session: Session, values: dict[str, Any]) -> Any:
        dates = (values.get("cycle_id"), values.get("start_on"), values.get("end_on"))
        try:
            return save(session, values, warned["dates"] == dates)
        except ValidationError as error:
            # Also when it is the merged row (someone else's change with this user's) that lies outside.
            if isinstance(error, svc.OutsideCycleWarning) or isinstance(
                getattr(error, "cause", None), svc.OutsideCycleWarning
            ):
                warned["dates"] = dates
            raise

    return guarded


def add_event_dialog(
    cycles: list[CycleInfo], *, defaults: dict[str, Any], labels: dict[str, str], time_zone: str
) -> FormDialog:
    def save(session: Session, values: dict[str, Any], allow: bool) -> int:
        return svc.create_event(session=session, values=values, allow_outside_cycle=allow)

    return FormDialog(
        _("Add event"),
        event_fields(cycles, editing=False, time_zone=time_zone),
        warn_once_outside_cycle(save),
        values=defaults,
        pick_labels=labels,
    )


def edit_event_dialog(cycles: list[CycleInfo], current: EventInfo, *, time_zone: str) -> FormDialog:
    def save(session: Session, values: dict[str, Any], allow: bool) -> int:
        svc.update_event(
            session=session,
            event_id=current.id,
            values=values,
            expected_version=values.get("version"),
            allow_outside_cycle=allow,
            original=values.get("original"),
        )
        return current.id

    values = {
        "kind": current.kind,
        "cycle_id": current.cycle_id,
        "unit_id": current.unit_id,
        "start_on": current.start_on.isoformat() if current.start_on else "",
        "end_on": current.end_on.isoformat() if current.end_on else "",
        "coach_id": current.coach_id,
        "status": current.status,
        "notes": current.notes,
        "start_time": current.start_time.strftime("%H:%M") if current.start_time else "",
        "duration_minutes": current.duration_minutes or "",
        "version": current.version,
    }
    labels = {"unit_id": current.scope if current.unit_id else "", "coach_id": current.facilitator}
    if current.coach_id is None:
        labels["coach_id"] = ""
    return FormDialog(
        _("Edit {event}").format(event=event_label(current.kind, current.scope, current.start_on)),
        event_fields(cycles, editing=True, time_zone=time_zone),
        warn_once_outside_cycle(save),
        values=values,
        pick_labels=labels,
        record=("cycle_event", current.id),
    )


CYCLE_FIELDS = [
    FormField("name", N_("Name"), placeholder="e.g. 2027-Q1"),
    FormField("start_on", N_("Start"), "date"),
    FormField("end_on", N_("End"), "date"),
    FormField("state", N_("State"), "select", options=tuple((word(s), s) for s in CYCLE_STATES)),
]


def add_cycle_dialog(defaults: dict[str, Any]) -> FormDialog:
    return FormDialog(
        _("Add cycle"),
        CYCLE_FIELDS,
        lambda session, values: svc.create_cycle(session=session, values=values),
        values=defaults,
    )


def edit_cycle_dialog(current: CycleInfo) -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> int:
        svc.update_cycle(
            session=session,
            cycle_id=current.id,
            values=values,
            expected_version=values.get("version"),
            original=values.get("original"),
        )
        return current.id

    values = {
        "name": current.name,
        "start_on": current.start_on.isoformat(),
        "end_on": current.end_on.isoformat(),
        "state": current.state,
        "version": current.version,
    }
    return FormDialog(
        _("Edit cycle {name}").format(name=current.name),
        CYCLE_FIELDS,
        save,
        values=values,
        record=("cycle", current.id),
    )
