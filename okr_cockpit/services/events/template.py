"""Plan a cycle's standard events for a unit subtree from the template: preview first, write on confirm.

The template (offsets from the cycle's start S and end E):
- leadership priorities three weeks before S, once for the subtree root (org-wide without a root);
- per team: drafting in week 1, alignment in week 2, a check-in every two weeks, the mid-cycle
  review halfway, review and retrospective in the last week;
- each team's events are facilitated by its current primary coach (see `coverage.py`).
Teams that are exempt, not started or paused get no events: they are not running OKRs yet.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded
from okr_cockpit.db.models import Cycle, CycleEvent
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _
from okr_cockpit.services.coaching.coverage import assignment, current_assignment, subtree_ids
from okr_cockpit.services.events.cycles import coach, event, person, unit
from okr_cockpit.services.labels import ORG_WIDE, event_label
from okr_cockpit.services.records import insert_rows, require_row

PLANNED_STATES = ("preparing", "pilot", "live")
PRIORITIES_LEAD = timedelta(weeks=3)

Slot = tuple[str, date, date]  # kind, first day, last day


@dataclass(frozen=True)
class PlannedEvent:
    kind: str
    unit_id: int | None
    scope: str
    start_on: date
    end_on: date
    coach_id: int | None
    facilitator: str
    exists: bool  # already in the cycle (same scope, kind and start): skipped when writing


@dataclass(frozen=True)
class TemplatePlan:
    cycle_id: int
    cycle: str
    root_unit_id: int | None
    root: str
    teams: int
    teams_without_coach: tuple[str, ...]
    teams_skipped: int
    events: tuple[PlannedEvent, ...]

    @property
    def new_events(self) -> tuple[PlannedEvent, ...]:
        return tuple(e for e in self.events if not e.exists)

    @property
    def existing(self) -> int:
        return len(self.events) - len(self.new_events)


def team_slots(start: date, end: date) -> list[Slot]:
    """The standard events of one team in a cycle from `start` to `end` (pure, for tests and preview)."""
    last_week = max(start, end - timedelta(days=6))
    middle = start + (end - start) // 2
    slots: list[Slot] = [
        ("drafting", start, min(end, start + timedelta(days=4))),
        ("alignment", min(end, start + timedelta(days=7)), min(end, start + timedelta(days=11))),
    ]
    day = start + timedelta(weeks=2)
    while day < last_week:
        # The mid-cycle review replaces the check-in of its week.
        if abs((day - middle).days) > 3:
            slots.append(("check_in", day, day))
        day += timedelta(weeks=2)
    slots.append(("mid_cycle_review", middle, middle))
    slots.append(("review", last_week, last_week + timedelta(days=1) if last_week < end else end))
    slots.append(
        ("retrospective", min(end, last_week + timedelta(days=2)), min(end, last_week + timedelta(days=2)))
    )
    return sorted(slots, key=lambda slot: (slot[1], slot[0]))


def primary_coaches(session: Session, *, today: date, root_id: int | None) -> dict[int, tuple[int, str]]:
    """team id → (coach id, name) of its current primary coach; the latest assignment wins."""
    query = (
        select(assignment.c.unit_id, coach.c.id, person.c.name)
        .join(coach, coach.c.id == assignment.c.coach_id)
        .join(person, person.c.id == coach.c.person_id)
        .where(assignment.c.role == "primary", coach.c.status == "active", current_assignment(today))
        .order_by(assignment.c.start_on.is_(None).desc(), assignment.c.start_on, assignment.c.id)
    )
    if root_id is not None:
        query = query.where(assignment.c.unit_id.in_(subtree_ids(root_id)))
    return {unit_id: (coach_id, name) for unit_id, coach_id, name in session.execute(query)}


def existing_keys(session: Session, *, cycle_id: int) -> set[tuple[int | None, str, date | None]]:
    rows = session.execute(
        select(event.c.unit_id, event.c.kind, event.c.start_on).where(event.c.cycle_id == cycle_id)
    )
    return {tuple(row) for row in rows}


def plan_from_template(
    session: Session, *, cycle_id: int, root_unit_id: int | None, today: date
) -> TemplatePlan:
    """The preview: every standard event for the subtree, marked when it already exists. Writes nothing."""
    owner = require_row(session, Cycle, cycle_id, "cycle")
    root_name = _(ORG_WIDE)
    teams_query = select(unit.c.id, unit.c.name, unit.c.state, unit.c.exempt).where(unit.c.kind == "team")
    if root_unit_id is not None:
        root_name = session.execute(select(unit.c.name).where(unit.c.id == root_unit_id)).scalar()
        if root_name is None:
            raise ValidationError(_("That unit no longer exists."), field="unit_id")
        teams_query = teams_query.where(unit.c.id.in_(subtree_ids(root_unit_id)))
    teams = session.execute(teams_query.order_by(folded(unit.c.name), unit.c.id)).all()
    planned = [(tid, name) for tid, name, state, exempt in teams if state in PLANNED_STATES and not exempt]
    coaches = primary_coaches(session, today=today, root_id=root_unit_id)
    existing = existing_keys(session, cycle_id=cycle_id)

    def make(kind: str, unit_id: int | None, scope: str, first: date, last: date, fac) -> PlannedEvent:
        coach_id, facilitator = fac or (None, "—")
        exists = (unit_id, kind, first) in existing
        return PlannedEvent(kind, unit_id, scope, first, last, coach_id, facilitator, exists)

    priorities_day = owner["start_on"] - PRIORITIES_LEAD
    events = [make("priorities", root_unit_id, root_name, priorities_day, priorities_day, None)]
    slots = team_slots(owner["start_on"], owner["end_on"])
    for team_id, name in planned:
        events.extend(
            make(kind, team_id, name, first, last, coaches.get(team_id)) for kind, first, last in slots
        )
    return TemplatePlan(
        cycle_id=cycle_id,
        cycle=owner["name"],
        root_unit_id=root_unit_id,
        root=root_name,
        teams=len(planned),
        teams_without_coach=tuple(name for tid, name in planned if tid not in coaches),
        teams_skipped=len(teams) - len(planned),
        events=tuple(events),
    )


def apply_template_plan(session: Session, *, plan: TemplatePlan) -> int:
    """Write the previewed events in the caller's transaction; returns how many were created.

    Existence is checked again here: someone may have added some since the preview. A whole
    organisation can mean tens of thousands of events, so rows and their audit entries are written
    in bulk (one row at a time held the shared file's write lock for a minute on the large demo).
    """
    require_row(session, Cycle, plan.cycle_id, "cycle")
    existing = existing_keys(session, cycle_id=plan.cycle_id)
    rows = [
        {
            "cycle_id": plan.cycle_id,
            "kind": item.kind,
            "unit_id": item.unit_id,
            "start_on": item.start_on,
            "end_on": item.end_on,
            "coach_id": item.coach_id,
            "status": "planned",
            "notes": "",
        }
        for item in plan.new_events
        if (item.unit_id, item.kind, item.start_on) not in existing
    ]
    if not rows:
        return 0
    scopes = {item.unit_id: item.scope for item in plan.new_events}
    insert_rows(
        session,
        CycleEvent,
        rows,
        label=lambda row: event_label(row["kind"], scopes.get(row["unit_id"], ""), row["start_on"]),
    )
    return len(rows)
