"""Org units, write side: the tree's audited, validated writes (add, edit, state, move, delete).

Kinds nest strictly downwards: company → division → department → team. A child's kind must be
below its parent's, so a company is only ever at the top and a team never has children; a move
or a change of kind that would break this is refused. The reads (children, paths, filter,
detail) and the recursive tree walks are in `org_unit_reads.py`.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import (
    ROLLOUT_STATES,
    UNIT_KINDS,
    Assignment,
    CycleEvent,
    OrgUnit,
    Person,
    RolloutWave,
    Stakeholder,
)
from okr_cockpit.db.tables import assignment, event, person, stakeholder, unit
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services import validation
from okr_cockpit.services.org.reads import IN_CHUNK, KIND_RANK, ancestor_path, subtree_ids, subtree_rows
from okr_cockpit.services.records import (
    changed_by_user,
    delete_row,
    edited_row,
    insert_row,
    require_row,
    update_row,
)

EDITABLE = (
    "name",
    "kind",
    "wave_id",
    "state",
    "lead_id",
    "sponsor_id",
    "plo_owner_id",
    "external_id",
    "exempt",
    "notes",
)


# -- what a delete takes with it ---------------------------------------------------------------
@dataclass(frozen=True)
class DeletionImpact:
    """What goes with a unit when it is deleted (the unit itself not counted)."""

    units: int  # descendant units
    assignments: int  # coach assignments in the whole subtree
    events: int  # events scoped to the subtree
    stakeholders: int  # stakeholders whose unit link is cleared
    people: int  # people whose home unit is cleared

    @property
    def needs_cascade(self) -> bool:
        return bool(self.units or self.assignments)

    def describe(self) -> str:
        """`3 units below it, 2 coach assignments and 14 events` — or '' when nothing goes."""
        parts = [
            _count(self.units, ngettext("{count:,} unit below it", "{count:,} units below it", self.units)),
            _count(
                self.assignments,
                ngettext("{count:,} coach assignment", "{count:,} coach assignments", self.assignments),
            ),
            _count(self.events, ngettext("{count:,} event", "{count:,} events", self.events)),
        ]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
        return parts[0] if parts else ""


def _count(number: int, words: str) -> str:
    return words.format(count=number) if number else ""


def deletion_impact(session: Session, unit_id: int) -> DeletionImpact:
    ids = subtree_ids(session, unit_id)

    def count(table, column) -> int:
        total = 0
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start : start + IN_CHUNK]
            total += session.execute(
                select(func.count()).select_from(table).where(column.in_(chunk))
            ).scalar_one()
        return total

    return DeletionImpact(
        units=max(0, len(ids) - 1),
        assignments=count(assignment, assignment.c.unit_id),
        events=count(event, event.c.unit_id),
        stakeholders=count(stakeholder, stakeholder.c.unit_id),
        people=count(person, person.c.home_unit_id),
    )


# -- validation --------------------------------------------------------------------------------
def check_kind_under(kind: str, parent_kind: str | None, *, field: str = "kind") -> None:
    """A child's kind must be below its parent's; a company is only at the top."""
    if parent_kind is None:
        return
    if KIND_RANK[kind] <= KIND_RANK[parent_kind]:
        allowed = [k for k in UNIT_KINDS if KIND_RANK[k] > KIND_RANK[parent_kind]]
        if not allowed:
            raise ValidationError(
                _("A {parent_kind} cannot have units below it.").format(parent_kind=parent_kind), field=field
            )
        raise ValidationError(
            _("A {kind} cannot be inside a {parent_kind}; choose {value}.").format(
                kind=kind, parent_kind=parent_kind, value=" or ".join(allowed)
            ),
            field=field,
        )


def _check_kind_over_children(session: Session, unit_id: int, kind: str) -> None:
    kinds = set(session.execute(select(unit.c.kind).where(unit.c.parent_id == unit_id).distinct()).scalars())
    if not kinds:
        return
    highest = min(kinds, key=KIND_RANK.__getitem__)
    if KIND_RANK[kind] >= KIND_RANK[highest]:
        raise ValidationError(
            _("A {kind} cannot have the {highest} units that are below this one; move them first.").format(
                kind=kind, highest=highest
            ),
            field="kind",
        )


def _check_team_assignments(session: Session, unit_id: int, kind: str) -> None:
    if kind == "team":
        return
    has = session.execute(select(func.count()).where(assignment.c.unit_id == unit_id)).scalar_one()
    if has:
        raise ValidationError(
            _(
                "Coaches are assigned to this team ({has}); only teams have coaches, so it must stay a team."
            ).format(has=has),
            field="kind",
        )


def _reference(session: Session, model, value: Any, *, field: str, what: str) -> int | None:
    return validation.optional_reference(session, value, table=model.__table__, field=field, what=what)


def _external_id(session: Session, value: Any, unit_id: int | None) -> str | None:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        return None
    text = validation.clean_name(text, field="external_id", what=N_("External id"))
    clash = select(unit.c.name).where(func.lower(unit.c.external_id) == text.lower())
    if unit_id is not None:
        clash = clash.where(unit.c.id != unit_id)
    other = session.execute(clash).scalar()
    if other is not None:
        raise ValidationError(
            _("External id {text} is already used by the unit {other!r}.").format(text=text, other=other),
            field="external_id",
        )
    return text


def clean_values(session: Session, values: dict[str, Any], *, unit_id: int | None) -> dict[str, Any]:
    """Validate the editable fields present in `values`; return them as stored."""
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = validation.clean_name(values["name"])
    if "kind" in values:
        clean["kind"] = validation.one_of(values["kind"], UNIT_KINDS, field="kind", what=N_("Kind"))
    if "state" in values:
        clean["state"] = validation.one_of(
            values["state"], ROLLOUT_STATES, field="state", what=N_("Rollout state")
        )
    if "wave_id" in values:
        clean["wave_id"] = _reference(
            session, RolloutWave, values["wave_id"], field="wave_id", what=N_("Wave")
        )
    for field, what in (
        ("lead_id", N_("Lead")),
        ("sponsor_id", N_("Sponsor")),
        ("plo_owner_id", N_("PLO owner")),
    ):
        if field in values:
            clean[field] = _reference(session, Person, values[field], field=field, what=what)
    if "external_id" in values:
        clean["external_id"] = _external_id(session, values["external_id"], unit_id)
    if "exempt" in values:
        clean["exempt"] = bool(values["exempt"])
    if "notes" in values:
        clean["notes"] = validation.clean_text(values["notes"], field="notes", what=N_("Notes"))
    return clean


def _kind_of(session: Session, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    return require_row(session, OrgUnit, unit_id, "unit")["kind"]


# -- writes -------------------------------------------------------------------------------------
def create_unit(*, session: Session, parent_id: int | None, name: str, kind: str, **values: Any) -> int:
    """Add a unit under `parent_id` (None: at the top). Other fields as in EDITABLE."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    clean = clean_values(session, {**values, "name": name, "kind": kind}, unit_id=None)
    parent_kind = _kind_of(session, parent_id)
    check_kind_under(clean["kind"], parent_kind)
    return insert_row(session, OrgUnit, {**clean, "parent_id": parent_id})


def update_unit(
    *,
    session: Session,
    unit_id: int,
    expected_version: int | None,
    values: dict[str, Any],
    original: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Change the editable fields present in `values`; returns the row as it was before.

    `original`: the values the form was opened with (see `records.update_row`).
    """
    current = edited_row(session, OrgUnit, unit_id, "unit")
    clean = clean_values(session, {k: v for k, v in values.items() if k in EDITABLE}, unit_id=unit_id)
    # The kind is checked only when this user changes it: another user's new kind is theirs to check.
    mine = changed_by_user(clean, original)
    if "kind" in mine and mine["kind"] != current["kind"]:
        check_kind_under(clean["kind"], _kind_of(session, current["parent_id"]))
        _check_kind_over_children(session, unit_id, clean["kind"])
        _check_team_assignments(session, unit_id, clean["kind"])
    return update_row(
        session,
        OrgUnit,
        unit_id,
        expected_version=expected_version,
        changes=clean,
        what=N_("unit"),
        original=original,
        validate=lambda merged: clean_values(session, {k: merged[k] for k in EDITABLE}, unit_id=unit_id),
    )


def set_state(*, session: Session, unit_id: int, expected_version: int | None, state: str) -> dict[str, Any]:
    return update_unit(
        session=session, unit_id=unit_id, expected_version=expected_version, values={"state": state}
    )


def move_unit(
    *, session: Session, unit_id: int, expected_version: int | None, new_parent_id: int | None
) -> dict[str, Any]:
    """Put the unit (with its subtree) under `new_parent_id`; never under itself or its own subtree."""
    current = edited_row(session, OrgUnit, unit_id, "unit")
    if new_parent_id is not None:
        target = require_row(session, OrgUnit, new_parent_id, "unit")
        if new_parent_id == unit_id:
            raise ValidationError(
                _("{value} cannot be moved under itself.").format(value=current["name"]), field="parent_id"
            )
        if unit_id in ancestor_path(session, new_parent_id):
            raise ValidationError(
                _("{value} cannot be moved under {value2}: {value2} is inside {value}'s own subtree.").format(
                    value=current["name"], value2=target["name"]
                ),
                field="parent_id",
            )
        check_kind_under(current["kind"], target["kind"], field="parent_id")
    return update_row(
        session,
        OrgUnit,
        unit_id,
        expected_version=expected_version,
        changes={"parent_id": new_parent_id},
        what=N_("unit"),
    )


def delete_unit(
    *,
    session: Session,
    unit_id: int,
    expected_version: int | None,
    cascade: bool = False,
    confirmed: DeletionImpact | None = None,
) -> DeletionImpact:
    """Delete a unit. With children or assignments only with `cascade`, then the whole subtree goes.

    `confirmed` is the impact the user agreed to; if more would go now (someone added units
    meanwhile), nothing is deleted and the user is asked to look again.
    """
    current = require_row(session, OrgUnit, unit_id, "unit")
    impact = deletion_impact(session, unit_id)
    if impact.needs_cascade and not cascade:
        raise ValidationError(
            _("{value} has {describe}; confirm deleting all of it, or move them first.").format(
                value=current["name"], describe=impact.describe()
            )
        )
    if confirmed is not None and _grew(impact, confirmed):
        raise ValidationError(
            _("More would go with {value} than you confirmed ({describe}); delete again to review.").format(
                value=current["name"], describe=impact.describe()
            )
        )
    down = subtree_rows(unit_id)
    rows = session.execute(select(down.c.id, down.c.parent_id)).all()
    order = _deepest_first(unit_id, rows)
    _unlink_dependents(session, order)
    for child_id in order:
        version = expected_version if child_id == unit_id else None
        delete_row(session, OrgUnit, child_id, expected_version=version, what=N_("unit"))
    return impact


def _grew(now: DeletionImpact, confirmed: DeletionImpact) -> bool:
    return (
        now.units > confirmed.units
        or now.assignments > confirmed.assignments
        or now.events > confirmed.events
    )


def _deepest_first(root: int, rows: list[tuple[int, int | None]]) -> list[int]:
    """Subtree ids ordered so that every child comes before its parent (the FK restricts)."""
    kids: dict[int | None, list[int]] = {}
    for uid, parent_id in rows:
        if uid != root:
            kids.setdefault(parent_id, []).append(uid)
    ordered: list[int] = []
    stack, seen = [root], set()
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        ordered.append(uid)
        stack.extend(kids.get(uid, []))
    return ordered[::-1]


def _unlink_dependents(session: Session, unit_ids: list[int]) -> None:
    """Delete assignments and events, clear stakeholder and home-unit links — each audited."""
    for start in range(0, len(unit_ids), IN_CHUNK):
        chunk = unit_ids[start : start + IN_CHUNK]
        for (row_id,) in session.execute(
            select(assignment.c.id).where(assignment.c.unit_id.in_(chunk))
        ).all():
            delete_row(session, Assignment, row_id, expected_version=None, what=N_("assignment"))
        for (row_id,) in session.execute(select(event.c.id).where(event.c.unit_id.in_(chunk))).all():
            delete_row(session, CycleEvent, row_id, expected_version=None, what=N_("event"))
        for (row_id,) in session.execute(
            select(stakeholder.c.id).where(stakeholder.c.unit_id.in_(chunk))
        ).all():
            update_row(
                session,
                Stakeholder,
                row_id,
                expected_version=None,
                changes={"unit_id": None},
                what=N_("stakeholder"),
            )
        for (row_id,) in session.execute(select(person.c.id).where(person.c.home_unit_id.in_(chunk))).all():
            update_row(
                session,
                Person,
                row_id,
                expected_version=None,
                changes={"home_unit_id": None},
                what=N_("person"),
            )
