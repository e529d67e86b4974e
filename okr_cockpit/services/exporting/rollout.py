"""`export waves` and `export health`: the rollout plan with measured readiness, and process health per team.

Both come from the one definition each (`readiness.py`, `health.py`), so the export says what the
Rollout plan screen and the report say.
"""

from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from okr_cockpit.services.rollout.health import TRACKED_KINDS, find_cycle, process_health
from okr_cockpit.services.rollout.readiness import waves_readiness
from okr_cockpit.services.rollout.waves import list_waves

WAVE_COLUMNS = [
    "id",
    "name",
    "position",
    "start_on",
    "go_live_on",
    "decision",
    "decided_on",
    "rationale",
    "objective",
    "entry_criteria",
    "exit_criteria",
    "units",
    "readiness",
    "criteria",
]
HEALTH_COLUMNS = ["cycle", "team", "division", "wave", *TRACKED_KINDS, "held", "due", "health"]


def waves_export(session: Session, *, today: date) -> tuple[list[str], Iterator[tuple]]:
    """One row per wave; `readiness` is 0–100 and `criteria` a list of {name, met, figure}."""
    waves = list_waves(session)
    readiness = waves_readiness(session, today=today, wave_ids=[w.id for w in waves])

    def rows() -> Iterator[tuple]:
        for w in waves:
            measured = readiness[w.id]
            criteria = [{"name": c.name, "met": c.met, "figure": c.figure} for c in measured.criteria]
            yield (
                w.id,
                w.name,
                w.position,
                w.start_on,
                w.go_live_on,
                w.shown_decision,
                w.decided_on,
                w.rationale,
                w.objective,
                w.entry_criteria,
                w.exit_criteria,
                w.unit_count,
                measured.percent,
                criteria,
            )

    return WAVE_COLUMNS, rows()


def health_export(session: Session, *, cycle_name: str, today: date) -> tuple[list[str], Iterator[tuple]]:
    """One row per team running OKRs: each tracked kind's status, events held and due, health 0–100."""
    cycle_id, name = find_cycle(session, cycle_name)
    health = process_health(session, cycle_id=cycle_id, today=today)

    def rows() -> Iterator[tuple]:
        for team in health.teams:
            tally = team.tally
            statuses = (team.kinds[kind].status for kind in TRACKED_KINDS)
            yield (name, team.name, team.division, team.wave, *statuses, tally.held, tally.due, tally.percent)

    return HEALTH_COLUMNS, rows()
