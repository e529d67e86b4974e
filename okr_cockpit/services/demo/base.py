"""The demo generator's working state: the scale of each size, the units and rows generated so far.

Rows get their ids here, so later steps can point at them before anything is written.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import ModuleType

from sqlmodel import SQLModel

from okr_cockpit.db import models as m
from okr_cockpit.services.demo import story


@dataclass(frozen=True)
class Scale:
    closed_cycles: int
    planned_cycles: int
    coaches: int
    stakeholders: int
    interactions_per_stakeholder: tuple[int, int]
    # Per-unit cycle events are held by teams (small) or departments (large: keeps it tens of thousands).
    event_scope: str
    check_in_days: int


SCALES = {
    "small": Scale(1, 2, 15, 30, (3, 7), "team", 14),
    "large": Scale(4, 3, 1000, 2000, (35, 65), "department", 28),
}
# Share of teams in each wave that have a primary coach: the rest are the PLO's open work.
COVERAGE_BY_WAVE = (0.93, 0.8, 0.35)


@dataclass
class Unit:
    id: int
    name: str
    kind: str
    parent: "Unit | None"
    wave: int | None
    state: str = "not_started"
    exempt: bool = False
    lead_id: int | None = None
    sponsor_id: int | None = None
    primary_coach: int | None = None
    joins_on: date | None = None
    paused_on: date | None = None


@dataclass
class Demo:
    """Everything generated so far: rows per table plus the facts later steps build on."""

    today: date
    rng: random.Random
    scale: Scale
    rows: dict[str, list[dict]] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    plo: list[int] = field(default_factory=list)
    plo_users: list[str] = field(default_factory=list)
    coach_ids: list[int] = field(default_factory=list)
    coach_status: dict[int, str] = field(default_factory=dict)
    active_coaches: list[int] = field(default_factory=list)
    cycles: list[dict] = field(default_factory=list)
    waves: list[dict] = field(default_factory=list)
    homes: list[dict] = field(default_factory=list)
    story: ModuleType = story  # the words: story.py (English) or story_de.py, see stories.story_for

    def add(self, model: type[SQLModel], row: dict) -> dict:
        table_rows = self.rows.setdefault(model.__tablename__, [])
        row.setdefault("id", len(table_rows) + 1)
        table_rows.append(row)
        return row

    def count(self, model: type[SQLModel]) -> int:
        return len(self.rows.get(model.__tablename__, []))


def monday_or_later(day: date) -> date:
    """Events do not fall on weekends."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def quarter_start(day: date, shift: int = 0) -> date:
    index = day.year * 4 + (day.month - 1) // 3 + shift
    return date(index // 4, index % 4 * 3 + 1, 1)


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower().replace(" ", ".") if c.isalnum() or c == ".")


def add_person(demo: Demo, name: str | None = None, title: str = "", home: int | None = None) -> int:
    """A person; the home unit is linked after the units exist (the two tables point at each other)."""
    if name is None:
        name = f"{demo.rng.choice(demo.story.FIRST_NAMES)} {demo.rng.choice(demo.story.LAST_NAMES)}"
    person_id = demo.count(m.Person) + 1
    email = f"{ascii_slug(name)}.{person_id}@{demo.story.EMAIL_DOMAIN}"
    demo.add(m.Person, {"name": name, "email": email, "title": title, "home_unit_id": None, "active": True})
    if home is not None:
        demo.homes.append({"pid": person_id, "uid": home})
    return person_id
