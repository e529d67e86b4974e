"""Readiness of a wave, measured from the data: the one definition used by the screen, export and report.

Each criterion is a measured check or a manual checkbox; readiness = criteria met / criteria
(0 % for a wave without criteria: nothing says it is ready). The wave's *units* are the units whose
wave it is; its *teams* are those of kind team that are not exempt; its *coaches* are the coaches
with a current assignment to one of its teams; its *divisions* are the divisions of its units.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded
from okr_cockpit.db.tables import criterion, cycle, event, stakeholder, wave
from okr_cockpit.i18n import N_, _, format_percent
from okr_cockpit.services.coaching.coverage import (
    assignment,
    coach,
    coach_load,
    current_assignment,
    has_primary_coach,
    person,
    unit,
)

MEASURED_NAMES = {
    "coach_coverage": N_("Teams with a primary coach"),
    "coach_capacity": N_("No coach over capacity"),
    "unit_leads": N_("Every unit has a lead"),
    "sponsor": N_("Division sponsors recorded, none a blocker"),
    "drafting_planned": N_("Drafting planned for every team"),
    "coaches_certified": N_("Coaches certified"),
    "manual": N_("Manual check"),
}  # marked; translated where read (measured_name)
DEFAULT_COVERAGE_THRESHOLD = 80
NAMES_SHOWN = 3  # failing units or people named in a figure before "and N more"


@dataclass(frozen=True)
class CriterionResult:
    id: int
    wave_id: int
    kind: str
    name: str  # as the user reads it, with the threshold for coverage
    met: bool
    figure: str  # the measured figure, or the manual note
    threshold: int | None
    cycle_id: int | None
    note: str
    position: int
    version: int


@dataclass(frozen=True)
class WaveReadiness:
    wave_id: int
    criteria: tuple[CriterionResult, ...]

    @property
    def met(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.total) if self.total else 0

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if not c.met)

    @property
    def label(self) -> str:
        """`3/5 · 60%`, or `no criteria`."""
        return f"{self.met}/{self.total} · {format_percent(self.percent)}" if self.total else _("no criteria")


def measured_name(kind: str) -> str:
    """The name of a kind of check in the user's language."""
    return _(MEASURED_NAMES[kind])


def criterion_name(kind: str, name: str, threshold: int | None) -> str:
    if kind == "manual":
        return name or measured_name("manual")
    if kind == "coach_coverage":
        least = DEFAULT_COVERAGE_THRESHOLD if threshold is None else threshold
        return f"{measured_name(kind)} ≥ {format_percent(least)}"
    return measured_name(kind)


def names(found: list[str]) -> str:
    shown = ", ".join(found[:NAMES_SHOWN])
    more = len(found) - NAMES_SHOWN
    return _("{shown} and {more} more").format(shown=shown, more=more) if more > 0 else shown


# -- the wave's scope ------------------------------------------------------------------------


def wave_units(wave_id: int):
    return unit.c.wave_id == wave_id


def wave_teams(wave_id: int):
    return and_(unit.c.wave_id == wave_id, unit.c.kind == "team", unit.c.exempt.is_(False))


def wave_coach_ids(wave_id: int, today: date):
    """SELECT of the coaches with a current assignment to a team of the wave."""
    return (
        select(assignment.c.coach_id)
        .join(unit, unit.c.id == assignment.c.unit_id)
        .where(wave_teams(wave_id), current_assignment(today))
        .distinct()
    )


# -- the measured checks: each returns (met, figure) -----------------------------------------


def check_coverage(session: Session, wave_id: int, today: date, threshold: int | None) -> tuple[bool, str]:
    need = threshold if threshold is not None else DEFAULT_COVERAGE_THRESHOLD
    total, covered = session.execute(
        select(func.count(), func.count().filter(has_primary_coach(today))).where(wave_teams(wave_id))
    ).one()
    if not total:
        return False, _("no teams in the wave")
    share = round(100 * covered / total)
    figure = _("{covered} of {total} teams ({share}), needs {need}")
    return share >= need, figure.format(
        covered=covered, total=total, share=format_percent(share), need=format_percent(need)
    )


def check_capacity(session: Session, wave_id: int, today: date) -> tuple[bool, str]:
    load = coach_load(today)
    rows = session.execute(
        select(person.c.name, load, coach.c.capacity)
        .join(person, person.c.id == coach.c.person_id)
        .where(coach.c.id.in_(wave_coach_ids(wave_id, today)))
        .order_by(folded(person.c.name), person.c.id)
    ).all()
    if not rows:
        return False, _("no coaches assigned to the wave's teams")
    over = [f"{name} {n}/{cap}" for name, n, cap in rows if n > cap]
    if over:
        figure = _("{over} of {total} coaches over capacity: {names}")
        return False, figure.format(over=len(over), total=len(rows), names=names(over))
    return True, _("none of {total} coaches over capacity").format(total=len(rows))


def check_leads(session: Session, wave_id: int) -> tuple[bool, str]:
    rows = session.execute(
        select(unit.c.name)
        .where(wave_units(wave_id), unit.c.lead_id.is_(None))
        .order_by(folded(unit.c.name), unit.c.id)
    ).scalars()
    missing = list(rows)
    total = session.execute(select(func.count()).where(wave_units(wave_id))).scalar_one()
    if not total:
        return False, _("no units in the wave")
    if missing:
        figure = _("{led} of {total} units have a lead; missing: {names}")
        return False, figure.format(led=total - len(missing), total=total, names=names(missing))
    return True, _("all {total} units have a lead").format(total=total)


def wave_divisions(wave_id: int):
    """SELECT of the divisions the wave's units belong to: each unit's nearest division above or at it.

    Walks up from the wave's units only (UNION drops the shared ancestors), not down the whole tree.
    """
    start = select(unit.c.id, unit.c.parent_id, unit.c.kind).where(wave_units(wave_id))
    up = start.cte("wave_up", recursive=True)
    parent = unit.alias("wave_up_parent")
    up = up.union(
        select(parent.c.id, parent.c.parent_id, parent.c.kind)
        .join(up, parent.c.id == up.c.parent_id)
        .where(up.c.kind != "division")
    )
    return select(up.c.id).where(up.c.kind == "division")


def check_sponsors(session: Session, wave_id: int) -> tuple[bool, str]:
    division = unit.alias("sponsor_division")
    sponsor = person.alias("sponsor")
    blocker = exists(
        select(stakeholder.c.id).where(
            stakeholder.c.person_id == division.c.sponsor_id,
            stakeholder.c.attitude == "blocker",
            stakeholder.c.archived.is_(False),
        )
    )
    rows = session.execute(
        select(division.c.name, sponsor.c.name, blocker)
        .outerjoin(sponsor, sponsor.c.id == division.c.sponsor_id)
        .where(division.c.id.in_(wave_divisions(wave_id)))
        .order_by(folded(division.c.name), division.c.id)
    ).all()
    if not rows:
        return False, _("no divisions in the wave")
    missing = [name for name, sponsor_name, _ in rows if sponsor_name is None]
    blocking = [f"{sponsor_name} ({name})" for name, sponsor_name, is_blocker in rows if is_blocker]
    if missing:
        return False, _("no sponsor recorded for {names}").format(names=names(missing))
    if blocking:
        return False, _("sponsor is a blocker: {names}").format(names=names(blocking))
    return True, _("{count} of {total} divisions have a sponsor who is not a blocker").format(
        count=len(rows), total=len(rows)
    )


def drafting_cycle(session: Session, wave_id: int, chosen: int | None, today: date) -> tuple[int, str] | None:
    """The criterion's cycle, else the cycle the wave goes live in, else the next one that has not ended."""
    if chosen is not None:
        row = session.execute(select(cycle.c.id, cycle.c.name).where(cycle.c.id == chosen)).first()
        if row is not None:
            return row.id, row.name
    go_live = session.execute(select(wave.c.go_live_on).where(wave.c.id == wave_id)).scalar()
    day = max(go_live, today) if go_live else today
    row = session.execute(
        select(cycle.c.id, cycle.c.name).where(cycle.c.end_on >= day).order_by(cycle.c.start_on).limit(1)
    ).first()
    return (row.id, row.name) if row else None


def check_drafting(session: Session, wave_id: int, cycle_id: int | None, today: date) -> tuple[bool, str]:
    found = drafting_cycle(session, wave_id, cycle_id, today)
    if found is None:
        return False, _("no cycle to plan drafting in")
    the_cycle, cycle_name = found
    drafting = and_(
        event.c.cycle_id == the_cycle,
        event.c.kind == "drafting",
        event.c.status != "cancelled",
        event.c.start_on.is_not(None),
    )
    org_wide = session.execute(select(exists().where(drafting, event.c.unit_id.is_(None)))).scalar()
    total = session.execute(select(func.count()).where(wave_teams(wave_id))).scalar_one()
    if not total:
        return False, _("no teams in the wave")
    if org_wide:
        return True, _("org-wide drafting scheduled in {cycle}").format(cycle=cycle_name)
    # Units under a scheduled drafting event: the event's unit and everything below it.
    covered = select(event.c.unit_id.label("id")).where(drafting).cte("drafted", recursive=True)
    child = unit.alias("drafted_child")
    covered = covered.union_all(select(child.c.id).join(covered, child.c.parent_id == covered.c.id))
    planned = session.execute(
        select(func.count()).where(wave_teams(wave_id), unit.c.id.in_(select(covered.c.id)))
    ).scalar_one()
    figure = _("{planned} of {total} teams have drafting scheduled in {cycle}").format(
        planned=planned, total=total, cycle=cycle_name
    )
    return planned == total, figure


def check_certified(session: Session, wave_id: int, today: date) -> tuple[bool, str]:
    rows = session.execute(
        select(person.c.name, coach.c.certified_on)
        .join(person, person.c.id == coach.c.person_id)
        .where(coach.c.id.in_(wave_coach_ids(wave_id, today)))
        .order_by(folded(person.c.name), person.c.id)
    ).all()
    if not rows:
        return False, _("no coaches assigned to the wave's teams")
    uncertified = [name for name, certified in rows if certified is None or certified > today]
    if uncertified:
        return (
            False,
            _("{certified} of {total} coaches certified; not: {names}").format(
                certified=len(rows) - len(uncertified), total=len(rows), names=names(uncertified)
            ),
        )
    return True, _("all {total} coaches certified").format(total=len(rows))


def measure(session: Session, row, today: date) -> tuple[bool, str]:
    kind, wave_id = row.kind, row.wave_id
    if kind == "coach_coverage":
        return check_coverage(session, wave_id, today, row.threshold)
    if kind == "coach_capacity":
        return check_capacity(session, wave_id, today)
    if kind == "unit_leads":
        return check_leads(session, wave_id)
    if kind == "sponsor":
        return check_sponsors(session, wave_id)
    if kind == "drafting_planned":
        return check_drafting(session, wave_id, row.cycle_id, today)
    if kind == "coaches_certified":
        return check_certified(session, wave_id, today)
    return bool(row.met), row.note or (_("checked") if row.met else _("not checked"))


def wave_readiness(session: Session, *, wave_id: int, today: date) -> WaveReadiness:
    return waves_readiness(session, today=today, wave_ids=[wave_id])[wave_id]


def waves_readiness(
    session: Session, *, today: date, wave_ids: list[int] | None = None
) -> dict[int, WaveReadiness]:
    """Readiness of the given waves (all when None), each criterion measured now."""
    if wave_ids is None:
        wave_ids = list(session.execute(select(wave.c.id)).scalars())
    query = select(criterion).order_by(criterion.c.wave_id, criterion.c.position, criterion.c.id)
    rows = session.execute(query.where(criterion.c.wave_id.in_(wave_ids))).all()
    found: dict[int, list[CriterionResult]] = {wave_id: [] for wave_id in wave_ids}
    for row in rows:
        met, figure = measure(session, row, today)
        found[row.wave_id].append(
            CriterionResult(
                id=row.id,
                wave_id=row.wave_id,
                kind=row.kind,
                name=criterion_name(row.kind, row.name, row.threshold),
                met=met,
                figure=figure,
                threshold=row.threshold,
                cycle_id=row.cycle_id,
                note=row.note,
                position=row.position,
                version=row.version,
            )
        )
    return {wave_id: WaveReadiness(wave_id, tuple(items)) for wave_id, items in found.items()}
