"""What the cockpit calls a record: a unit's path, a coach's name, an event's kind, scope and day.

The audit log stores this label with each entry, so History and the status line name the record
even after it is gone. `value_names` turns the ids in an entry's fields into the names they stand for.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import (
    AuditEntry,
    Coach,
    Cycle,
    OrgUnit,
    Person,
    RaciActivity,
    RolloutWave,
    Stakeholder,
)
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.i18n.values import value_word

Row = dict[str, Any]
PATH_SEPARATOR = " › "
ORG_WIDE = N_("Org-wide")  # the scope of an event without a unit, shown as _(ORG_WIDE)

_unit = OrgUnit.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_coach = Coach.__table__  # type: ignore[attr-defined]


def unit_path(session: Session, unit_id: int | None) -> str:
    """`Northwind Group › Retail › Team Payments`."""
    names: list[str] = []
    seen: set[int] = set()
    current = unit_id
    while current is not None and current not in seen and len(names) < 20:
        seen.add(current)
        found = session.execute(select(_unit.c.name, _unit.c.parent_id).where(_unit.c.id == current)).first()
        if found is None:
            break
        names.append(found.name)
        current = found.parent_id
    names.reverse()
    return PATH_SEPARATOR.join(names)


def coach_name(session: Session, coach_id: int | None) -> str:
    if coach_id is None:
        return ""
    query = (
        select(_person.c.name).join(_coach, _coach.c.person_id == _person.c.id).where(_coach.c.id == coach_id)
    )
    return session.execute(query).scalar() or ""


def _unit_label(session: Session, row: Row) -> str:
    # The row's own name as written (a rename names the unit by its new name), under its parent's path.
    path = unit_path(session, row.get("parent_id"))
    return PATH_SEPARATOR.join(p for p in (path, row.get("name") or "") if p)


def event_label(kind: str, scope: str, start_on: Any) -> str:
    """`retrospective · Team Payments · 2027-03-27`."""
    if isinstance(start_on, str) and start_on:
        start_on = date.fromisoformat(start_on)
    day = format_day(start_on) if isinstance(start_on, date) else value_word("unscheduled")
    return f"{value_word(kind)} · {scope or _(ORG_WIDE)} · {day}"


def _event_label(session: Session, row: Row) -> str:
    unit_id = row.get("unit_id")
    scope = session.execute(select(_unit.c.name).where(_unit.c.id == unit_id)).scalar() if unit_id else ""
    return event_label(row.get("kind") or "event", scope or "", row.get("start_on"))


def _coach_label(session: Session, row: Row) -> str:
    name = session.execute(select(_person.c.name).where(_person.c.id == row.get("person_id"))).scalar()
    return name or ""


def _assignment_label(session: Session, row: Row) -> str:
    team = session.execute(select(_unit.c.name).where(_unit.c.id == row.get("unit_id"))).scalar() or ""
    return f"{coach_name(session, row.get('coach_id'))} → {team}"


LABELERS: dict[str, Callable[[Session, Row], str]] = {
    "org_unit": _unit_label,
    "cycle_event": _event_label,
    "coach": _coach_label,
    "assignment": _assignment_label,
}


def record_label(session: Session, entity: str, row: Row) -> str:
    """The label of a row of `entity` (a table name), or "" when this module has no rule for it."""
    labeler = LABELERS.get(entity)
    return labeler(session, row) if labeler is not None else ""


# -- names of the ids in an audit entry's fields ------------------------------------------------
# field -> the table its id points into
REFERENCES = {
    "wave_id": RolloutWave,
    "parent_id": OrgUnit,
    "unit_id": OrgUnit,
    "home_unit_id": OrgUnit,
    "lead_id": Person,
    "sponsor_id": Person,
    "plo_owner_id": Person,
    "person_id": Person,
    "owner_id": Person,
    "coach_id": Coach,
    "cycle_id": Cycle,
    "source_cycle_id": Cycle,
    "effective_cycle_id": Cycle,
    "stakeholder_id": Stakeholder,
    "activity_id": RaciActivity,
}


def value_names(session: Session, pairs: Iterable[tuple[str, Any]]) -> dict[tuple[str, int], str]:
    """{(field, id): name} for the (field, value) pairs whose field holds an id of another record.

    A record deleted since is named by the last label the audit log has for it.
    """
    pairs = list(pairs)
    wanted: dict[type, set[int]] = {}
    for field, value in pairs:
        model = REFERENCES.get(field)
        if model is not None and isinstance(value, int) and not isinstance(value, bool):
            wanted.setdefault(model, set()).add(value)
    names_by_table: dict[str, dict[int, str]] = {}
    for model, ids in wanted.items():
        table = model.__table__  # type: ignore[attr-defined]
        if model is Coach:
            query = (
                select(_coach.c.id, _person.c.name)
                .join(_person, _coach.c.person_id == _person.c.id)
                .where(_coach.c.id.in_(ids))
            )
        else:
            query = select(table.c.id, table.c.name).where(table.c.id.in_(ids))
        found = {row_id: name for row_id, name in session.execute(query)}
        for missing in ids - found.keys():
            found[missing] = logged_label(session, table.name, missing) or f"#{missing}"
        names_by_table[table.name] = found
    return {
        (field, value): names_by_table[REFERENCES[field].__table__.name][value]  # type: ignore[attr-defined]
        for field, value in _pairs_again(pairs, names_by_table)
    }


def logged_label(session: Session, entity: str, entity_id: int) -> str:
    """The newest label the audit log has for a record ("" if none): the name of one deleted since."""
    audit = AuditEntry.__table__  # type: ignore[attr-defined]
    query = (
        select(audit.c.label)
        .where(audit.c.entity == entity, audit.c.entity_id == entity_id, audit.c.label != "")
        .order_by(audit.c.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar() or ""


def _pairs_again(pairs, names_by_table):
    for field, value in pairs:
        model = REFERENCES.get(field)
        if (
            model is not None
            and isinstance(value, int)
            and value in names_by_table.get(model.__table__.name, {})
        ):
            yield field, value
