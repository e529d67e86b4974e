"""The demo's process and memory: the RACI, the learnings from cycle to cycle, a few days of audit history."""

import json
from datetime import UTC, datetime, time, timedelta

from okr_cockpit.db import models as m
from okr_cockpit.services.demo.base import Demo
from okr_cockpit.services.demo.events import person_name


def build_process(demo: Demo) -> None:
    """The RACI of the rollout (one A per activity) and the learnings taken from cycle to cycle."""
    for position, (activity, letters) in enumerate(demo.story.RACI, start=1):
        row = demo.add(m.RaciActivity, {"name": activity, "position": position})
        for role, letter in zip(m.RACI_ROLES, letters.split(), strict=True):
            demo.add(m.RaciCell, {"activity_id": row["id"], "role": role, "letter": letter})
    active = next(i for i, c in enumerate(demo.cycles) if c["state"] == "active")
    for source, offset, lesson, change, rationale, status in demo.story.LEARNINGS:
        cycle = demo.cycles[active + offset]
        learned = min(cycle["end_on"], demo.today) - timedelta(days=demo.rng.randint(3, 12))
        demo.add(
            m.Learning,
            {
                "learned_on": learned,
                "source": source,
                "source_cycle_id": cycle["id"],
                "lesson": lesson,
                "change": change,
                "rationale": rationale,
                "owner_id": demo.rng.choice(demo.plo),
                "effective_cycle_id": demo.cycles[active + offset + 1]["id"],
                "status": status,
            },
        )


def coach_person(demo: Demo, coach_id: int) -> int:
    return demo.rows[m.Coach.__tablename__][coach_id - 1]["person_id"]


def build_history(demo: Demo) -> None:
    """A few days of audit entries by the PLO, so the history screen has a story to show."""
    today = demo.today
    teams = [u for u in demo.units if u.kind == "team"]
    pilot = next(u for u in teams if u.state == "pilot")
    paused = next(u for u in teams if u.state == "paused")
    wave2 = demo.waves[1]
    coach = demo.rows[m.Coach.__tablename__][0]
    assignment = demo.rows[m.Assignment.__tablename__][-1]
    stakeholder = next(s for s in demo.rows[m.Stakeholder.__tablename__] if s["attitude"] == "neutral")
    interaction = demo.rows[m.Interaction.__tablename__][-1]
    learning = demo.rows[m.Learning.__tablename__][3]
    coach_name = person_name(demo, coach["person_id"])
    entries = [
        (9, 10, 0, m.RolloutWave, wave2["id"], wave2["name"], "update", {"decision": ["pending", "go"]}),
        (8, 14, 1, m.OrgUnit, pilot.id, pilot.name, "update", {"state": ["preparing", "pilot"]}),
        (7, 9, 0, m.OrgUnit, paused.id, paused.name, "update", {"state": ["live", "paused"]}),
        (
            6,
            11,
            2,
            m.Coach,
            coach["id"],
            coach_name,
            "update",
            {"capacity": [coach["capacity"] - 1, coach["capacity"]]},
        ),
        (
            5,
            16,
            2,
            m.Assignment,
            assignment["id"],
            f"{person_name(demo, coach_person(demo, assignment['coach_id']))} → "
            f"{demo.units[assignment['unit_id'] - 1].name}",
            "create",
            {"role": [None, assignment["role"]], "unit_id": [None, assignment["unit_id"]]},
        ),
        (
            4,
            10,
            3,
            m.Learning,
            learning["id"],
            learning["lesson"][:60],
            "create",
            {"status": [None, "proposed"]},
        ),
        (
            3,
            13,
            0,
            m.Stakeholder,
            stakeholder["id"],
            stakeholder["name"],
            "update",
            {"attitude": ["sceptic", stakeholder["attitude"]]},
        ),
        (
            2,
            15,
            1,
            m.OrgUnit,
            pilot.id,
            pilot.name,
            "update",
            {"notes": ["", demo.story.PILOT_NOTE]},
        ),
        (
            1,
            9,
            3,
            m.Interaction,
            interaction["id"],
            interaction["summary"][:60],
            "create",
            {"summary": [None, interaction["summary"]]},
        ),
        (
            1,
            17,
            1,
            m.OrgUnit,
            paused.id,
            paused.name,
            "update",
            {"notes": ["", demo.story.PAUSED_TEAMS.get(paused.name, "")]},
        ),
    ]
    for days_ago, hour, who, model, entity_id, label, action, changes in entries:
        demo.add(
            m.AuditEntry,
            {
                "at": datetime.combine(
                    today - timedelta(days=days_ago), time(hour, 5 * days_ago), tzinfo=UTC
                ),
                "os_user": demo.plo_users[who],
                "host": "plo-host",
                "entity": model.__tablename__,
                "entity_id": entity_id,
                "label": label,
                "action": action,
                "changes": json.dumps(changes),
            },
        )
