"""The demo's moving parts: cycle events, stakeholders and their interaction logs.

Each builder adds rows to the `Demo`; nothing here touches the database.
"""

from datetime import date, timedelta

from okr_cockpit.db import models as m
from okr_cockpit.services.demo.base import Demo, Unit, add_person, monday_or_later

MOOD_OF_ATTITUDE = {"champion": 2, "supporter": 1, "neutral": 0, "sceptic": -1, "blocker": -2}
ATTITUDE_WEIGHTS = {"champion": 2, "supporter": 4, "neutral": 4, "sceptic": 2, "blocker": 1}


def add_event(
    demo: Demo,
    cycle: dict,
    kind: str,
    start: date | None,
    end: date | None = None,
    *,
    unit: Unit | None = None,
    coach: int | None = None,
    notes: str = "",
) -> None:
    """One event whose status follows from its date: past ones mostly done, some left open or cancelled."""
    rng, today = demo.rng, demo.today
    status = "planned"
    if start is not None:
        start = monday_or_later(start)
        end = max(start, monday_or_later(end)) if end else start
        if unit is not None and unit.paused_on and start >= unit.paused_on:
            status, notes = "cancelled", demo.story.PAUSED_CANCEL_NOTE
        elif start < today:
            roll = rng.random()
            status = "done" if roll < 0.92 else "planned" if roll < 0.96 else "cancelled"
            if status == "done" and not notes:
                notes = rng.choice(demo.story.DONE_NOTES)
            elif status == "cancelled":
                notes = rng.choice(demo.story.CANCEL_NOTES)
        elif cycle["state"] != "closed" and rng.random() < 0.03:
            start = end = None
            notes = notes or demo.story.NO_DATE_NOTE
    demo.add(
        m.CycleEvent,
        {
            "cycle_id": cycle["id"],
            "kind": kind,
            "unit_id": unit.id if unit else None,
            "start_on": start,
            "end_on": end,
            "coach_id": coach,
            "status": status,
            "notes": notes,
        },
    )


def build_events(demo: Demo) -> None:
    rng, scale = demo.rng, demo.scale
    scopes = [u for u in demo.units if u.kind == scale.event_scope and u.joins_on and not u.exempt]
    divisions = [u for u in demo.units if u.kind == "division" and u.joins_on]
    day = timedelta(days=1)
    for cycle in demo.cycles:
        start, end = cycle["start_on"], cycle["end_on"]
        add_org_wide_events(demo, cycle)
        for division in divisions:
            if division.joins_on <= start:
                add_event(
                    demo,
                    cycle,
                    "alignment",
                    start + 10 * day,
                    unit=division,
                    coach=rng.choice(demo.active_coaches),
                )
                add_event(demo, cycle, "mid_cycle_review", start + 45 * day, unit=division)
        for unit in scopes:
            if unit.joins_on > start:  # type: ignore[operator]
                continue
            coach = unit.primary_coach or rng.choice(demo.active_coaches)
            add_event(demo, cycle, "drafting", start - 7 * day, start + 7 * day, unit=unit, coach=coach)
            check_in = start + 14 * day
            while check_in <= end - 14 * day:
                add_event(demo, cycle, "check_in", check_in, unit=unit, coach=coach)
                check_in += scale.check_in_days * day
            add_event(demo, cycle, "review", end - 9 * day, unit=unit, coach=coach)
            add_event(demo, cycle, "retrospective", end - 4 * day, unit=unit, coach=coach)


def add_org_wide_events(demo: Demo, cycle: dict) -> None:
    rng, day = demo.rng, timedelta(days=1)
    start, end, name = cycle["start_on"], cycle["end_on"], cycle["name"]
    coach = rng.choice(demo.active_coaches)
    notes = demo.story.EVENT_NOTES
    add_event(
        demo,
        cycle,
        "priorities",
        start - 21 * day,
        start - 14 * day,
        notes=notes["priorities"].format(name=name),
    )
    add_event(
        demo,
        cycle,
        "training",
        start - 14 * day,
        coach=coach,
        notes=notes["training"],
    )
    add_event(
        demo,
        cycle,
        "alignment",
        start + 14 * day,
        coach=coach,
        notes=notes["alignment"],
    )
    add_event(
        demo,
        cycle,
        "training",
        start + 30 * day,
        coach=rng.choice(demo.active_coaches),
        notes=notes["coach_exchange"],
    )
    add_event(
        demo, cycle, "mid_cycle_review", start + 45 * day, notes=notes["mid_cycle_review"]
    )
    add_event(demo, cycle, "review", end - 6 * day, notes=notes["review"])
    add_event(
        demo,
        cycle,
        "retrospective",
        end - 2 * day,
        coach=coach,
        notes=notes["retrospective"],
    )
    if cycle["state"] == "planned" and cycle is demo.cycles[-1]:
        # Not scheduled yet: the PLO still has to find a date with the works council.
        demo.add(
            m.CycleEvent,
            {
                "cycle_id": cycle["id"],
                "kind": "training",
                "unit_id": None,
                "start_on": None,
                "end_on": None,
                "coach_id": None,
                "status": "planned",
                "notes": notes["unscheduled_training"],
            },
        )


def build_stakeholders(demo: Demo) -> None:
    rng = demo.rng
    company = demo.units[0]
    divisions = [u for u in demo.units if u.kind == "division"]
    entries: list[tuple] = [
        (
            demo.story.SPONSOR[0],
            demo.story.SPONSOR_ROLE,
            company.lead_id,
            False,
            company.id,
            True,
            5,
            5,
            "champion",
            "champion",
        ),
        (
            demo.story.COO[0],
            demo.story.COO[1],
            divisions[1].sponsor_id,
            False,
            company.id,
            True,
            5,
            3,
            "supporter",
            "champion",
        ),
    ]
    for division in divisions[: max(6, len(divisions) // 2)]:
        attitude = rng.choices(list(ATTITUDE_WEIGHTS), list(ATTITUDE_WEIGHTS.values()))[0]
        entries.append(
            (
                person_name(demo, division.lead_id),
                demo.story.DIVISION_LEAD_TITLE.format(name=division.name),
                division.lead_id,
                False,
                division.id,
                True,
                4,
                rng.randint(2, 5),
                attitude,
                "supporter",
            )
        )
    for name, role, internal, group, influence, interest, attitude, desired in demo.story.STAKEHOLDERS:
        person = None if group else add_person(demo, name, role)
        entries.append((name, role, person, group, None, internal, influence, interest, attitude, desired))
    departments = iter(u for u in demo.units if u.kind == "department")
    while len(entries) < demo.scale.stakeholders:
        dept = next(departments)
        attitude = rng.choices(list(ATTITUDE_WEIGHTS), list(ATTITUDE_WEIGHTS.values()))[0]
        entries.append(
            (
                person_name(demo, dept.lead_id),
                demo.story.DEPARTMENT_LEAD_TITLE.format(name=dept.name),
                dept.lead_id,
                False,
                dept.id,
                True,
                rng.randint(1, 4),
                rng.randint(1, 5),
                attitude,
                rng.choice(["supporter", "champion"]),
            )
        )
    for name, role, person, group, unit, internal, influence, interest, attitude, desired in entries:
        owner = rng.randrange(len(demo.plo))
        row = demo.add(
            m.Stakeholder,
            {
                "name": name,
                "person_id": person,
                "is_group": group,
                "role": role,
                "unit_id": unit,
                "internal": internal,
                "influence": influence,
                "interest": interest,
                "attitude": attitude,
                "desired_attitude": desired,
                "owner_id": demo.plo[owner],
                "notes": "",
                "archived": False,
            },
        )
        add_interactions(demo, row, demo.story.PLO_MEMBERS[owner][0])


def person_name(demo: Demo, person_id: int | None) -> str:
    return demo.rows[m.Person.__tablename__][(person_id or 1) - 1]["name"]


def add_interactions(demo: Demo, stakeholder: dict, author: str) -> None:
    """A stakeholder's log: dated talks whose mood follows the attitude, some with follow-ups."""
    rng, today = demo.rng, demo.today
    channels, weights = list(demo.story.CHANNEL_WEIGHTS), list(demo.story.CHANNEL_WEIGHTS.values())
    base = MOOD_OF_ATTITUDE[stakeholder["attitude"]]
    count = rng.randint(*demo.scale.interactions_per_stakeholder)
    for ago in sorted((rng.randint(1, 180) for _ in range(count)), reverse=True):
        occurred = today - timedelta(days=ago)
        sentiment = max(-2, min(2, base + rng.choice((-1, 0, 0, 1))))
        mood = "positive" if sentiment > 0 else "negative" if sentiment < 0 else "neutral"
        follow_up, due, done = "", None, None
        if rng.random() < 0.45:
            follow_up = rng.choice(demo.story.FOLLOW_UPS)
            due = occurred + timedelta(days=rng.randint(7, 21))
            if (due < today and rng.random() < 0.7) or (due >= today and rng.random() < 0.1):
                done = min(today, due - timedelta(days=rng.randint(0, 5)))
                done = max(done, occurred)
        demo.add(
            m.Interaction,
            {
                "stakeholder_id": stakeholder["id"],
                "occurred_on": occurred,
                "channel": rng.choices(channels, weights)[0],
                "summary": rng.choice(demo.story.SUMMARIES[mood]),
                "sentiment": sentiment,
                "follow_up": follow_up,
                "follow_up_due": due,
                "follow_up_done": done,
                "author": author,
            },
        )
