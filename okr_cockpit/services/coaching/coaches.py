"""Coaches and their assignments: the roster (paged, scoped), who coaches which team, and audited writes.

Load and coverage come from `coverage.py`, so this roster and the Overview always agree.
Rules decided here:
- Only teams get coaches; a team has at most one current primary assignment.
- Assigning a primary to a team whose current primary coach is on leave or alumni makes that
  assignment a backup in the same transaction (the team was uncovered; now it is covered).
- Switching a backup to primary while another primary exists swaps the two, in one transaction.
- Unassigning deletes the assignment (the audit log keeps it). An ended assignment of the same coach
  and team is reopened instead of inserted, because (coach, team) is unique.
- Going over capacity needs `allow_over_capacity=True`, which the UI passes after asking.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded, folded_like, like_pattern
from okr_cockpit.db.models import COACH_STATUSES, Assignment, Coach, OrgUnit, Person
from okr_cockpit.db.position import position_of
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.coaching.coverage import (
    assignment,
    coach,
    coach_load,
    current_assignment,
    person,
    subtree_ids,
    unit,
)
from okr_cockpit.services.records import delete_row, edited_row, insert_row, require_row, update_row
from okr_cockpit.services.validation import clean_name, clean_text, one_of, parse_date

PAGE_SIZE = 100
CAPACITY_MAX = 100


@dataclass(frozen=True)
class RosterQuery:
    text: str = ""  # part of the coach's name
    sort: str = "name"  # name | load (fullest first: fewest free places)
    scope_id: int | None = None  # coaches living in or assigned within this unit's subtree
    offset: int = 0
    limit: int = PAGE_SIZE


@dataclass(frozen=True)
class RosterRow:
    coach_id: int
    person_id: int
    name: str
    email: str | None
    status: str
    cohort: str
    certified_on: date | None
    capacity: int
    load: int
    version: int

    @property
    def over_capacity(self) -> bool:
        return self.load > self.capacity


@dataclass(frozen=True)
class RosterPage:
    rows: tuple[RosterRow, ...]
    offset: int
    total: int  # coaches matching the query
    over_capacity: int  # of those, how many are over capacity


@dataclass(frozen=True)
class AssignmentRow:
    assignment_id: int
    version: int
    role: str
    coach_id: int
    coach: str
    coach_status: str
    load: int
    capacity: int
    unit_id: int
    team: str
    start_on: date | None
    end_on: date | None


@dataclass(frozen=True)
class Assigned:
    assignment_id: int
    role: str
    demoted: str | None  # the on-leave/alumni primary coach who became backup, if any


# -- reads -------------------------------------------------------------------------------------------


def _roster_where(query: RosterQuery) -> list:
    where = []
    if query.text.strip():
        where.append(folded_like(person.c.name, like_pattern(query.text.strip())))
    if query.scope_id is not None:
        inside = subtree_ids(query.scope_id)
        assigned_inside = select(assignment.c.coach_id).where(assignment.c.unit_id.in_(inside))
        where.append(or_(person.c.home_unit_id.in_(inside), coach.c.id.in_(assigned_inside)))
    return where


def _roster_order(query: RosterQuery, load) -> list:
    name = [folded(person.c.name), coach.c.id]
    return [coach.c.capacity - load, load.desc(), *name] if query.sort == "load" else name


def _roster_select(load):
    """The columns of a RosterRow, in order."""
    columns = (coach.c.id, coach.c.person_id, person.c.name, person.c.email, coach.c.status, coach.c.cohort)
    columns += (coach.c.certified_on, coach.c.capacity, load, coach.c.version)
    return select(*columns).join(person, person.c.id == coach.c.person_id)


def roster(session: Session, *, today: date, query: RosterQuery = RosterQuery()) -> RosterPage:
    """One page of the roster, with the count (and over-capacity count) of all matching coaches."""
    total, over = roster_counts(session, today=today, query=query)
    return RosterPage(roster_rows(session, today=today, query=query), query.offset, total, over)


def roster_counts(session: Session, *, today: date, query: RosterQuery) -> tuple[int, int]:
    """How many coaches match, and how many of them are over capacity."""
    load = coach_load(today)
    base = select(coach.c.id).join(person, person.c.id == coach.c.person_id).where(*_roster_where(query))
    counted = base.add_columns(load.label("load"), coach.c.capacity).subquery()
    total, over = session.execute(
        select(func.count(), func.count().filter(counted.c.load > counted.c.capacity))
    ).one()
    return total, over or 0


def roster_rows(session: Session, *, today: date, query: RosterQuery) -> tuple[RosterRow, ...]:
    """The matching coaches from `query.offset`, at most `query.limit`, in the query's order (a
    scrolling roster's window: it does not count the whole roster again)."""
    load = coach_load(today)
    rows = session.execute(
        _roster_select(load)
        .where(*_roster_where(query))
        .order_by(*_roster_order(query, load))
        .offset(query.offset)
        .limit(query.limit)
    ).all()
    return tuple(RosterRow(*row) for row in rows)


def coach_row(session: Session, *, coach_id: int, today: date) -> RosterRow | None:
    row = session.execute(_roster_select(coach_load(today)).where(coach.c.id == coach_id)).first()
    return RosterRow(*row) if row else None


def roster_position(session: Session, *, today: date, query: RosterQuery, coach_id: int) -> int | None:
    """Where the coach is in the roster's order (0-based), or None when the query leaves them out."""
    load = coach_load(today)
    ids = select(coach.c.id).join(person, person.c.id == coach.c.person_id).where(*_roster_where(query))
    return position_of(session, ids, order_by=_roster_order(query, load), wanted=coach_id)


def _assignment_rows(session: Session, *, today: date, where) -> list[AssignmentRow]:
    columns = (assignment.c.id, assignment.c.version, assignment.c.role, coach.c.id, person.c.name)
    columns += (coach.c.status, coach_load(today), coach.c.capacity, unit.c.id, unit.c.name)
    rows = session.execute(
        select(*columns, assignment.c.start_on, assignment.c.end_on)
        .join(coach, coach.c.id == assignment.c.coach_id)
        .join(person, person.c.id == coach.c.person_id)
        .join(unit, unit.c.id == assignment.c.unit_id)
        .where(where, current_assignment(today))
        .order_by(assignment.c.role.desc(), folded(unit.c.name), folded(person.c.name))
    ).all()
    return [AssignmentRow(*row) for row in rows]


def teams_of_coach(session: Session, *, coach_id: int, today: date) -> list[AssignmentRow]:
    """The coach's current assignments, primaries first."""
    return _assignment_rows(session, today=today, where=assignment.c.coach_id == coach_id)


def coaches_of_team(session: Session, *, unit_id: int, today: date) -> list[AssignmentRow]:
    """The team's current coaches, primary first."""
    return _assignment_rows(session, today=today, where=assignment.c.unit_id == unit_id)


# -- writes ------------------------------------------------------------------------------------------


def _current_primary(session: Session, unit_id: int, today: date) -> dict[str, Any] | None:
    query = (
        select(assignment.c.id, assignment.c.coach_id, coach.c.status, person.c.name)
        .join(coach, coach.c.id == assignment.c.coach_id)
        .join(person, person.c.id == coach.c.person_id)
        .where(assignment.c.unit_id == unit_id, assignment.c.role == "primary", current_assignment(today))
    )
    found = session.execute(query).mappings().first()
    return dict(found) if found else None


def _set_role(session: Session, assignment_id: int, role: str, *, version: int | None = None, **more) -> None:
    changes = {"role": role, **more}
    update_row(
        session, Assignment, assignment_id, expected_version=version, changes=changes, what=N_("assignment")
    )


def check_capacity(session: Session, *, coach_id: int, today: date, adding: int = 1) -> None:
    """Refuse when `adding` more teams would put the coach over capacity."""
    row = _require_coach(session, coach_id, today)
    if row.load + adding > row.capacity:
        raise ValidationError(
            _(
                "{name} already coaches {load} of {capacity} teams; another would put them over capacity."
            ).format(name=row.name, load=row.load, capacity=row.capacity),
            field="coach_id",
        )


def _require_coach(session: Session, coach_id: int, today: date) -> RosterRow:
    row = coach_row(session, coach_id=coach_id, today=today)
    if row is None:
        raise ValidationError(_("That coach no longer exists."))
    return row


def assign_coach(
    *,
    session: Session,
    coach_id: int,
    unit_id: int,
    role: str | None = "primary",
    today: date,
    allow_over_capacity: bool = False,
    start_on: date | None = None,
) -> Assigned:
    """Assign a coach to a team; see the module docstring for the rules.

    `role=None` means primary when the team has no active primary coach, else backup.
    """
    team = require_row(session, OrgUnit, unit_id, "team")
    if team["kind"] != "team":
        raise ValidationError(
            _("{value} is a {value2}; coaches are assigned to teams.").format(
                value=team["name"], value2=team["kind"]
            )
        )
    if role is None:
        primary = _current_primary(session, unit_id, today)
        role = "backup" if primary is not None and primary["status"] == "active" else "primary"
    one_of(role, ("primary", "backup"), field="role", what=N_("Role"))
    the_coach = _require_coach(session, coach_id, today)
    name = the_coach.name
    if the_coach.status == "alumni":
        raise ValidationError(
            _("{name} is an alumnus of the coach community; alumni take no teams.").format(name=name)
        )
    same_pair = (assignment.c.coach_id == coach_id, assignment.c.unit_id == unit_id)
    existing = session.execute(select(assignment).where(*same_pair)).mappings().first()
    if existing is not None and (existing["end_on"] is None or existing["end_on"] >= today):
        raise ValidationError(
            _("{name} already coaches {value} ({value2}).").format(
                name=name, value=team["name"], value2=existing["role"]
            )
        )
    if not allow_over_capacity:
        check_capacity(session, coach_id=coach_id, today=today)
    demoted = None
    if role == "primary":
        primary = _current_primary(session, unit_id, today)
        if primary is not None and primary["status"] == "active":
            raise ValidationError(
                _(
                    "{value} already has a primary coach ({value2}); assign as backup, or "
                    "switch roles with b."
                ).format(value=team["name"], value2=primary["name"])
            )
        if primary is not None:  # on leave or alumni: the team is uncovered, so they step back
            _set_role(session, primary["id"], "backup")
            demoted = primary["name"]
    label = f"{name} → {team['name']}"
    if existing is not None:  # an ended assignment of the same pair: reopen it
        _set_role(session, existing["id"], role, end_on=None, start_on=start_on or today)
        return Assigned(existing["id"], role, demoted)
    values = {"coach_id": coach_id, "unit_id": unit_id, "role": role, "start_on": start_on or today}
    return Assigned(insert_row(session, Assignment, values, label=label), role, demoted)


def unassign(*, session: Session, assignment_id: int, expected_version: int | None) -> dict[str, Any]:
    """Remove an assignment the user saw at `expected_version`."""
    return delete_row(
        session, Assignment, assignment_id, expected_version=expected_version, what=N_("assignment")
    )


def switch_role(
    *, session: Session, assignment_id: int, expected_version: int | None, today: date
) -> str | None:
    """Primary ↔ backup. Making a backup primary demotes the team's other primary (a swap).

    Returns the name of the coach that was swapped to backup, if any.
    """
    row = edited_row(session, Assignment, assignment_id, "assignment")
    swapped = None
    if row["role"] == "backup":
        primary = _current_primary(session, row["unit_id"], today)
        if primary is not None and primary["id"] != assignment_id:
            _set_role(session, primary["id"], "backup")
            swapped = primary["name"]
    new_role = "primary" if row["role"] == "backup" else "backup"
    _set_role(session, assignment_id, new_role, version=expected_version)
    return swapped


def clean_capacity(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Capacity must be a whole number of teams."), field="capacity") from None
    if number < 0:
        raise ValidationError(
            _("Capacity cannot be negative (0: the coach takes no teams)."), field="capacity"
        )
    if number > CAPACITY_MAX:
        raise ValidationError(
            _("Capacity must be at most {CAPACITY_MAX} teams.").format(CAPACITY_MAX=CAPACITY_MAX),
            field="capacity",
        )
    return number


def clean_coach(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "capacity": clean_capacity(values.get("capacity", 4)),
        "status": one_of(values.get("status") or "active", COACH_STATUSES, field="status", what=N_("Status")),
        "cohort": clean_text(values.get("cohort"), field="cohort", what=N_("Cohort"))[:40],
        "certified_on": parse_date(
            values.get("certified_on"), field="certified_on", what=N_("Certified since")
        ),
    }


def create_coach(*, session: Session, values: dict[str, Any]) -> int:
    """A coach from an existing person (`person_id`) or a new one (`name`, optional `email`)."""
    fields = clean_coach(values)
    person_id = values.get("person_id")
    if person_id is None:
        name = clean_name(values.get("name"), what=N_("Name"))
        email = (values.get("email") or "").strip() or None
        if email is not None and ("@" not in email or len(email) > 200):
            raise ValidationError(_("'{email}' is not an e-mail address.").format(email=email), field="email")
        if email and session.execute(select(person.c.id).where(person.c.email == email)).first():
            raise ValidationError(
                _("Someone already has the e-mail {email}; pick that person.").format(email=email),
                field="email",
            )
        person_id = insert_row(session, Person, {"name": name, "email": email})
    else:
        name = require_row(session, Person, person_id, "person")["name"]
        if session.execute(select(coach.c.id).where(coach.c.person_id == person_id)).first():
            raise ValidationError(_("{name} is already a coach.").format(name=name), field="person_id")
    return insert_row(session, Coach, {"person_id": person_id, **fields}, label=name)


def update_coach(
    *,
    session: Session,
    coach_id: int,
    expected_version: int | None,
    values: dict[str, Any],
    original: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Change capacity, status, cohort and certification date of a coach the user saw."""
    return update_row(
        session,
        Coach,
        coach_id,
        expected_version=expected_version,
        changes=clean_coach(values),
        validate=clean_coach,
        what=N_("coach"),
        original=original,
    )


# -- choices for pickers -----------------------------------------------------------------------------


def find_coaches(
    session: Session, text: str, *, today: date, division_id: int | None = None, limit: int = 50
) -> list[tuple[RosterRow, bool]]:
    """(coach, lives in the division) for non-alumni matching `text`: active, free, near, freest first."""
    load = coach_load(today)
    near = person.c.home_unit_id.in_(subtree_ids(division_id)) if division_id is not None else false()
    order = (coach.c.status != "active", load >= coach.c.capacity, ~near, load - coach.c.capacity)
    rows = session.execute(
        _roster_select(load)
        .add_columns(near)
        .where(*_roster_where(RosterQuery(text=text)), coach.c.status != "alumni")
        .order_by(*order, folded(person.c.name), coach.c.id)
        .limit(limit)
    ).all()
    return [(RosterRow(*row[:-1]), bool(row[-1])) for row in rows]


def find_teams(session: Session, text: str, *, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, parent name) of teams matching `text`."""
    parent = unit.alias("parent")
    rows = session.execute(
        select(unit.c.id, unit.c.name, func.coalesce(parent.c.name, ""))
        .outerjoin(parent, parent.c.id == unit.c.parent_id)
        .where(unit.c.kind == "team", folded_like(unit.c.name, like_pattern(text)))
        .order_by(folded(unit.c.name), unit.c.id)
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]


def find_non_coaches(session: Session, text: str, *, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, email) of active people who are not coaches yet, matching `text`."""
    rows = session.execute(
        select(person.c.id, person.c.name, func.coalesce(person.c.email, ""))
        .where(
            person.c.active.is_(True),
            folded_like(person.c.name, like_pattern(text)),
            ~person.c.id.in_(select(coach.c.person_id)),
        )
        .order_by(folded(person.c.name), person.c.id)
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]
