"""Process health — is the OKR cycle actually happening? The one definition for screen, Overview and report.

For one cycle and every team *running OKRs* (kind team, not exempt, state pilot or live):
- an event *applies* to a team when it is in the cycle, not cancelled, of a tracked kind, and
  scoped to the team, to a unit above it, or org-wide;
- an applied event is *due* when it is done or its last day lies before today; it is *held* when done;
- a tracked kind with no applied event at all is *missing*, and counts as one due event not held
  once the cycle has begun;
- a team's kind is `done` (held, nothing overdue), `overdue` (a due event not held), `missing`,
  or `planned` (nothing due yet);
- *health* = held / due for a team, a division, a wave or all teams (None while nothing is due).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold, folded_equals
from okr_cockpit.db.tables import cycle, event, unit, wave
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.events.cycles import current_cycle

TRACKED_KINDS = ("drafting", "check_in", "review", "retrospective")
RUNNING_STATES = ("pilot", "live")
HEALTH_STATUSES = ("done", "overdue", "missing", "planned")
OUTSIDE = N_("(outside any division)")
NO_WAVE = N_("(no wave)")


@dataclass(frozen=True)
class KindStatus:
    status: str  # one of HEALTH_STATUSES
    held: int
    due: int


@dataclass(frozen=True)
class Tally:
    held: int = 0
    due: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.held / self.due) if self.due else None

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.held + other.held, self.due + other.due)


@dataclass(frozen=True)
class TeamHealth:
    unit_id: int
    name: str
    division: str
    wave: str
    kinds: dict[str, KindStatus]
    tally: Tally  # over all tracked kinds


def team_health(
    unit_id: int, name: str, division: str, wave: str, kinds: dict[str, KindStatus]
) -> TeamHealth:
    held = sum(k.held for k in kinds.values())
    return TeamHealth(unit_id, name, division, wave, kinds, Tally(held, sum(k.due for k in kinds.values())))


@dataclass(frozen=True)
class GroupHealth:
    """A division's or a wave's health, overall and per tracked kind."""

    name: str
    teams: int
    tally: Tally
    by_kind: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessHealth:
    cycle_id: int
    cycle: str
    teams: tuple[TeamHealth, ...]
    divisions: tuple[GroupHealth, ...]
    waves: tuple[GroupHealth, ...]
    tally: Tally

    def worst(self, count: int = 10) -> list[TeamHealth]:
        """The teams with the lowest health first (most due events not held breaks ties)."""
        judged = [t for t in self.teams if t.tally.due]
        return sorted(judged, key=lambda t: (t.tally.percent, -(t.tally.due - t.tally.held), fold(t.name)))[
            :count
        ]


def find_cycle(session: Session, name: str) -> tuple[int, str]:
    row = session.execute(select(cycle.c.id, cycle.c.name).where(folded_equals(cycle.c.name, name))).first()
    if row is None:
        known = ", ".join(session.execute(select(cycle.c.name).order_by(cycle.c.start_on)).scalars())
        raise CockpitError(
            _("There is no cycle called {name!r}; the cycles are: {value}.").format(
                name=name, value=known or _("none yet")
            )
        )
    return row.id, row.name


def kind_status(events: list[tuple[str, date | None]], today: date, begun: bool) -> KindStatus:
    """`events` are the (status, last day) of the events of one kind that apply to one team."""
    if not events:
        return KindStatus("missing", 0, 1 if begun else 0)
    held = sum(1 for status, _ in events if status == "done")
    overdue = sum(1 for status, last in events if status == "planned" and last is not None and last < today)
    status = "overdue" if overdue else "done" if held else "planned"
    return KindStatus(status, held, held + overdue)


def process_health(session: Session, *, cycle_id: int, today: date) -> ProcessHealth:
    the_cycle = session.execute(select(cycle.c.name, cycle.c.start_on).where(cycle.c.id == cycle_id)).first()
    if the_cycle is None:
        raise CockpitError(_("That cycle no longer exists."))
    begun = the_cycle.start_on <= today
    # Tuples, not ORM rows: the large demo has 10,000 units and tens of thousands of events.
    units = session.execute(
        select(
            unit.c.id, unit.c.name, unit.c.kind, unit.c.parent_id, unit.c.state, unit.c.exempt, wave.c.name
        ).outerjoin(wave, wave.c.id == unit.c.wave_id)
    ).all()
    by_scope: dict[int | None, dict[str, list[tuple[str, date | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for scope, kind, status, last in session.execute(
        select(
            event.c.unit_id, event.c.kind, event.c.status, func.coalesce(event.c.end_on, event.c.start_on)
        ).where(event.c.cycle_id == cycle_id, event.c.kind.in_(TRACKED_KINDS), event.c.status != "cancelled")
    ):
        by_scope[scope][kind].append((status, last))
    parent = {row.id: row.parent_id for row in units}
    info = {row.id: row for row in units}
    org_wide = by_scope.get(None, {})

    def chain(unit_id: int) -> list[int]:
        found, seen = [], set()
        current: int | None = unit_id
        while current is not None and current not in seen:  # `seen` guards against a broken tree
            seen.add(current)
            found.append(current)
            current = parent.get(current)
        return found

    teams: list[TeamHealth] = []
    for row in units:
        if row.kind != "team" or row.exempt or row.state not in RUNNING_STATES:
            continue
        ancestors = chain(row.id)
        division = next((info[u].name for u in ancestors if info[u].kind == "division"), _(OUTSIDE))
        kinds = {}
        for kind in TRACKED_KINDS:
            events = [*org_wide.get(kind, ())]
            for scope in ancestors:
                events.extend(by_scope.get(scope, {}).get(kind, ()))
            kinds[kind] = kind_status(events, today, begun)
        teams.append(team_health(row.id, row.name, division, row[6] or _(NO_WAVE), kinds))
    teams.sort(key=lambda t: (t.division == _(OUTSIDE), fold(t.division), fold(t.name), t.unit_id))
    total = Tally(sum(t.tally.held for t in teams), sum(t.tally.due for t in teams))
    plan = list(session.execute(select(wave.c.name).order_by(wave.c.position, wave.c.id)).scalars())
    by_wave = sorted(
        group(teams, lambda t: t.wave), key=lambda g: plan.index(g.name) if g.name in plan else len(plan)
    )
    return ProcessHealth(
        cycle_id=cycle_id,
        cycle=the_cycle.name,
        teams=tuple(teams),
        divisions=group(teams, lambda t: t.division),
        waves=tuple(by_wave),
        tally=total,
    )


def group(teams: list[TeamHealth], key) -> tuple[GroupHealth, ...]:
    """Health per group, in the order the groups first appear among the teams."""
    # Plain integer sums: the large demo has thousands of teams.
    counts: dict[str, dict[str, list[int]]] = {}
    sizes: dict[str, int] = {}
    for team in teams:
        name = key(team)
        sizes[name] = sizes.get(name, 0) + 1
        sums = counts.setdefault(name, {kind: [0, 0] for kind in TRACKED_KINDS})
        for kind, status in team.kinds.items():
            sums[kind][0] += status.held
            sums[kind][1] += status.due
    return tuple(
        GroupHealth(
            name=name,
            teams=sizes[name],
            tally=Tally(sum(h for h, _ in sums.values()), sum(d for _, d in sums.values())),
            by_kind={kind: Tally(*sums[kind]) for kind in TRACKED_KINDS},
        )
        for name, sums in counts.items()
    )


def current_health(session: Session, *, today: date) -> ProcessHealth | None:
    """Health of the cycle running today (the report's current cycle), None without cycles."""
    found = current_cycle(session, today=today)
    return process_health(session, cycle_id=found.id, today=today) if found else None
