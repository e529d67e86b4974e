"""Cycle events as an iCalendar file (RFC 5545), so coaches get their sessions into their calendars.

An event is an all-day VEVENT, or, when it has a start time, a meeting from DTSTART to DTEND in
the cockpit's time zone (TZID, with the VTIMEZONE icalendar generates, so any calendar program
places it right). Its UID is the event's id (never reused) and the database's
own identity, so importing a newer export updates the entries instead of duplicating them, and
two cockpits' events never share a UID; SEQUENCE is the row's version, which is
how calendar programs tell a newer copy of the same event. Unscheduled events have no date and
are left out (the caller is told how many).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded_equals
from okr_cockpit.db.tables import coach, cycle, event, person
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.events.cycles import EventInfo, event_columns, to_event
from okr_cockpit.services.events.time_zone import cockpit_time_zone
from okr_cockpit.services.settings import database_id

PRODID = "-//okr-cockpit//cycle events//EN"
UID_DOMAIN = "okr-cockpit"
ICS_STATUS = {"planned": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class CalendarExport:
    ics: bytes
    exported: int
    unscheduled: int  # events left out because they have no date yet


def event_uid(event_id: int, database_id: str) -> str:
    return f"cycle-event-{event_id}.{database_id}@{UID_DOMAIN}"


def summary_of(found: EventInfo) -> str:
    """`Check in · Team Payments`: what and for whom, as a calendar shows in one line."""
    return f"{found.kind.replace('_', ' ').capitalize()} · {found.scope}"


def description_of(found: EventInfo) -> str:
    lines = [f"Cycle: {found.cycle}", f"Facilitator: {found.facilitator}", f"Status: {found.status}"]
    if found.notes.strip():
        lines += ["", found.notes.strip()]
    return "\n".join(lines)


def find_cycle_id(session: Session, name: str) -> int:
    found = session.execute(select(cycle.c.id).where(folded_equals(cycle.c.name, name))).scalar()
    if found is None:
        raise CockpitError(_("There is no cycle called {name!r}.").format(name=name))
    return found


def find_coach_id(session: Session, name: str) -> int:
    """A coach by full name or email, ignoring case; an ambiguous name asks for the email."""
    rows = session.execute(
        select(coach.c.id, person.c.email)
        .join(person, person.c.id == coach.c.person_id)
        .where(or_(folded_equals(person.c.name, name), folded_equals(person.c.email, name)))
    ).all()
    if not rows:
        raise CockpitError(
            _("There is no coach called {name!r}; give the full name or the email.").format(name=name)
        )
    if len(rows) > 1:
        emails = ", ".join(sorted(email or _("(no email)") for _name, email in rows))
        raise CockpitError(
            _("Several coaches are called {name!r}; give the email instead ({emails}).").format(
                name=name, emails=emails
            )
        )
    return rows[0][0]


def select_events(session: Session, *, cycle_name: str | None, coach_name: str | None) -> list[EventInfo]:
    columns, joined = event_columns()
    query = select(*columns).select_from(joined).order_by(event.c.start_on, event.c.id)
    if cycle_name:
        query = query.where(event.c.cycle_id == find_cycle_id(session, cycle_name))
    if coach_name:
        query = query.where(event.c.coach_id == find_coach_id(session, coach_name))
    return [to_event(row) for row in session.execute(query)]


def to_vevent(found: EventInfo, *, stamp: datetime, database_id: str, zone: ZoneInfo) -> Event:
    assert found.start_on is not None
    item = Event()
    item.add("uid", event_uid(found.id, database_id))
    item.add("dtstamp", stamp)
    if found.start_time is not None and found.duration_minutes is not None:
        start = datetime.combine(found.start_on, found.start_time, tzinfo=zone)
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(minutes=found.duration_minutes))
    else:
        item.add("dtstart", found.start_on)
        # All-day events end on the day after their last day (DTEND is exclusive).
        item.add("dtend", (found.end_on or found.start_on) + timedelta(days=1))
    item.add("summary", summary_of(found))
    item.add("description", description_of(found))
    item.add("status", ICS_STATUS[found.status])
    item.add("sequence", max(0, found.version - 1))
    item.add("categories", [value_word(found.kind)])
    # A meeting blocks its time; a day-long marker does not block the whole day as busy.
    item.add("transp", "TRANSPARENT" if found.start_time is None else "OPAQUE")
    return item


def events_to_ics(
    events: Sequence[EventInfo],
    *,
    name: str,
    database_id: str,
    time_zone: str = "UTC",
    stamp: datetime | None = None,
) -> CalendarExport:
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    scheduled = [e for e in events if e.start_on is not None]
    zone = ZoneInfo(time_zone)
    for found in scheduled:
        calendar.add_component(to_vevent(found, stamp=stamp, database_id=database_id, zone=zone))
    calendar.add_missing_timezones()  # a VTIMEZONE for the TZID of every meeting
    return CalendarExport(calendar.to_ical(), len(scheduled), len(events) - len(scheduled))


def export_events_ics(
    session: Session,
    *,
    cycle_name: str | None = None,
    coach_name: str | None = None,
    stamp: datetime | None = None,
) -> CalendarExport:
    """The events (of one cycle and/or one coach, if given) as an iCalendar file."""
    events = select_events(session, cycle_name=cycle_name, coach_name=coach_name)
    name = " · ".join([_("OKR events"), *(part.strip() for part in (cycle_name, coach_name) if part)])
    zone = cockpit_time_zone(session)
    return events_to_ics(events, name=name, database_id=database_id(session), time_zone=zone, stamp=stamp)
