"""The rollout over time: headline figures at each past report date and month end, rebuilt from history.

Why rebuilt and not stored snapshots: a snapshot table would only start on the day it ships, so the first
report with it would have no trend at all, and it needs a migration every engineer's database must take.
The history is already there: unit states are replayed backwards from the audit log (every write is
audited in its own transaction, `services/records.py`), and coverage, coach load and follow-ups are
measured as of the day from the records' own dates (assignment start/end, follow-up due/done).
What the audit log cannot know (a unit's state before the log began) is taken as today's value.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import ROLLOUT_STATES, AuditEntry, Interaction, OrgUnit, Stakeholder
from okr_cockpit.services.coaching.coverage import coaches_over_capacity, coverage_summary
from okr_cockpit.services.settings import LAST_REPORT_ON

MONTHS = 6
SPARKS = "▁▂▃▄▅▆▇█"
entries = AuditEntry.__table__
unit = OrgUnit.__table__
interaction = Interaction.__table__
stakeholder = Stakeholder.__table__


@dataclass(frozen=True)
class TrendPoint:
    day: date
    is_report: bool  # a past report's date (else a month end or today)
    states: dict[str, int]
    coverage_percent: int
    over_capacity: int
    overdue_follow_ups: int

    @property
    def live(self) -> int:
        return self.states.get("live", 0)


def sparkline(values: list[int]) -> str:
    """`▁▃▅█`: the values' shape, lowest to highest."""
    low, high = min(values), max(values)
    return "".join(SPARKS[round((v - low) * 7 / (high - low)) if high > low else 0] for v in values)


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the `months` months before today's, oldest first."""
    found = []
    first = today.replace(day=1)
    for _ in range(months):
        end = first - timedelta(days=1)
        found.append(end)
        first = end.replace(day=1)
    return sorted(found)


def report_dates(session: Session, *, after: date, before: date) -> list[date]:
    """Every date a report was marked as handed out (the setting's audited values)."""
    rows = session.execute(
        select(entries.c.changes).where(entries.c.entity == "setting", entries.c.label == LAST_REPORT_ON)
    ).scalars()
    found = set()
    for raw in rows:
        try:
            new = json.loads(raw or "{}").get("value", [None, None])[1]
            day = date.fromisoformat(str(new))
        except (ValueError, TypeError, AttributeError, IndexError):
            continue
        if after < day < before:
            found.add(day)
    return sorted(found)


def states_at(session: Session, days: list[date]) -> dict[date, dict[int, str]]:
    """Each unit's state at the end of each day: today's states with later audited changes undone."""
    current = dict(session.execute(select(unit.c.id, unit.c.state)).all())
    if not days:
        return {}
    start = datetime.combine(min(days) + timedelta(days=1), time.min, tzinfo=UTC)
    changes = session.execute(
        select(entries.c.at, entries.c.entity_id, entries.c.action, entries.c.changes)
        .where(entries.c.entity == "org_unit", entries.c.at >= start)
        .order_by(entries.c.at.desc(), entries.c.id.desc())
    ).all()
    found: dict[date, dict[int, str]] = {}
    states = dict(current)
    pending = iter(sorted(days, reverse=True))
    target = next(pending)
    for at, unit_id, action, raw in [*changes, (None, None, None, None)]:
        moment = at if at is None or at.tzinfo else at.replace(tzinfo=UTC)
        while target is not None and (
            moment is None or moment < datetime.combine(target + timedelta(days=1), time.min, tzinfo=UTC)
        ):
            found[target] = dict(states)
            target = next(pending, None)
        if target is None or moment is None:
            break
        try:
            fields = json.loads(raw or "{}")
        except ValueError:
            fields = {}
        old = fields.get("state", [None, None])
        old = old[0] if isinstance(old, list) and old else None
        if action == "create":
            states.pop(unit_id, None)
        elif action == "delete":
            states[unit_id] = old or "not_started"
        elif action == "update" and old:
            states[unit_id] = old
    return found


def overdue_on(session: Session, day: date) -> int:
    return session.execute(
        select(func.count())
        .select_from(interaction.join(stakeholder, stakeholder.c.id == interaction.c.stakeholder_id))
        .where(
            interaction.c.follow_up_due < day,
            interaction.c.follow_up_done.is_(None) | (interaction.c.follow_up_done >= day),
            func.length(func.trim(interaction.c.follow_up)) > 0,
            stakeholder.c.archived.is_(False),
        )
    ).scalar_one()


def rollout_trend(session: Session, *, today: date, since: date | None = None) -> list[TrendPoint]:
    """Month ends of the last six months, report dates and `since` among them, and today; oldest first."""
    ends = month_ends(today)
    reports = set(report_dates(session, after=ends[0] - timedelta(days=1), before=today))
    extra = {since} if since and ends[0] <= since < today else set()
    days = sorted(set(ends) | reports | extra | {today})
    by_day = states_at(session, days)
    points = []
    for day in days:
        states = {s: 0 for s in ROLLOUT_STATES}
        for state in by_day[day].values():
            states[state] = states.get(state, 0) + 1
        points.append(
            TrendPoint(
                day=day,
                is_report=day in reports,
                states=states,
                coverage_percent=coverage_summary(session, today=day).percent,
                over_capacity=len(coaches_over_capacity(session, today=day)),
                overdue_follow_ups=overdue_on(session, day),
            )
        )
    return points
