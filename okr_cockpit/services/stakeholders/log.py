"""The stakeholder register: paged, sorted and narrowed in SQL; add, edit, archive; grid and overdue lists.

The large demo holds 2,000 stakeholders and 100,000 interactions, so every list here is a page
(LIMIT/OFFSET) and every total a COUNT: a screen loads only the rows it shows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold, folded, folded_like, like_pattern
from okr_cockpit.db.models import ATTITUDES, Stakeholder
from okr_cockpit.db.position import position_of
from okr_cockpit.db.tables import interaction, person, stakeholder, unit
from okr_cockpit.i18n import N_, _
from okr_cockpit.services import validation as check
from okr_cockpit.services.records import fetch_row, insert_row, update_row

owner = person.alias("owner")

# Influence and interest run 1–5; 4 and 5 count as high. 3 is the middle of the scale and counts as
# low, so a quadrant such as "manage closely" holds only those who clearly matter on both axes.
HIGH = 4
QUADRANTS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
QUADRANT_WORDS = {
    "manage_closely": N_("Manage closely"),
    "keep_satisfied": N_("Keep satisfied"),
    "keep_informed": N_("Keep informed"),
    "monitor": N_("Monitor"),
}


def quadrant_of(influence: int, interest: int) -> str:
    if influence >= HIGH:
        return "manage_closely" if interest >= HIGH else "keep_satisfied"
    return "keep_informed" if interest >= HIGH else "monitor"


def open_follow_up():
    """A follow-up that was written down and is not done yet (due or not)."""
    return interaction.c.follow_up_done.is_(None) & (func.length(func.trim(interaction.c.follow_up)) > 0)


last_contact_col = (
    select(func.max(interaction.c.occurred_on))
    .where(interaction.c.stakeholder_id == stakeholder.c.id)
    .scalar_subquery()
)
open_count_col = (
    select(func.count())
    .where(interaction.c.stakeholder_id == stakeholder.c.id, open_follow_up())
    .scalar_subquery()
)
open_counts = (
    select(interaction.c.stakeholder_id, func.count().label("open"))
    .where(open_follow_up())
    .group_by(interaction.c.stakeholder_id)
    .subquery("open_counts")
)
# Attitudes sort from champion to blocker, not alphabetically.
_attitude_rank = {a: i for i, a in enumerate(ATTITUDES)}
SORT_COLUMNS: dict[str, Any] = {
    "name": folded(stakeholder.c.name),
    "role": folded(stakeholder.c.role),
    "unit": folded(unit.c.name),
    "internal": stakeholder.c.internal,
    "influence": stakeholder.c.influence,
    "interest": stakeholder.c.interest,
    "attitude": case(_attitude_rank, value=stakeholder.c.attitude, else_=99),
    "desired_attitude": case(_attitude_rank, value=stakeholder.c.desired_attitude, else_=99),
    "owner": folded(owner.c.name),
    "last_contact": last_contact_col,
    # Sorting by a per-row COUNT would count every stakeholder's log row by row; one grouped pass
    # over the interactions is ~3x faster on the large demo (see _base).
    "open_follow_ups": func.coalesce(open_counts.c.open, 0),
}


@dataclass(frozen=True)
class RegisterQuery:
    """What the register shows: text filter, narrowing, archived or not, and the order."""

    text: str = ""
    attitude: str | None = None
    owner_id: int | None = None
    unit_id: int | None = None
    include_archived: bool = False
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class StakeholderRow:
    id: int
    name: str
    role: str
    unit: str
    internal: bool
    influence: int
    interest: int
    attitude: str
    desired_attitude: str
    owner: str
    last_contact: date | None
    open_follow_ups: int
    archived: bool
    version: int

    @property
    def quadrant(self) -> str:
        return quadrant_of(self.influence, self.interest)


@dataclass(frozen=True)
class RegisterPage:
    rows: tuple[StakeholderRow, ...]
    total: int
    offset: int


def _base(query: RegisterQuery | None = None):
    joined = stakeholder.outerjoin(unit, unit.c.id == stakeholder.c.unit_id).outerjoin(
        owner, owner.c.id == stakeholder.c.owner_id
    )
    if query is not None and query.sort == "open_follow_ups":
        joined = joined.outerjoin(open_counts, open_counts.c.stakeholder_id == stakeholder.c.id)
    return joined


def _where(query: RegisterQuery) -> list:
    conditions = []
    if not query.include_archived:
        conditions.append(stakeholder.c.archived.is_(False))
    if query.attitude:
        conditions.append(stakeholder.c.attitude == query.attitude)
    if query.owner_id is not None:
        conditions.append(stakeholder.c.owner_id == query.owner_id)
    if query.unit_id is not None:
        conditions.append(stakeholder.c.unit_id == query.unit_id)
    if query.text.strip():
        pattern = like_pattern(query.text.strip())
        fields = (stakeholder.c.name, stakeholder.c.role, unit.c.name, owner.c.name)
        conditions.append(or_(*(folded_like(func.coalesce(f, ""), pattern) for f in fields)))
    return conditions


def _order(query: RegisterQuery) -> list:
    column = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["name"])
    # Empty values last in either direction; the id keeps pages stable when values tie.
    ordered = column.desc() if query.descending else column.asc()
    tie = stakeholder.c.id.desc() if query.descending else stakeholder.c.id.asc()
    return [column.is_(None), ordered, tie]


def _row_columns() -> tuple:
    """The columns of a StakeholderRow, labelled with its field names."""
    s = stakeholder.c
    return (
        *(s[name] for name in ("id", "name", "role", "internal", "influence", "interest", "attitude")),
        *(s[name] for name in ("desired_attitude", "archived", "version")),
        func.coalesce(unit.c.name, "").label("unit"),
        func.coalesce(owner.c.name, "").label("owner"),
        last_contact_col.label("last_contact"),
        open_count_col.label("open_follow_ups"),
    )


def register_total(session: Session, *, query: RegisterQuery) -> int:
    """How many stakeholders the register lists as filtered."""
    return session.execute(select(func.count()).select_from(_base()).where(*_where(query))).scalar_one()


def register_rows(session: Session, offset: int, limit: int, *, query: RegisterQuery) -> list[StakeholderRow]:
    """The register's rows from `offset` on (a window of the scrolling list)."""
    rows = session.execute(
        select(*_row_columns())
        .select_from(_base(query))
        .where(*_where(query))
        .order_by(*_order(query))
        .offset(offset)
        .limit(limit)
    ).mappings()
    return [StakeholderRow(**row) for row in rows]


def register_page(
    session: Session, *, query: RegisterQuery, offset: int = 0, limit: int = 100
) -> RegisterPage:
    """One page; an offset past the end gives the last page."""
    total = register_total(session, query=query)
    if offset >= total:
        offset = max(0, total - 1) // limit * limit
    rows = register_rows(session, max(0, offset), limit, query=query)
    return RegisterPage(tuple(rows), total, max(0, offset))


def register_position(session: Session, *, query: RegisterQuery, stakeholder_id: int) -> int | None:
    """Where a stakeholder stands in the register as filtered and sorted (0-based), or None."""
    ids = select(stakeholder.c.id).select_from(_base(query)).where(*_where(query))
    return position_of(session, ids, order_by=_order(query), wanted=stakeholder_id)


# -- one stakeholder --------------------------------------------------------------------------
@dataclass(frozen=True)
class StakeholderRecord:
    """One stakeholder as the edit form needs it: column values plus the names behind the ids."""

    values: dict[str, Any]
    unit: str
    owner: str


def stakeholder_record(session: Session, stakeholder_id: int) -> StakeholderRecord | None:
    row = fetch_row(session, Stakeholder, stakeholder_id)
    if row is None:
        return None
    names = {
        key: session.execute(select(table.c.name).where(table.c.id == row[key])).scalar() or ""
        for key, table in (("unit_id", unit), ("owner_id", person))
        if row[key] is not None
    }
    return StakeholderRecord(row, names.get("unit_id", ""), names.get("owner_id", ""))


def clean_stakeholder(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """The form's values checked and converted; ValidationError names the form field."""
    return {
        "name": check.clean_name(values.get("name")),
        "role": check.clean_text(values.get("role"), field="role", what=N_("Role"))[:200],
        "is_group": bool(values.get("is_group", False)),
        "internal": bool(values.get("internal", True)),
        "unit_id": check.optional_reference(
            session, values.get("unit_id"), table=unit, field="unit_id", what=N_("Unit")
        ),
        "influence": check.int_in_range(
            values.get("influence", 3), 1, 5, field="influence", what=N_("Influence")
        ),
        "interest": check.int_in_range(
            values.get("interest", 3), 1, 5, field="interest", what=N_("Interest")
        ),
        "attitude": check.one_of(
            values.get("attitude", ""), ATTITUDES, field="attitude", what=N_("Attitude")
        ),
        "desired_attitude": check.one_of(
            values.get("desired_attitude", ""),
            ATTITUDES,
            field="desired_attitude",
            what=N_("Desired attitude"),
        ),
        "owner_id": check.optional_reference(
            session, values.get("owner_id"), table=person, field="owner_id", what=N_("Owner")
        ),
        "notes": check.clean_text(values.get("notes"), field="notes", what=N_("Notes")),
    }


def create_stakeholder(session: Session, *, values: dict[str, Any]) -> int:
    return insert_row(session, Stakeholder, clean_stakeholder(session, values))


def update_stakeholder(
    session: Session,
    stakeholder_id: int,
    *,
    values: dict[str, Any],
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> dict[str, Any]:
    changes = clean_stakeholder(session, values)
    return update_row(
        session,
        Stakeholder,
        stakeholder_id,
        expected_version=expected_version,
        changes=changes,
        what=N_("stakeholder"),
        original=original,
        validate=lambda merged: clean_stakeholder(session, merged),
    )


def set_archived(
    session: Session, stakeholder_id: int, *, archived: bool, expected_version: int | None
) -> dict[str, Any]:
    """Archive (hide) or restore a stakeholder; its interactions stay untouched either way."""
    return update_row(
        session,
        Stakeholder,
        stakeholder_id,
        expected_version=expected_version,
        changes={"archived": archived},
        what=N_("stakeholder"),
    )


# -- lookups for pickers ----------------------------------------------------------------------
def _find(session: Session, table, detail, text: str, limit: int, *where) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(table.c.id, table.c.name, detail)
        .where(folded_like(table.c.name, like_pattern(text)), *where)
        .order_by(folded(table.c.name), table.c.id)
        .limit(limit)
    )
    return [tuple(r) for r in rows]


def find_units(session: Session, text: str, *, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, kind) of units whose name matches."""
    return _find(session, unit, unit.c.kind, text, limit)


def find_people(session: Session, text: str, *, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, title) of active people whose name matches."""
    return _find(session, person, person.c.title, text, limit, person.c.active.is_(True))


def narrowing_options(session: Session, text: str, *, limit: int = 30) -> list[tuple[str, Any, str, int]]:
    """(kind, value, label, count) to narrow the register by: attitudes, owners and units in use."""
    pattern = like_pattern(text)
    live = stakeholder.c.archived.is_(False)
    found: list[tuple[str, Any, str, int]] = []
    by_attitude = select(stakeholder.c.attitude, func.count()).where(live).group_by(stakeholder.c.attitude)
    counts = dict(session.execute(by_attitude).all())
    needle = fold(text.strip())
    for attitude in ATTITUDES:
        if needle in attitude or needle in "attitude":
            found.append(("attitude", attitude, attitude, counts.get(attitude, 0)))
    for kind, table, key in (
        ("owner", person, stakeholder.c.owner_id),
        ("unit", unit, stakeholder.c.unit_id),
    ):
        rows = session.execute(
            select(table.c.id, table.c.name, func.count())
            .join(table, table.c.id == key)
            .where(live, folded_like(table.c.name, pattern))
            .group_by(table.c.id, table.c.name)
            .order_by(folded(table.c.name))
            .limit(limit)
        )
        found.extend((kind, row_id, name, count) for row_id, name, count in rows)
    return found


# -- influence × interest grid ------------------------------------------------------------------
@dataclass(frozen=True)
class GridEntry:
    id: int
    name: str
    influence: int
    interest: int
    attitude: str


@dataclass(frozen=True)
class Quadrant:
    key: str
    entries: tuple[GridEntry, ...]
    total: int

    @property
    def title(self) -> str:
        return _(QUADRANT_WORDS[self.key])


def _quadrant_condition(key: str):
    high_influence = stakeholder.c.influence >= HIGH
    high_interest = stakeholder.c.interest >= HIGH
    return {
        "manage_closely": high_influence & high_interest,
        "keep_satisfied": high_influence & ~high_interest,
        "keep_informed": ~high_influence & high_interest,
        "monitor": ~high_influence & ~high_interest,
    }[key]


def influence_grid(session: Session, *, per_quadrant: int = 200) -> dict[str, Quadrant]:
    """The four quadrants of active stakeholders, strongest first; at most `per_quadrant` listed each."""
    grid = {}
    live = stakeholder.c.archived.is_(False)
    s = stakeholder.c
    for key in QUADRANTS:
        condition = _quadrant_condition(key)
        total = session.execute(select(func.count()).where(live, condition)).scalar_one()
        rows = session.execute(
            select(s.id, s.name, s.influence, s.interest, s.attitude)
            .where(live, condition)
            .order_by(s.influence.desc(), s.interest.desc(), folded(s.name), s.id)
            .limit(per_quadrant)
        )
        grid[key] = Quadrant(key, tuple(GridEntry(*row) for row in rows), total)
    return grid
