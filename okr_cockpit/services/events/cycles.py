"""OKR cycles and their events: validated, audited writes and the small reads the timeline needs.

The windowed reads for the Gantt (series rows and the events in view) are in `cycle_window.py`.
Dates arrive as typed text or `date`; `today` always comes from the caller (the app's clock).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded, folded_equals, folded_like, like_pattern
from okr_cockpit.db.models import (
    CYCLE_STATES,
    EVENT_KINDS,
    EVENT_STATUSES,
    Cycle,
    CycleEvent,
    OrgUnit,
)
from okr_cockpit.db.tables import coach, cycle, event, person, unit
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.labels import ORG_WIDE, record_label
from okr_cockpit.services.records import (
    changed_by_user,
    delete_row,
    edited_row,
    insert_row,
    require_row,
    update_row,
)
from okr_cockpit.services.validation import (
    check_order,
    clean_name,
    clean_text,
    int_in_range,
    one_of,
    parse_clock,
    parse_date,
)


class OutsideCycleWarning(ValidationError):
    """The event's dates fall outside its cycle; the UI warns, and the caller may then allow it."""


@dataclass(frozen=True)
class CycleInfo:
    id: int
    version: int
    name: str
    start_on: date
    end_on: date
    state: str

    def contains(self, day: date) -> bool:
        return self.start_on <= day <= self.end_on


@dataclass(frozen=True)
class EventInfo:
    id: int
    version: int
    cycle_id: int
    cycle: str
    kind: str
    unit_id: int | None
    scope: str
    start_on: date | None
    end_on: date | None
    coach_id: int | None
    facilitator: str
    status: str
    notes: str
    start_time: time | None = None  # None: all day
    duration_minutes: int | None = None

    @property
    def ends_at(self) -> time | None:
        """The meeting's local end time (it never runs past midnight), None for all-day events."""
        if self.start_time is None or self.duration_minutes is None:
            return None
        start = datetime.combine(date.min, self.start_time)
        return (start + timedelta(minutes=self.duration_minutes)).time()

    @property
    def last_day(self) -> date | None:
        return self.end_on or self.start_on

    def is_overdue(self, today: date) -> bool:
        last = self.last_day
        return self.status == "planned" and last is not None and last < today


# -- reads ------------------------------------------------------------------------------------
def list_cycles(session: Session) -> list[CycleInfo]:
    rows = session.execute(
        select(
            cycle.c.id, cycle.c.version, cycle.c.name, cycle.c.start_on, cycle.c.end_on, cycle.c.state
        ).order_by(cycle.c.start_on, cycle.c.id)
    ).all()
    return [CycleInfo(*row) for row in rows]


def current_cycle(session: Session, *, today: date) -> CycleInfo | None:
    """The cycle running today (an active one first); else the last one begun; else the next one."""
    cycles = list_cycles(session)
    running = [c for c in cycles if c.contains(today)]
    if running:
        return sorted(running, key=lambda c: (c.state != "active", c.start_on))[0]
    begun = [c for c in cycles if c.start_on <= today]
    if begun:
        return max(begun, key=lambda c: (c.start_on, c.id))
    return cycles[0] if cycles else None


def event_columns():
    """The select list and joins that turn an event row into an `EventInfo`."""
    scope = unit.alias("scope")
    facilitator = person.alias("facilitator")
    columns = (
        event.c.id,
        event.c.version,
        event.c.cycle_id,
        cycle.c.name,
        event.c.kind,
        event.c.unit_id,
        scope.c.name,
        event.c.start_on,
        event.c.end_on,
        event.c.coach_id,
        facilitator.c.name,
        event.c.status,
        event.c.notes,
        event.c.start_time,
        event.c.duration_minutes,
    )
    joined = (
        event.join(cycle, cycle.c.id == event.c.cycle_id)
        .outerjoin(scope, scope.c.id == event.c.unit_id)
        .outerjoin(coach, coach.c.id == event.c.coach_id)
        .outerjoin(facilitator, facilitator.c.id == coach.c.person_id)
    )
    return columns, joined


def to_event(row: Any) -> EventInfo:
    values = list(row)
    values[6] = values[6] or _(ORG_WIDE)
    values[10] = values[10] or "—"
    return EventInfo(*values)


def get_event(session: Session, event_id: int) -> EventInfo | None:
    columns, joined = event_columns()
    row = session.execute(select(*columns).select_from(joined).where(event.c.id == event_id)).first()
    return to_event(row) if row else None


def upcoming_events(session: Session, *, today: date, limit: int = 8) -> list[EventInfo]:
    columns, joined = event_columns()
    rows = session.execute(
        select(*columns)
        .select_from(joined)
        .where(event.c.status == "planned", event.c.start_on >= today)
        .order_by(event.c.start_on, event.c.id)
        .limit(limit)
    ).all()
    return [to_event(row) for row in rows]


def overdue_condition(today: date):
    """Planned, and its end (or its start, when it has no end) lies before today."""
    return (event.c.status == "planned") & (func.coalesce(event.c.end_on, event.c.start_on) < today)


def overdue_events(session: Session, *, today: date, limit: int = 8) -> tuple[list[EventInfo], int]:
    """The most recently missed events first, and how many there are in all."""
    columns, joined = event_columns()
    total = session.execute(
        select(func.count()).select_from(event).where(overdue_condition(today))
    ).scalar_one()
    rows = session.execute(
        select(*columns)
        .select_from(joined)
        .where(overdue_condition(today))
        .order_by(event.c.start_on.desc(), event.c.id)
        .limit(limit)
    ).all()
    return [to_event(row) for row in rows], total


def find_units(session: Session, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, kind) of units whose name matches, for the scope picker."""
    rows = session.execute(
        select(unit.c.id, unit.c.name, unit.c.kind)
        .where(folded_like(unit.c.name, like_pattern(query)))
        .order_by(folded(unit.c.name), unit.c.id)
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]


def find_active_coaches(session: Session, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, cohort) of active coaches whose name matches: only they may facilitate."""
    rows = session.execute(
        select(coach.c.id, person.c.name, coach.c.cohort)
        .join(person, person.c.id == coach.c.person_id)
        .where(coach.c.status == "active", folded_like(person.c.name, like_pattern(query)))
        .order_by(folded(person.c.name), coach.c.id)
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]


# -- cycles -----------------------------------------------------------------------------------
def clean_cycle(session: Session, values: dict[str, Any], *, cycle_id: int | None) -> dict[str, Any]:
    name = clean_name(values.get("name"), what=N_("Cycle name"))
    start = parse_date(values.get("start_on"), field="start_on", what=N_("Start"), required=True)
    end = parse_date(values.get("end_on"), field="end_on", what=N_("End"), required=True)
    check_order(start, end)
    state = one_of(values.get("state") or "planned", CYCLE_STATES, field="state", what=N_("State"))
    clash = session.execute(
        select(cycle.c.id).where(folded_equals(cycle.c.name, name), cycle.c.id != (cycle_id or -1))
    ).first()
    if clash:
        raise ValidationError(_("There is already a cycle called '{name}'.").format(name=name), field="name")
    return {"name": name, "start_on": start, "end_on": end, "state": state}


def create_cycle(*, session: Session, values: dict[str, Any]) -> int:
    return insert_row(session, Cycle, clean_cycle(session, values, cycle_id=None))


def update_cycle(
    *,
    session: Session,
    cycle_id: int,
    values: dict[str, Any],
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> None:
    changes = clean_cycle(session, values, cycle_id=cycle_id)
    update_row(
        session,
        Cycle,
        cycle_id,
        expected_version=expected_version,
        changes=changes,
        what=N_("cycle"),
        original=original,
        validate=lambda merged: clean_cycle(session, merged, cycle_id=cycle_id),
    )


def delete_cycle(*, session: Session, cycle_id: int, expected_version: int | None) -> None:
    """Refuses while the cycle has events: removing a whole plan should never be one keystroke."""
    count = session.execute(select(func.count()).where(event.c.cycle_id == cycle_id)).scalar_one()
    if count:
        raise ValidationError(
            _("This cycle still has {count} events; delete or move them first.").format(count=count)
        )
    delete_row(session, Cycle, cycle_id, expected_version=expected_version, what=N_("cycle"))


# -- events -----------------------------------------------------------------------------------
def clean_event(session: Session, values: dict[str, Any], *, allow_outside_cycle: bool) -> dict[str, Any]:
    kind = one_of(values.get("kind") or "", EVENT_KINDS, field="kind", what=N_("Kind"))
    status = one_of(values.get("status") or "planned", EVENT_STATUSES, field="status", what=N_("Status"))
    start = parse_date(values.get("start_on"), field="start_on", what=N_("Start"))
    end = parse_date(values.get("end_on"), field="end_on", what=N_("End"))
    if end and not start:
        raise ValidationError(
            _("An event with an end needs a start too (or leave both empty)."), field="start_on"
        )
    check_order(start, end)
    end = end or start  # a one-day event needs no end typed
    if not values.get("cycle_id"):
        raise ValidationError(_("Choose the cycle this event belongs to."), field="cycle_id")
    owner = require_row(session, Cycle, int(values["cycle_id"]), "cycle")
    unit_id = values.get("unit_id")
    if unit_id is not None:
        require_row(session, OrgUnit, int(unit_id), "unit")
    coach_id = values.get("coach_id")
    if coach_id is not None:
        check_facilitator(session, int(coach_id))
    if start and not allow_outside_cycle and (start < owner["start_on"] or end > owner["end_on"]):
        raise OutsideCycleWarning(
            _(
                "{start} – {end} lies outside cycle {cycle} ({cycle_start} – {cycle_end}). "
                "Save again to keep these dates anyway."
            ).format(
                start=format_day(start),
                end=format_day(end),
                cycle=owner["name"],
                cycle_start=format_day(owner["start_on"]),
                cycle_end=format_day(owner["end_on"]),
            ),
            field="start_on",
        )
    if status == "done" and not start:
        raise ValidationError(
            _("An unscheduled event cannot be done; give it a date first."), field="start_on"
        )
    start_time, duration = clean_meeting_time(values, start, end)
    return {
        "cycle_id": owner["id"],
        "kind": kind,
        "unit_id": None if unit_id is None else int(unit_id),
        "start_on": start,
        "end_on": end,
        "coach_id": None if coach_id is None else int(coach_id),
        "status": status,
        "notes": clean_text(values.get("notes"), field="notes", what=N_("Notes")),
        "start_time": start_time,
        "duration_minutes": duration,
    }


DEFAULT_DURATION = 60
LONGEST_MEETING = 12 * 60


def clean_meeting_time(
    values: dict[str, Any], start: date | None, end: date | None
) -> tuple[time | None, int | None]:
    """(start time, minutes) of a meeting on one day, or (None, None) for an all-day event."""
    at = parse_clock(values.get("start_time"), field="start_time", what=N_("Time"))
    minutes_text = str(values.get("duration_minutes") or "").strip()
    if at is None:
        if minutes_text:
            raise ValidationError(
                _("A duration needs a start time (or leave both empty)."), field="start_time"
            )
        return None, None
    if start is None:
        raise ValidationError(_("A meeting with a time needs a date too."), field="start_on")
    if end != start:
        raise ValidationError(_("A meeting with a time is on one day: leave End empty."), field="end_on")
    minutes = int_in_range(
        minutes_text or DEFAULT_DURATION,
        1,
        LONGEST_MEETING,
        field="duration_minutes",
        what=N_("Duration (minutes)"),
    )
    if datetime.combine(start, at) + timedelta(minutes=minutes) > datetime.combine(start, time.max):
        raise ValidationError(_("The meeting would run past midnight; shorten it."), field="duration_minutes")
    return at, minutes


def check_facilitator(session: Session, coach_id: int) -> None:
    found = session.execute(
        select(person.c.name, coach.c.status)
        .join(person, person.c.id == coach.c.person_id)
        .where(coach.c.id == coach_id)
    ).first()
    if found is None:
        raise ValidationError(_("That coach no longer exists."), field="coach_id")
    name, status = found
    if status != "active":
        raise ValidationError(
            _("{name} is not an active coach ({replace}); choose an active coach.").format(
                name=name, replace=value_word(status)
            ),
            field="coach_id",
        )


def event_label(session: Session, values: dict[str, Any]) -> str:
    """`retrospective · Team Payments · 2027-03-27`."""
    return record_label(session, "cycle_event", values)


def create_event(*, session: Session, values: dict[str, Any], allow_outside_cycle: bool = False) -> int:
    clean = clean_event(session, values, allow_outside_cycle=allow_outside_cycle)
    return insert_row(session, CycleEvent, clean, label=event_label(session, clean))


def update_event(
    *,
    session: Session,
    event_id: int,
    values: dict[str, Any],
    expected_version: int | None,
    allow_outside_cycle: bool = False,
    original: dict[str, Any] | None = None,
) -> None:
    # Dates outside the cycle are a warning someone confirmed: asked again only of the user who
    # moves the event now, not of one who edits its notes (after another user moved it, or the
    # dates always lay outside, as a cycle's priorities before its start do).
    clean = clean_event(session, values, allow_outside_cycle=True)
    moves = bool({"cycle_id", "start_on", "end_on"} & set(changed_by_user(clean, original)))
    if moves and not allow_outside_cycle:
        clean_event(session, values, allow_outside_cycle=False)
    update_row(
        session,
        CycleEvent,
        event_id,
        expected_version=expected_version,
        changes=clean,
        what=N_("event"),
        original=original,
        validate=lambda merged: clean_event(
            session, merged, allow_outside_cycle=allow_outside_cycle or not moves
        ),
    )


def set_event_status(*, session: Session, event_id: int, status: str, expected_version: int | None) -> None:
    """Mark an event done, cancelled or planned again; a stale version raises ConflictError."""
    one_of(status, EVENT_STATUSES, field="status", what=N_("Status"))
    row = edited_row(session, CycleEvent, event_id, "event")
    if status == "done" and row["start_on"] is None:
        raise ValidationError(_("An unscheduled event cannot be done; give it a date first."))
    update_row(
        session,
        CycleEvent,
        event_id,
        expected_version=expected_version,
        changes={"status": status},
        what=N_("event"),
    )


def delete_event(*, session: Session, event_id: int, expected_version: int | None) -> None:
    delete_row(session, CycleEvent, event_id, expected_version=expected_version, what=N_("event"))
