"""Find units, coaches, stakeholders, cycles and waves by name for the command palette's "go to"."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded_like, like_pattern
from okr_cockpit.db.models import Coach, Cycle, OrgUnit, Person, RolloutWave, Stakeholder


@dataclass(frozen=True)
class Found:
    entity: str  # org_unit | coach | stakeholder | cycle | rollout_wave
    entity_id: int
    name: str
    detail: str


def find_by_name(session: Session, query: str, *, limit: int = 20) -> list[Found]:
    pattern = like_pattern(query)
    unit, coach, person = OrgUnit.__table__, Coach.__table__, Person.__table__
    stakeholder, cycle = Stakeholder.__table__, Cycle.__table__
    found: list[Found] = []
    for entity_id, name, kind in session.execute(
        select(unit.c.id, unit.c.name, unit.c.kind).where(folded_like(unit.c.name, pattern)).limit(limit)
    ):
        found.append(Found("org_unit", entity_id, name, f"unit · {kind}"))
    for entity_id, name, status in session.execute(
        select(coach.c.id, person.c.name, coach.c.status)
        .join(person, person.c.id == coach.c.person_id)
        .where(folded_like(person.c.name, pattern))
        .limit(limit)
    ):
        found.append(Found("coach", entity_id, name, f"coach · {status.replace('_', ' ')}"))
    for entity_id, name, role in session.execute(
        select(stakeholder.c.id, stakeholder.c.name, stakeholder.c.role)
        .where(folded_like(stakeholder.c.name, pattern), stakeholder.c.archived.is_(False))
        .limit(limit)
    ):
        found.append(Found("stakeholder", entity_id, name, f"stakeholder · {role}".rstrip(" ·")))
    for entity_id, name, state in session.execute(
        select(cycle.c.id, cycle.c.name, cycle.c.state).where(folded_like(cycle.c.name, pattern)).limit(limit)
    ):
        found.append(Found("cycle", entity_id, name, f"cycle · {state}"))
    wave = RolloutWave.__table__
    for entity_id, name, decision in session.execute(
        select(wave.c.id, wave.c.name, wave.c.decision).where(folded_like(wave.c.name, pattern)).limit(limit)
    ):
        found.append(Found("rollout_wave", entity_id, name, f"wave · {decision.replace('_', ' ')}"))
    return found
