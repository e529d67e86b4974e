"""Org units: the tree's reads (children, paths, filter, detail) and its audited, validated writes.

Kinds nest strictly downwards: company → division → department → team. A child's kind must be
below its parent's, so a company is only ever at the top and a team never has children; a move
or a change of kind that would break this is refused. Tree walks use recursive CTEs built with
SQLAlchemy Core (UNION, not UNION ALL, so even a damaged file with a parent loop terminates).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import (
    ROLLOUT_STATES,
    UNIT_KINDS,
    Assignment,
    Cycle,
    CycleEvent,
    OrgUnit,
    Person,
    RolloutWave,
    Stakeholder,
)
from okr_cockpit.errors import ValidationError
from okr_cockpit.services import validation
from okr_cockpit.services.audit import Change, recent_changes
from okr_cockpit.services.coverage import has_primary_coach, teams_needing_coach
from okr_cockpit.services.records import delete_row, insert_row, require_row, update_row
from okr_cockpit.services.search import like_pattern

unit = OrgUnit.__table__
wave = RolloutWave.__table__
person = Person.__table__
assignment = Assignment.__table__
event = CycleEvent.__table__
cycle = Cycle.__table__
stakeholder = Stakeholder.__table__

KIND_RANK = {kind: rank for rank, kind in enumerate(UNIT_KINDS)}
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
# SQLite allows 32,766 bound parameters; stay far below for other backends too.
IN_CHUNK = 500


# -- plain types the UI consumes ---------------------------------------------------------------
@dataclass(frozen=True)
class UnitNode:
    """One line of the tree."""

    id: int
    parent_id: int | None
    name: str
    kind: str
    state: str
    wave: str | None
    child_count: int
    version: int


@dataclass(frozen=True)
class EventLine:
    start_on: date
    kind: str
    cycle: str
    scope: str  # the unit's own name, an ancestor's, or "org-wide"


@dataclass(frozen=True)
class StakeholderLine:
    name: str
    role: str
    attitude: str


@dataclass(frozen=True)
class UnitDetail:
    id: int
    version: int
    name: str
    kind: str
    parent_id: int | None
    parent: str | None
    wave_id: int | None
    wave: str | None
    state: str
    lead_id: int | None
    lead: str | None
    sponsor_id: int | None
    sponsor: str | None
    plo_owner_id: int | None
    plo_owner: str | None
    external_id: str | None
    exempt: bool
    notes: str
    teams_below: int  # every team in the subtree (the unit itself if it is a team)
    teams_needing_coach: int  # the Overview's definition: active wave, not exempt
    teams_with_primary: int
    next_events: tuple[EventLine, ...]
    stakeholders: tuple[StakeholderLine, ...]
    stakeholders_total: int
    changes: tuple[Change, ...]

    @property
    def teams_without_primary(self) -> int:
        return self.teams_needing_coach - self.teams_with_primary


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
            _count(self.units, "unit below it", "units below it"),
            _count(self.assignments, "coach assignment", "coach assignments"),
            _count(self.events, "event", "events"),
        ]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return parts[0] if parts else ""


@dataclass(frozen=True)
class FilterResult:
    """Units matching a filter plus all their ancestors, as tree lines."""

    nodes: tuple[UnitNode, ...]
    matches: frozenset[int]
    truncated: bool  # more units matched than the limit


@dataclass(frozen=True)
class SubtreeLevels:
    """Children of every unit in the first `levels` levels below a unit (for "expand all")."""

    children: dict[int, list[UnitNode]]
    levels: int
    complete: bool  # False when the next level was too big to load
    next_level_size: int  # units in the level that was not loaded (0 when complete)


def _count(number: int, one: str, many: str) -> str:
    if not number:
        return ""
    return f"{number:,} {one if number == 1 else many}"


# -- tree walks ----------------------------------------------------------------------------------
def child_count():
    """Correlated subquery: how many children the outer `unit` row has (uses the parent_id index)."""
    inner = unit.alias("child")
    return select(func.count()).where(inner.c.parent_id == unit.c.id).scalar_subquery()


def _node_select():
    return select(
        unit.c.id,
        unit.c.parent_id,
        unit.c.name,
        unit.c.kind,
        unit.c.state,
        wave.c.name,
        child_count(),
        unit.c.version,
    ).outerjoin(wave, wave.c.id == unit.c.wave_id)


# Siblings sort by kind (a department's teams before any odd mix), then by name.
KIND_ORDER = case(KIND_RANK, value=unit.c.kind, else_=len(UNIT_KINDS))


def _order(query):
    return query.order_by(KIND_ORDER, func.lower(unit.c.name), unit.c.id)


def children(session: Session, parent_id: int | None, *, limit: int | None = None) -> list[UnitNode]:
    """The direct children of a unit (top-level units for None), sorted by kind and name."""
    where = unit.c.parent_id.is_(None) if parent_id is None else unit.c.parent_id == parent_id
    query = _order(_node_select().where(where))
    if limit is not None:
        query = query.limit(limit)
    return [UnitNode(*row) for row in session.execute(query)]


def children_of_many(session: Session, parent_ids: Iterable[int]) -> dict[int, list[UnitNode]]:
    """Children of each given unit, in one query per chunk (reloading every expanded node at once)."""
    ids = sorted(set(parent_ids))
    found: dict[int, list[UnitNode]] = {i: [] for i in ids}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        for row in session.execute(_order(_node_select().where(unit.c.parent_id.in_(chunk)))):
            node = UnitNode(*row)
            found[node.parent_id].append(node)  # type: ignore[index]
    return found


def nodes_by_id(session: Session, unit_ids: Iterable[int]) -> list[UnitNode]:
    ids = sorted(set(unit_ids))
    nodes: list[UnitNode] = []
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        nodes += [
            UnitNode(*row) for row in session.execute(_order(_node_select().where(unit.c.id.in_(chunk))))
        ]
    return nodes


def _ancestor_rows(start):
    """Recursive CTE of (id, parent_id) from the units in `start` (a select of ids) up to the top."""
    up = select(unit.c.id, unit.c.parent_id).where(unit.c.id.in_(start)).cte("up", recursive=True)
    return up.union(select(unit.c.id, unit.c.parent_id).join(up, unit.c.id == up.c.parent_id))


def _subtree_rows(unit_id: int):
    """Recursive CTE of (id, parent_id) for a unit and everything below it."""
    down = select(unit.c.id, unit.c.parent_id).where(unit.c.id == unit_id).cte("down", recursive=True)
    return down.union(select(unit.c.id, unit.c.parent_id).join(down, unit.c.parent_id == down.c.id))


def ancestor_path(session: Session, unit_id: int) -> list[int]:
    """Ids from the top-level unit down to `unit_id` itself; [] when the unit does not exist."""
    up = _ancestor_rows(select(unit.c.id).where(unit.c.id == unit_id))
    parent_of = dict(session.execute(select(up.c.id, up.c.parent_id)).all())
    path: list[int] = []
    current: int | None = unit_id if unit_id in parent_of else None
    while current is not None and current not in path:
        path.append(current)
        current = parent_of.get(current)
    return path[::-1]


def subtree_ids(session: Session, unit_id: int) -> list[int]:
    down = _subtree_rows(unit_id)
    return list(session.execute(select(down.c.id)).scalars())


def descendant_count(session: Session, unit_id: int) -> int:
    down = _subtree_rows(unit_id)
    return session.execute(select(func.count()).select_from(down)).scalar_one() - 1


def subtree_levels(session: Session, unit_id: int, *, cap: int) -> SubtreeLevels:
    """Load the subtree level by level, stopping before a level would take the total over `cap`."""
    loaded: dict[int, list[UnitNode]] = {}
    level = [unit_id]
    total = levels = 0
    while level:
        sizes = _child_counts(session, level)
        size = sum(sizes.values())
        if size == 0:
            return SubtreeLevels(loaded, levels, True, 0)
        if total + size > cap:
            return SubtreeLevels(loaded, levels, False, size)
        found = children_of_many(session, [i for i in level if sizes.get(i)])
        loaded.update(found)
        total += size
        levels += 1
        level = [child.id for kids in found.values() for child in kids if child.child_count]
    return SubtreeLevels(loaded, levels, True, 0)


def _child_counts(session: Session, parent_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(parent_ids), IN_CHUNK):
        chunk = parent_ids[start : start + IN_CHUNK]
        counts.update(
            session.execute(
                select(unit.c.parent_id, func.count())
                .where(unit.c.parent_id.in_(chunk))
                .group_by(unit.c.parent_id)
            ).all()
        )
    return counts


def filter_units(session: Session, query: str, *, limit: int = 200) -> FilterResult:
    """Units whose name matches `query` (at most `limit`) together with all their ancestors."""
    pattern = like_pattern(query.strip())
    matched = list(
        session.execute(
            select(unit.c.id)
            .where(unit.c.name.ilike(pattern, escape="\\"))
            .order_by(func.lower(unit.c.name), unit.c.id)
            .limit(limit + 1)
        ).scalars()
    )
    truncated = len(matched) > limit
    matched = matched[:limit]
    if not matched:
        return FilterResult((), frozenset(), False)
    up = _ancestor_rows(select(unit.c.id).where(unit.c.id.in_(matched)))
    ids = session.execute(select(up.c.id)).scalars().all()
    return FilterResult(tuple(nodes_by_id(session, ids)), frozenset(matched), truncated)


def wave_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every wave in plan order, for the form's select."""
    return [
        tuple(r) for r in session.execute(select(wave.c.id, wave.c.name).order_by(wave.c.position, wave.c.id))
    ]


def search_units(session: Session, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, "kind · in parent") of units whose name matches, for the move picker."""
    parent = unit.alias("parent")
    rows = session.execute(
        select(unit.c.id, unit.c.name, unit.c.kind, parent.c.name)
        .outerjoin(parent, parent.c.id == unit.c.parent_id)
        .where(unit.c.name.ilike(like_pattern(query), escape="\\"))
        .order_by(KIND_ORDER, func.lower(unit.c.name), unit.c.id)
        .limit(limit)
    ).all()
    return [(uid, name, f"{kind} · in {up}" if up else f"{kind} · top level") for uid, name, kind, up in rows]


# -- detail ------------------------------------------------------------------------------------------
def unit_detail(
    session: Session, unit_id: int, *, today: date, events: int = 5, changes: int = 5
) -> UnitDetail | None:
    """Everything the detail pane shows about one unit; None when it no longer exists."""
    lead, sponsor, owner = person.alias("lead"), person.alias("sponsor"), person.alias("owner")
    parent = unit.alias("parent")
    row = session.execute(
        select(unit, parent.c.name.label("parent_name"), wave.c.name.label("wave_name"))
        .add_columns(lead.c.name.label("lead"), sponsor.c.name.label("sponsor"), owner.c.name.label("owner"))
        .outerjoin(parent, parent.c.id == unit.c.parent_id)
        .outerjoin(wave, wave.c.id == unit.c.wave_id)
        .outerjoin(lead, lead.c.id == unit.c.lead_id)
        .outerjoin(sponsor, sponsor.c.id == unit.c.sponsor_id)
        .outerjoin(owner, owner.c.id == unit.c.plo_owner_id)
        .where(unit.c.id == unit_id)
    ).first()
    if row is None:
        return None
    teams, needing, covered = _team_coverage(session, unit_id, today)
    people_rows, total = _stakeholders(session, unit_id)
    return UnitDetail(
        id=row.id,
        version=row.version,
        name=row.name,
        kind=row.kind,
        parent_id=row.parent_id,
        parent=row.parent_name,
        wave_id=row.wave_id,
        wave=row.wave_name,
        state=row.state,
        lead_id=row.lead_id,
        lead=row.lead,
        sponsor_id=row.sponsor_id,
        sponsor=row.sponsor,
        plo_owner_id=row.plo_owner_id,
        plo_owner=row.owner,
        external_id=row.external_id,
        exempt=bool(row.exempt),
        notes=row.notes,
        teams_below=teams,
        teams_needing_coach=needing,
        teams_with_primary=covered,
        next_events=tuple(_next_events(session, unit_id, today, events)),
        stakeholders=people_rows,
        stakeholders_total=total,
        changes=tuple(recent_changes(session, entity="org_unit", entity_id=unit_id, limit=changes)),
    )


def _team_coverage(session: Session, unit_id: int, today: date) -> tuple[int, int, int]:
    """(teams, teams needing a primary coach, of those covered) in the subtree — coverage.py's rules."""
    down = _subtree_rows(unit_id)
    needing = teams_needing_coach(session)
    return tuple(
        session.execute(
            select(
                func.count().filter(unit.c.kind == "team"),
                func.count().filter(needing),
                func.count().filter(and_(needing, has_primary_coach(today))),
            ).where(unit.c.id.in_(select(down.c.id)))
        ).one()
    )  # type: ignore[return-value]


def _next_events(session: Session, unit_id: int, today: date, limit: int) -> list[EventLine]:
    """Planned events ahead for this unit: its own, its ancestors' and org-wide ones."""
    path = ancestor_path(session, unit_id)
    scope = unit.alias("scope")
    rows = session.execute(
        select(event.c.start_on, event.c.kind, cycle.c.name, scope.c.name)
        .join(cycle, cycle.c.id == event.c.cycle_id)
        .outerjoin(scope, scope.c.id == event.c.unit_id)
        .where(
            or_(event.c.unit_id.in_(path), event.c.unit_id.is_(None)),
            event.c.status == "planned",
            event.c.start_on >= today,
        )
        .order_by(event.c.start_on, event.c.id)
        .limit(limit)
    ).all()
    return [EventLine(start, kind, cyc, name or "org-wide") for start, kind, cyc, name in rows]


def _stakeholders(session: Session, unit_id: int, limit: int = 6) -> tuple[tuple[StakeholderLine, ...], int]:
    where = and_(stakeholder.c.unit_id == unit_id, stakeholder.c.archived.is_(False))
    rows = session.execute(
        select(stakeholder.c.name, stakeholder.c.role, stakeholder.c.attitude)
        .where(where)
        .order_by(stakeholder.c.influence.desc(), func.lower(stakeholder.c.name))
        .limit(limit)
    ).all()
    total = session.execute(select(func.count()).where(where)).scalar_one()
    return tuple(StakeholderLine(*r) for r in rows), total


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
            raise ValidationError(f"A {parent_kind} cannot have units below it.", field=field)
        raise ValidationError(
            f"A {kind} cannot be inside a {parent_kind}; choose {' or '.join(allowed)}.", field=field
        )


def _check_kind_over_children(session: Session, unit_id: int, kind: str) -> None:
    kinds = set(session.execute(select(unit.c.kind).where(unit.c.parent_id == unit_id).distinct()).scalars())
    if not kinds:
        return
    highest = min(kinds, key=KIND_RANK.__getitem__)
    if KIND_RANK[kind] >= KIND_RANK[highest]:
        raise ValidationError(
            f"A {kind} cannot have the {highest} units that are below this one; move them first.",
            field="kind",
        )


def _check_team_assignments(session: Session, unit_id: int, kind: str) -> None:
    if kind == "team":
        return
    has = session.execute(select(func.count()).where(assignment.c.unit_id == unit_id)).scalar_one()
    if has:
        raise ValidationError(
            f"Coaches are assigned to this team ({has}); only teams have coaches, so it must stay a team.",
            field="kind",
        )


def _optional_id(value: Any, *, field: str, what: str) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what} is not a valid choice.", field=field) from None


def _reference(session: Session, model, value: Any, *, field: str, what: str) -> int | None:
    ref = _optional_id(value, field=field, what=what)
    if (
        ref is not None
        and session.execute(select(model.__table__.c.id).where(model.__table__.c.id == ref)).first() is None
    ):
        raise ValidationError(f"That {what.lower()} no longer exists; pick another.", field=field)
    return ref


def _external_id(session: Session, value: Any, unit_id: int | None) -> str | None:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        return None
    text = validation.clean_name(text, field="external_id", what="External id")
    clash = select(unit.c.name).where(func.lower(unit.c.external_id) == text.lower())
    if unit_id is not None:
        clash = clash.where(unit.c.id != unit_id)
    other = session.execute(clash).scalar()
    if other is not None:
        raise ValidationError(
            f"External id {text} is already used by the unit {other!r}.", field="external_id"
        )
    return text


def clean_values(session: Session, values: dict[str, Any], *, unit_id: int | None) -> dict[str, Any]:
    """Validate the editable fields present in `values`; return them as stored."""
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = validation.clean_name(values["name"])
    if "kind" in values:
        clean["kind"] = validation.one_of(values["kind"], UNIT_KINDS, field="kind", what="Kind")
    if "state" in values:
        clean["state"] = validation.one_of(
            values["state"], ROLLOUT_STATES, field="state", what="Rollout state"
        )
    if "wave_id" in values:
        clean["wave_id"] = _reference(session, RolloutWave, values["wave_id"], field="wave_id", what="Wave")
    for field, what in (("lead_id", "Lead"), ("sponsor_id", "Sponsor"), ("plo_owner_id", "PLO owner")):
        if field in values:
            clean[field] = _reference(session, Person, values[field], field=field, what=what)
    if "external_id" in values:
        clean["external_id"] = _external_id(session, values["external_id"], unit_id)
    if "exempt" in values:
        clean["exempt"] = bool(values["exempt"])
    if "notes" in values:
        clean["notes"] = validation.clean_text(values["notes"], field="notes", what="Notes")
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
    *, session: Session, unit_id: int, expected_version: int | None, values: dict[str, Any]
) -> dict[str, Any]:
    """Change the editable fields present in `values`; returns the row as it was before."""
    current = require_row(session, OrgUnit, unit_id, "unit")
    clean = clean_values(session, {k: v for k, v in values.items() if k in EDITABLE}, unit_id=unit_id)
    if "kind" in clean and clean["kind"] != current["kind"]:
        check_kind_under(clean["kind"], _kind_of(session, current["parent_id"]))
        _check_kind_over_children(session, unit_id, clean["kind"])
        _check_team_assignments(session, unit_id, clean["kind"])
    return update_row(
        session, OrgUnit, unit_id, expected_version=expected_version, changes=clean, what="unit"
    )


def set_state(*, session: Session, unit_id: int, expected_version: int | None, state: str) -> dict[str, Any]:
    return update_unit(
        session=session, unit_id=unit_id, expected_version=expected_version, values={"state": state}
    )


def move_unit(
    *, session: Session, unit_id: int, expected_version: int | None, new_parent_id: int | None
) -> dict[str, Any]:
    """Put the unit (with its subtree) under `new_parent_id`; never under itself or its own subtree."""
    current = require_row(session, OrgUnit, unit_id, "unit")
    if new_parent_id is not None:
        target = require_row(session, OrgUnit, new_parent_id, "unit")
        if new_parent_id == unit_id:
            raise ValidationError(f"{current['name']} cannot be moved under itself.", field="parent_id")
        if unit_id in ancestor_path(session, new_parent_id):
            raise ValidationError(
                f"{current['name']} cannot be moved under {target['name']}: "
                f"{target['name']} is inside {current['name']}'s own subtree.",
                field="parent_id",
            )
        check_kind_under(current["kind"], target["kind"], field="parent_id")
    return update_row(
        session,
        OrgUnit,
        unit_id,
        expected_version=expected_version,
        changes={"parent_id": new_parent_id},
        what="unit",
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
            f"{current['name']} has {impact.describe()}; confirm deleting all of it, or move them first."
        )
    if confirmed is not None and _grew(impact, confirmed):
        raise ValidationError(
            f"More would go with {current['name']} than you confirmed ({impact.describe()}); "
            "delete again to review."
        )
    down = _subtree_rows(unit_id)
    rows = session.execute(select(down.c.id, down.c.parent_id)).all()
    order = _deepest_first(unit_id, rows)
    _unlink_dependents(session, order)
    for child_id in order:
        version = expected_version if child_id == unit_id else None
        delete_row(session, OrgUnit, child_id, expected_version=version, what="unit")
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
            delete_row(session, Assignment, row_id, expected_version=None, what="assignment")
        for (row_id,) in session.execute(select(event.c.id).where(event.c.unit_id.in_(chunk))).all():
            delete_row(session, CycleEvent, row_id, expected_version=None, what="event")
        for (row_id,) in session.execute(
            select(stakeholder.c.id).where(stakeholder.c.unit_id.in_(chunk))
        ).all():
            update_row(
                session,
                Stakeholder,
                row_id,
                expected_version=None,
                changes={"unit_id": None},
                what="stakeholder",
            )
        for (row_id,) in session.execute(select(person.c.id).where(person.c.home_unit_id.in_(chunk))).all():
            update_row(
                session, Person, row_id, expected_version=None, changes={"home_unit_id": None}, what="person"
            )
