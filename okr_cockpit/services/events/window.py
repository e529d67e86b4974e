"""The timeline's windowed read: event series (rows) and only the events inside the visible dates.

A series is all events of one scope (a unit, or org-wide) and one kind. The large demo has tens of
thousands of events, so rows are paged with LIMIT/OFFSET and events are filtered by date in SQL.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, or_, select, tuple_
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded
from okr_cockpit.db.models import EVENT_KINDS
from okr_cockpit.i18n import _
from okr_cockpit.services.events.cycles import (
    EventInfo,
    event,
    event_columns,
    overdue_condition,
    to_event,
    unit,
)
from okr_cockpit.services.labels import ORG_WIDE

SeriesKey = tuple[int | None, str]

# A safety net: a window never brings more than this many events into memory.
MAX_EVENTS = 5000
MAX_UNSCHEDULED = 500


@dataclass(frozen=True)
class SeriesRow:
    unit_id: int | None
    scope: str
    kind: str
    events: int
    overdue: int
    unscheduled: int

    @property
    def key(self) -> SeriesKey:
        return (self.unit_id, self.kind)


@dataclass(frozen=True)
class TimelineWindow:
    start: date
    end: date
    row_offset: int
    total_rows: int
    rows: tuple[SeriesRow, ...]
    events: dict[SeriesKey, tuple[EventInfo, ...]] = field(default_factory=dict)
    unscheduled: dict[SeriesKey, tuple[EventInfo, ...]] = field(default_factory=dict)

    @property
    def fetched(self) -> int:
        """How many event rows this window brought from the database."""
        return sum(map(len, self.events.values())) + sum(map(len, self.unscheduled.values()))

    def covers(self, start: date, end: date, first_row: int, last_row: int) -> bool:
        last_fetched = self.row_offset + len(self.rows)
        complete_rows = last_row <= last_fetched or last_fetched >= self.total_rows
        return self.start <= start and end <= self.end and self.row_offset <= first_row and complete_rows


def kind_order():
    return case({kind: position for position, kind in enumerate(EVENT_KINDS)}, value=event.c.kind, else_=99)


def count_series(session: Session) -> int:
    pairs = select(event.c.unit_id, event.c.kind).distinct().subquery()
    return session.execute(select(func.count()).select_from(pairs)).scalar_one()


def series_rows(session: Session, *, today: date, offset: int, limit: int) -> list[SeriesRow]:
    """One page of series: org-wide first, then by unit name, kinds in their cycle order."""
    rows = session.execute(
        select(
            event.c.unit_id,
            unit.c.name,
            event.c.kind,
            func.count(),
            func.count().filter(overdue_condition(today)),
            func.count().filter(event.c.start_on.is_(None)),
        )
        .select_from(event.outerjoin(unit, unit.c.id == event.c.unit_id))
        .group_by(event.c.unit_id, unit.c.name, event.c.kind)
        .order_by(event.c.unit_id.is_not(None), folded(unit.c.name), event.c.unit_id, kind_order())
        .offset(max(0, offset))
        .limit(limit)
    ).all()
    return [
        SeriesRow(uid, name or _(ORG_WIDE), kind, n, late, open_) for uid, name, kind, n, late, open_ in rows
    ]


def in_series(rows: list[SeriesRow]):
    """SQL condition selecting the events of exactly these series (NULL scope needs its own test)."""
    scoped = [(row.unit_id, row.kind) for row in rows if row.unit_id is not None]
    org_kinds = [row.kind for row in rows if row.unit_id is None]
    parts = []
    if scoped:
        # Row-value IN works on SQLite ≥ 3.15 and PostgreSQL; keeps the query to the visible pairs.
        parts.append(tuple_(event.c.unit_id, event.c.kind).in_(scoped))
    if org_kinds:
        parts.append(event.c.unit_id.is_(None) & event.c.kind.in_(org_kinds))
    return or_(*parts)


def group(found: list[EventInfo]) -> dict[SeriesKey, tuple[EventInfo, ...]]:
    grouped: dict[SeriesKey, list[EventInfo]] = defaultdict(list)
    for item in found:
        grouped[(item.unit_id, item.kind)].append(item)
    return {key: tuple(items) for key, items in grouped.items()}


def timeline_window(
    session: Session, *, today: date, start: date, end: date, row_offset: int, row_limit: int
) -> TimelineWindow:
    """The series rows `row_offset…+row_limit` and their events overlapping `start…end`."""
    row_offset = max(0, row_offset)
    rows = series_rows(session, today=today, offset=row_offset, limit=row_limit)
    total = count_series(session)
    if not rows:
        return TimelineWindow(start, end, row_offset, total, ())
    columns, joined = event_columns()
    base = select(*columns).select_from(joined).where(in_series(rows))
    scheduled = session.execute(
        base.where(event.c.start_on <= end, func.coalesce(event.c.end_on, event.c.start_on) >= start)
        .order_by(event.c.start_on, event.c.id)
        .limit(MAX_EVENTS)
    ).all()
    unscheduled = session.execute(
        base.where(event.c.start_on.is_(None)).order_by(event.c.id).limit(MAX_UNSCHEDULED)
    ).all()
    return TimelineWindow(
        start,
        end,
        row_offset,
        total,
        tuple(rows),
        group([to_event(row) for row in scheduled]),
        group([to_event(row) for row in unscheduled]),
    )


def series_index(session: Session, *, unit_id: int | None, kind: str) -> int | None:
    """Position of a series in the row order, so the timeline can scroll to an event's row."""
    keys = session.execute(
        select(event.c.unit_id, event.c.kind, unit.c.name)
        .select_from(event.outerjoin(unit, unit.c.id == event.c.unit_id))
        .group_by(event.c.unit_id, unit.c.name, event.c.kind)
        .order_by(event.c.unit_id.is_not(None), folded(unit.c.name), event.c.unit_id, kind_order())
    ).all()
    for position, (uid, row_kind, _name) in enumerate(keys):
        if uid == unit_id and row_kind == kind:
            return position
    return None
