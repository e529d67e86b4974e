"""Entity lists for `okr-cockpit export`: readable columns (names, not ids) streamed as CSV or JSON.

Rows are Core tuples read straight from the cursor, never ORM objects, so 100,000 interactions
stream in constant memory.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from typing import Any, TextIO

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from okr_cockpit.db import models as m
from okr_cockpit.db.tables import assignment, audit, cycle, event, interaction, stakeholder
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _

EXPORT_FORMATS = ("csv", "json")

unit, person, coach, wave = (
    m.OrgUnit.__table__,
    m.Person.__table__,
    m.Coach.__table__,
    m.RolloutWave.__table__,
)


# units, people and coaches are written with the columns `import` reads (docs/IMPORT.md), so a file
# exported and imported again changes nothing: units by external id and parent's external id, the
# people they point at by email.
def units_query() -> Select:
    parent, lead, sponsor, owner = unit.alias("parent"), person.alias(), person.alias(), person.alias()
    return (
        select(
            unit.c.id,
            unit.c.external_id,
            unit.c.name,
            unit.c.kind,
            parent.c.external_id.label("parent_external_id"),
            wave.c.name.label("wave"),
            unit.c.state,
            lead.c.email.label("lead"),
            sponsor.c.email.label("sponsor"),
            owner.c.email.label("plo_owner"),
            unit.c.exempt,
            unit.c.notes,
        )
        .select_from(unit)
        .outerjoin(parent, parent.c.id == unit.c.parent_id)
        .outerjoin(wave, wave.c.id == unit.c.wave_id)
        .outerjoin(lead, lead.c.id == unit.c.lead_id)
        .outerjoin(sponsor, sponsor.c.id == unit.c.sponsor_id)
        .outerjoin(owner, owner.c.id == unit.c.plo_owner_id)
        .order_by(unit.c.id)
    )


def people_query() -> Select:
    return (
        select(
            person.c.id,
            person.c.name,
            person.c.email,
            person.c.title,
            unit.c.external_id.label("home_unit_external_id"),
            person.c.active,
        )
        .outerjoin(unit, unit.c.id == person.c.home_unit_id)
        .order_by(person.c.id)
    )


def coaches_query() -> Select:
    return (
        select(
            coach.c.id,
            person.c.name,
            person.c.email,
            coach.c.capacity,
            coach.c.certified_on,
            coach.c.cohort,
            coach.c.status,
        )
        .join(person, person.c.id == coach.c.person_id)
        .order_by(coach.c.id)
    )


def assignments_query() -> Select:
    return (
        select(
            assignment.c.id,
            person.c.name.label("coach"),
            unit.c.name.label("unit"),
            assignment.c.role,
            cycle.c.name.label("cycle"),
            assignment.c.start_on,
            assignment.c.end_on,
        )
        .join(coach, coach.c.id == assignment.c.coach_id)
        .join(person, person.c.id == coach.c.person_id)
        .join(unit, unit.c.id == assignment.c.unit_id)
        .outerjoin(cycle, cycle.c.id == assignment.c.cycle_id)
        .order_by(assignment.c.id)
    )


def cycles_query() -> Select:
    return select(cycle.c.id, cycle.c.name, cycle.c.start_on, cycle.c.end_on, cycle.c.state).order_by(
        cycle.c.start_on, cycle.c.id
    )


def events_query() -> Select:
    return (
        select(
            event.c.id,
            cycle.c.name.label("cycle"),
            event.c.kind,
            unit.c.name.label("scope"),
            event.c.start_on,
            event.c.end_on,
            event.c.start_time,
            event.c.duration_minutes,
            person.c.name.label("coach"),
            event.c.status,
            event.c.notes,
        )
        .join(cycle, cycle.c.id == event.c.cycle_id)
        .outerjoin(unit, unit.c.id == event.c.unit_id)
        .outerjoin(coach, coach.c.id == event.c.coach_id)
        .outerjoin(person, person.c.id == coach.c.person_id)
        .order_by(event.c.id)
    )


def stakeholders_query() -> Select:
    c = stakeholder.c
    return (
        select(
            c.id,
            c.name,
            c.is_group,
            c.role,
            unit.c.name.label("unit"),
            c.internal,
            c.influence,
            c.interest,
            c.attitude,
            c.desired_attitude,
            person.c.name.label("owner"),
            c.archived,
            c.notes,
        )
        .outerjoin(unit, unit.c.id == c.unit_id)
        .outerjoin(person, person.c.id == c.owner_id)
        .order_by(c.id)
    )


def interactions_query() -> Select:
    c = interaction.c
    return (
        select(
            c.id,
            stakeholder.c.name.label("stakeholder"),
            c.occurred_on,
            c.channel,
            c.summary,
            c.sentiment,
            c.follow_up,
            c.follow_up_due,
            c.follow_up_done,
            c.author,
        )
        .join(stakeholder, stakeholder.c.id == c.stakeholder_id)
        .order_by(c.id)
    )


def audit_query() -> Select:
    c = audit.c
    return select(
        c.id, c.at, c.os_user, c.host, c.entity, c.entity_id, c.label, c.action, c.changes
    ).order_by(c.id)


QUERIES: dict[str, Callable[[], Select] | None] = {
    "units": units_query,
    "people": people_query,
    "coaches": coaches_query,
    "assignments": assignments_query,
    "waves": None,  # measured today: services/rollout_export.py
    "cycles": cycles_query,
    "events": events_query,
    "stakeholders": stakeholders_query,
    "interactions": interactions_query,
    "audit": audit_query,
}
EXPORT_KINDS = tuple(QUERIES)


def export_rows(
    *, session: Session, kind: str, today: date | None = None
) -> tuple[list[str], Iterator[tuple]]:
    """Column names and a stream of rows; consume the rows inside the same transaction.

    Waves carry their readiness as measured on `today` (default: the real today).
    """
    if kind not in QUERIES:
        raise CockpitError(
            _("Cannot export {kind!r}: choose one of {value}.").format(
                kind=kind, value=", ".join(EXPORT_KINDS)
            )
        )
    query = QUERIES[kind]
    if query is None:
        from okr_cockpit.services.exporting.rollout import waves_export

        return waves_export(session, today=today or date.today())
    result = session.execute(query().execution_options(yield_per=1000))
    return list(result.keys()), (tuple(row) for row in result)


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def csv_safe(text: str) -> str:
    """A leading = + - @ makes spreadsheets evaluate a cell as a formula; a quote keeps it text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):  # a wave's criteria: JSON in the cell, readable and parseable
        return csv_safe(json.dumps(value, default=_json_value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, str):
        return csv_safe(value)
    return value


def write_export(
    columns: list[str], rows: Iterable[tuple], *, fmt: str, stream: TextIO, excel: bool = False
) -> int:
    """Write rows as CSV (header first) or a JSON list of objects; returns the number of rows.

    `excel`: what German Excel opens right by double-click (it reads a BOM-less file as Windows-1252
    and expects `;`): a UTF-8 byte-order mark, semicolons and CRLF line ends.
    """
    count = 0
    if fmt == "csv":
        if excel:
            stream.write("\ufeff")
        writer = csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
            count += 1
        return count
    if fmt != "json":
        raise CockpitError(_("Cannot export as {fmt!r}: choose csv or json.").format(fmt=fmt))
    stream.write("[")
    for row in rows:
        stream.write(",\n  " if count else "\n  ")
        stream.write(
            json.dumps(dict(zip(columns, row, strict=True)), default=_json_value, ensure_ascii=False)
        )
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count
