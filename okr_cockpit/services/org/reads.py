"""Org units, read side: the tree's children, paths, filter, "expand all", pickers and the detail pane.

Siblings sort by kind, then by name. Tree walks use recursive CTEs built with SQLAlchemy Core
(UNION, not UNION ALL, so even a damaged file with a parent loop terminates). The writes and
their validation are in `org_units.py`, which uses the walks defined here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded, folded_like, like_pattern
from okr_cockpit.db.models import UNIT_KINDS
from okr_cockpit.db.tables import cycle, event, person, stakeholder, unit, wave
from okr_cockpit.i18n import _
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.audit import Change, recent_changes
from okr_cockpit.services.coaching.coverage import has_primary_coach, teams_needing_coach
from okr_cockpit.services.labels import ORG_WIDE

KIND_RANK = {kind: rank for rank, kind in enumerate(UNIT_KINDS)}

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
    scope: str  # the unit's own name, an ancestor's, or _(ORG_WIDE)


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
    return query.order_by(KIND_ORDER, folded(unit.c.name), unit.c.id)


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


def subtree_rows(unit_id: int):
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
    down = subtree_rows(unit_id)
    return list(session.execute(select(down.c.id)).scalars())


def descendant_count(session: Session, unit_id: int) -> int:
    down = subtree_rows(unit_id)
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
            .where(folded_like(unit.c.name, pattern))
            .order_by(folded(unit.c.name), unit.c.id)
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
        .where(folded_like(unit.c.name, like_pattern(query)))
        .order_by(KIND_ORDER, folded(unit.c.name), unit.c.id)
        .limit(limit)
    ).all()
    return [
        (
            uid,
            name,
            _("{kind} · in {parent}").format(kind=value_word(kind), parent=up)
            if up
            else _("{kind} · top level").format(kind=value_word(kind)),
        )
        for uid, name, kind, up in rows
    ]


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
    down = subtree_rows(unit_id)
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
    return [EventLine(start, kind, cyc, name or _(ORG_WIDE)) for start, kind, cyc, name in rows]


def _stakeholders(session: Session, unit_id: int, limit: int = 6) -> tuple[tuple[StakeholderLine, ...], int]:
    where = and_(stakeholder.c.unit_id == unit_id, stakeholder.c.archived.is_(False))
    rows = session.execute(
        select(stakeholder.c.name, stakeholder.c.role, stakeholder.c.attitude)
        .where(where)
        .order_by(stakeholder.c.influence.desc(), folded(stakeholder.c.name))
        .limit(limit)
    ).all()
    total = session.execute(select(func.count()).where(where)).scalar_one()
    return tuple(StakeholderLine(*r) for r in rows), total
