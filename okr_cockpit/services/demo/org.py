"""The demo's structure: cycles, rollout waves, the Northwind Group tree and its coach community."""

from datetime import date, timedelta
from types import ModuleType

from okr_cockpit.db import models as m
from okr_cockpit.services.demo.base import Demo, Unit, add_person, quarter_start

# Share of teams in each wave that have a primary coach: the rest are the PLO's open work.
COVERAGE_BY_WAVE = (0.93, 0.8, 0.35)


def build_cycles(demo: Demo) -> None:
    scale, today = demo.scale, demo.today
    for shift in range(-scale.closed_cycles, scale.planned_cycles + 1):
        start = quarter_start(today, shift)
        end = quarter_start(today, shift + 1) - timedelta(days=1)
        name = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        state = "closed" if shift < 0 else "active" if shift == 0 else "planned"
        demo.cycles.append(
            demo.add(m.Cycle, {"name": name, "start_on": start, "end_on": end, "state": state})
        )


def build_waves(demo: Demo) -> None:
    today = demo.today
    pilot_live, next_q, after = quarter_start(today, -1), quarter_start(today, 1), quarter_start(today, 2)
    plans = [
        (pilot_live - timedelta(days=42), pilot_live, "go", pilot_live - timedelta(days=56)),
        (quarter_start(today) - timedelta(days=14), next_q, "go", today - timedelta(days=9)),
        (next_q + timedelta(days=14), after, "pending", None),
    ]
    for position, (text, (start, go_live, decision, decided)) in enumerate(
        zip(demo.story.WAVES, plans, strict=True)
    ):
        demo.waves.append(
            demo.add(
                m.RolloutWave,
                {
                    **text,
                    "position": position + 1,
                    "start_on": start,
                    "go_live_on": go_live,
                    "decision": decision,
                    "decided_on": decided,
                    "rationale": demo.story.WAVE_RATIONALES[position],
                },
            )
        )
    for wave, criteria in zip(demo.waves, demo.story.WAVE_CRITERIA, strict=True):
        for number, (kind, threshold, name, met, note) in enumerate(criteria, start=1):
            demo.add(
                m.WaveCriterion,
                {
                    "wave_id": wave["id"],
                    "kind": kind,
                    "name": name,
                    "position": number,
                    "threshold": threshold,
                    "met": met,
                    "note": note,
                },
            )


def tree_spec(
    story: ModuleType, size: str
) -> list[tuple[str, int | None, list[tuple[str, int | None, list[str]]]]]:
    """(division, wave, [(department, wave, [teams])]) for the requested size."""
    if size == "small":
        return [
            (
                division,
                story.WAVE_OF_DIVISION[division],
                [
                    (dept, story.WAVE_OF_DEPARTMENT.get(dept, story.WAVE_OF_DIVISION[division]), teams)
                    for dept, teams in departments.items()
                ],
            )
            for division, departments in story.ORGANISATION.items()
        ]
    # 20 divisions x 100 departments x 4 teams: ~10,000 units, 8,000 teams.
    waves = [0] * 3 + [1] * 5 + [2] * 6 + [None] * 6
    spec = []
    for d, area in enumerate(story.LARGE_AREAS[:20]):
        departments = []
        for k in range(100):
            dept = f"{area} {story.LARGE_REGIONS[k % 10]} {k // 10 + 1}"
            teams = [story.LARGE_TEAM.format(department=dept, letter=chr(65 + t)) for t in range(4)]
            departments.append((dept, waves[d], teams))
        spec.append((story.LARGE_DIVISION.format(area=area), waves[d], departments))
    return spec


def build_org(demo: Demo, size: str) -> None:
    """Units with leads, waves and states consistent with the wave's decision and dates."""
    story = demo.story
    for name, title, user in story.PLO_MEMBERS:
        demo.plo.append(add_person(demo, name, title))
        demo.plo_users.append(user)
    sponsor = add_person(demo, *story.SPONSOR)
    coo = add_person(demo, *story.COO)
    company = Unit(1, story.COMPANY, "company", None, None, lead_id=sponsor)
    demo.units.append(company)
    for d, (division, wave, departments) in enumerate(tree_spec(story, size)):
        div = new_unit(
            demo, division, "division", company, wave, story.DIVISION_LEAD_TITLE.format(name=division)
        )
        for dept, dept_wave, teams in departments:
            dep = new_unit(
                demo, dept, "department", div, dept_wave, story.DEPARTMENT_LEAD_TITLE.format(name=dept)
            )
            for team in teams:
                new_unit(demo, team, "team", dep, dept_wave, story.TEAM_LEAD_TITLE)
        # Divisions are sponsored by the CEO or the COO and owned by one PLO member.
        div.sponsor_id = sponsor if d % 2 == 0 else coo
    set_states(demo)
    plo_of_division: dict[int, int] = {}
    for unit in demo.units:
        division = unit if unit.kind == "division" else unit.parent if unit.kind == "department" else None
        if unit.kind == "team":
            division = unit.parent.parent  # type: ignore[union-attr]
        plo_owner = (
            plo_of_division.setdefault(division.id, demo.plo[len(plo_of_division) % 4]) if division else None
        )
        demo.add(
            m.OrgUnit,
            {
                "id": unit.id,
                "name": unit.name,
                "kind": unit.kind,
                "parent_id": unit.parent.id if unit.parent else None,
                "wave_id": demo.waves[unit.wave]["id"] if unit.wave is not None else None,
                "state": unit.state,
                "lead_id": unit.lead_id,
                "sponsor_id": division.sponsor_id if division else sponsor,
                "plo_owner_id": plo_owner if unit.kind != "company" else demo.plo[0],
                "external_id": f"HR-{unit.id:06d}",
                "exempt": unit.exempt,
                "notes": unit_note(story, unit),
            },
        )


def unit_note(story: ModuleType, unit: Unit) -> str:
    if unit.exempt:
        return story.EXEMPT_TEAMS.get(unit.name, story.EXEMPT_NOTE)
    if unit.state == "paused":
        return story.PAUSED_TEAMS.get(unit.name, story.PAUSED_NOTE)
    return ""


def new_unit(demo: Demo, name: str, kind: str, parent: Unit, wave: int | None, lead_title: str) -> Unit:
    unit = Unit(len(demo.units) + 1, name, kind, parent, wave)
    unit.lead_id = add_person(demo, title=lead_title, home=unit.id)
    demo.units.append(unit)
    return unit


def set_states(demo: Demo) -> None:
    """Wave 1 live (a few paused), Wave 2 preparing with pilot teams, Wave 3 mostly not started."""
    rng, today = demo.rng, demo.today
    go_live = [w["go_live_on"] for w in demo.waves]
    for unit in demo.units[1:]:
        if unit.kind == "team" and (unit.name in demo.story.EXEMPT_TEAMS or rng.random() < 0.01):
            unit.exempt = True
            continue
        if unit.wave == 0:
            unit.state, unit.joins_on = "live", go_live[0]
            if unit.kind == "team" and (unit.name in demo.story.PAUSED_TEAMS or rng.random() < 0.03):
                unit.state, unit.paused_on = "paused", today - timedelta(days=rng.randint(20, 40))
        elif unit.wave == 1:
            unit.state, unit.joins_on = "preparing", go_live[1]
            # Pilot teams run the current cycle ahead of the wave's go-live.
            if unit.kind == "team" and rng.random() < 0.3:
                unit.state, unit.joins_on = "pilot", quarter_start(today)
        elif unit.wave == 2:
            unit.state = "preparing" if rng.random() < 0.2 else "not_started"
            unit.joins_on = go_live[2]


def build_coaches(demo: Demo) -> None:
    """Coaches with capacities; a few carry more teams than they should, some teams have none."""
    rng, today, count = demo.rng, demo.today, demo.scale.coaches
    teams = [u for u in demo.units if u.kind == "team"]
    # Two certified cohorts, named by half-year like "2026-A".
    cohorts = [(cohort_name(d), d) for d in (today - timedelta(days=400), today - timedelta(days=200))]
    targets: dict[int, int] = {}
    for i in range(count):
        home = rng.choice(teams)
        titles = demo.story.COACH_TITLES
        person = add_person(demo, title=rng.choice(titles), home=home.id)
        status = "alumni" if i % 15 == 14 else "on_leave" if i % 15 in (12, 13) else "active"
        capacity = rng.randint(2, 5)
        cohort, certified = cohorts[0] if i < count // 2 else cohorts[1]
        coach = demo.add(
            m.Coach,
            {
                "person_id": person,
                "capacity": capacity,
                "certified_on": certified,
                "cohort": cohort,
                "status": status,
            },
        )
        demo.coach_ids.append(coach["id"])
        demo.coach_status[coach["id"]] = status
        if status == "active":
            demo.active_coaches.append(coach["id"])
            # Every fifth coach has said yes once too often.
            targets[coach["id"]] = (
                capacity + rng.randint(1, 2) if i % 5 == 0 else max(1, capacity - rng.randint(0, 1))
            )
    assign_coaches(demo, targets)


def cohort_name(day: date) -> str:
    return f"{day.year}-{'A' if day.month <= 6 else 'B'}"


def assign_coaches(demo: Demo, targets: dict[int, int]) -> None:
    rng = demo.rng
    slots = [coach for coach, n in targets.items() for _ in range(n)]
    rng.shuffle(slots)
    covered: list[Unit] = []
    for wave, share in enumerate(COVERAGE_BY_WAVE):
        needing = [u for u in demo.units if u.kind == "team" and u.wave == wave and not u.exempt]
        rng.shuffle(needing)
        covered += needing[: min(len(needing) - 1, round(share * len(needing)))]
    covered = covered[: len(slots)]
    used: set[tuple[int, int]] = set()

    def assign(coach: int, unit: Unit, role: str, end: date | None = None) -> None:
        used.add((coach, unit.id))
        start = demo.waves[unit.wave]["start_on"] if unit.wave is not None else demo.today
        demo.add(
            m.Assignment,
            {
                "coach_id": coach,
                "unit_id": unit.id,
                "role": role,
                "cycle_id": None,
                "start_on": start,
                "end_on": end,
            },
        )

    for unit, coach in zip(covered, slots, strict=False):
        unit.primary_coach = coach
        assign(coach, unit, "primary")
    for coach in slots[len(covered) :]:
        unit = rng.choice(covered)
        if (coach, unit.id) not in used:
            assign(coach, unit, "backup")
    # Coaches on leave still hold a team on paper (the team is not covered); alumni handed theirs over.
    inactive = [c for c in demo.coach_ids if c not in targets]
    uncovered = [
        u
        for u in demo.units
        if u.kind == "team" and u.wave in (0, 1) and not u.exempt and not u.primary_coach
    ]
    for coach, unit in zip(inactive, uncovered, strict=False):
        ended = demo.coach_status[coach] == "alumni"
        assign(coach, unit, "primary", end=demo.today - timedelta(days=45) if ended else None)
