"""Deterministic demo data: Northwind Group's OKR rollout, small (a workshop) or large (a load test).

Every date is relative to `today`, so the story always has a past, overdue items and a future.
The generator (demo_org, demo_events, demo_history) builds rows with their ids in memory; they go
in through bulk `insert(Table)` executemany in one transaction, ~10x faster than ORM objects.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, bindparam, delete, exists, insert, select, update
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from okr_cockpit.db import models as m
from okr_cockpit.db.engine import Database, sqlite_path
from okr_cockpit.db.ids import after_explicit_ids, highest_id_ever
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import last_audit_id
from okr_cockpit.services.demo import events as demo_events
from okr_cockpit.services.demo import history as demo_history
from okr_cockpit.services.demo import org as demo_org
from okr_cockpit.services.demo.base import SCALES, Demo
from okr_cockpit.services.demo.stories import story_for
from okr_cockpit.services.maintenance import backup_database
from okr_cockpit.services.records import record_audit
from okr_cockpit.services.settings import DATABASE_ID

SEED = 20260101
SIZES = tuple(SCALES)
SIZE_WORDS = {"small": N_("small"), "large": N_("large")}  # "the small demo", in the user's language


@dataclass(frozen=True)
class DemoSummary:
    units: int
    teams: int
    people: int
    coaches: int
    assignments: int
    waves: int
    cycles: int
    events: int
    stakeholders: int
    interactions: int
    raci_cells: int
    learnings: int
    audit_entries: int
    backup: Path | None = None  # the copy of what a replacement replaced

    def describe(self) -> str:
        return _(
            "{units:,} units ({teams:,} teams), {people:,} people, {coaches:,} coaches, "
            "{assignments:,} assignments, {waves} waves, {cycles} cycles, "
            "{events:,} events, {stakeholders:,} stakeholders, {interactions:,} interactions"
        ).format(
            units=self.units,
            teams=self.teams,
            people=self.people,
            coaches=self.coaches,
            assignments=self.assignments,
            waves=self.waves,
            cycles=self.cycles,
            events=self.events,
            stakeholders=self.stakeholders,
            interactions=self.interactions,
        )


def link_homes(session: Session, demo: Demo) -> None:
    """People's home units, set after the units exist (the two tables point at each other)."""
    person = m.Person.__table__
    stmt = update(person).where(person.c.id == bindparam("pid")).values(home_unit_id=bindparam("uid"))
    session.connection().execute(stmt, demo.homes)


INSERT_ORDER = (
    m.RolloutWave,
    m.Cycle,
    m.WaveCriterion,
    m.Person,
    m.OrgUnit,
    m.Coach,
    m.Assignment,
    m.CycleEvent,
    m.Stakeholder,
    m.Interaction,
    m.RaciActivity,
    m.RaciCell,
    m.Learning,
    m.AuditEntry,
)


def build_demo(*, size: str, today: date, language: str | None = None) -> Demo:
    """Every demo row, with its id, in memory; its words in `language` (default: the user's)."""
    if size not in SIZES:
        raise CockpitError(_("Unknown demo size {size!r}: use small or large.").format(size=size))
    rng = random.Random(f"{SEED}-{size}")
    demo = Demo(today=today, rng=rng, scale=SCALES[size], story=story_for(language))
    demo_org.build_cycles(demo)
    demo_org.build_waves(demo)
    demo_org.build_org(demo, size)
    demo_org.build_coaches(demo)
    demo_events.build_events(demo)
    demo_events.build_stakeholders(demo)
    demo_history.build_process(demo)
    demo_history.build_history(demo)
    return demo


def load_demo(
    db: Database, *, size: str = "small", today: date, replace: bool = False, language: str | None = None
) -> DemoSummary:
    """Write the demo in one transaction: into an empty database, or replacing everything if `replace`.

    A replacement first writes a verified backup beside the file (while holding the write lock, so
    it is exactly what is replaced), keeps the audit log and adds one entry saying who replaced it.
    The words are in `language`, by default the language the cockpit runs in.
    """
    demo = build_demo(size=size, today=today, language=language)

    def write(session: Session) -> Path | None:
        connection = session.connection()  # BEGIN IMMEDIATE: nobody writes between backup and clear
        backup = None
        if replace:
            backup = backup_before_replacing(db, session)
            clear_all(session)
        elif not tables_empty(session):
            raise CockpitError(_("The database already holds data; clear it before loading the demo."))
        if replace or last_audit_id(session):
            # Made-up history beside a real audit log would be a forgery: only true entries stay.
            demo.rows.pop(m.AuditEntry.__tablename__, None)
        place_above_used_ids(connection, demo)
        for model in INSERT_ORDER:
            rows = demo.rows.get(model.__tablename__)
            if model is m.OrgUnit:
                rows = sorted(rows or [], key=lambda r: r["id"])
            if rows:
                connection.execute(insert(model.__table__), rows)
            if model is m.OrgUnit:
                link_homes(session, demo)
        after_explicit_ids(connection, [model.__table__ for model in INSERT_ORDER])
        if backup is not None:
            record_audit(
                session,
                entity="database",
                entity_id=0,
                action="replace",
                changes={
                    "contents": (_("everything"), _("the {size} demo").format(size=_(SIZE_WORDS[size]))),
                    "backup": (None, str(backup)),
                },
                label=_("all data with the {size} demo").format(size=_(SIZE_WORDS[size])),
            )
        return backup

    backup = db.write(write)
    return DemoSummary(
        units=len(demo.units),
        teams=sum(1 for u in demo.units if u.kind == "team"),
        people=demo.count(m.Person),
        coaches=demo.count(m.Coach),
        assignments=demo.count(m.Assignment),
        waves=demo.count(m.RolloutWave),
        cycles=demo.count(m.Cycle),
        events=demo.count(m.CycleEvent),
        stakeholders=demo.count(m.Stakeholder),
        interactions=demo.count(m.Interaction),
        raci_cells=demo.count(m.RaciCell),
        learnings=demo.count(m.Learning),
        audit_entries=demo.count(m.AuditEntry),
        backup=backup,
    )


def tables_empty(session: Session) -> bool:
    return not any(
        session.execute(select(exists().select_from(model.__table__))).scalar()
        for model in (m.OrgUnit, m.Person, m.Cycle, m.Stakeholder, m.RolloutWave)
    )


def database_is_empty(db: Database) -> bool:
    """No units, people, cycles, stakeholders or waves: nothing a demo would overwrite."""
    return db.read(tables_empty)


def clear_all(session: Session) -> None:
    """Delete every row of every table but the audit log (append-only) and the database's identity."""
    unit, person = m.OrgUnit.__table__, m.Person.__table__
    setting = m.Setting.__table__
    # parent_id is RESTRICT and checked per row, so the tree is flattened before it is deleted.
    session.execute(update(unit).values(parent_id=None))
    session.execute(update(person).values(home_unit_id=None))
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table is m.AuditEntry.__table__:
            continue
        if table is setting:
            session.execute(delete(setting).where(setting.c.key != DATABASE_ID))
        else:
            session.execute(delete(table))


def backup_before_replacing(db: Database, session: Session) -> Path:
    """A verified copy of what is about to be replaced: beside a file, e.g.
    `cockpit.db.replaced-20261116T101500.bak`; from a server, a SQLite cockpit file in the user's data
    folder, e.g. `okr.replaced-20261116T101500.db`, written from the replacing transaction's own view."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = sqlite_path(db.url)
    if path is not None:
        return backup_database(path, path.with_name(f"{path.name}.replaced-{stamp}.bak")).path
    from platformdirs import user_data_dir

    from okr_cockpit.db.open import open_database
    from okr_cockpit.db.transfer import copy_into, snapshot_of

    folder = Path(user_data_dir("okr-cockpit", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db.engine.url.database or 'cockpit'}.replaced-{stamp}.db"
    opened = open_database(str(target), initialize=True)
    try:
        copy_into(opened.db, snapshot_of(session))  # verified: counts and audit ids, before its commit
    except BaseException:
        opened.db.dispose()
        target.unlink(missing_ok=True)
        raise
    opened.db.dispose()
    return target


def place_above_used_ids(connection: Connection, demo: Demo) -> None:
    """Shift the demo's ids (and the links to them) above every id the database has handed out."""
    tables = {table.name: table for table in SQLModel.metadata.sorted_tables}
    offsets = {name: highest_id_ever(connection, table) for name, table in tables.items()}
    for name, rows in demo.rows.items():
        links = [(key.parent.name, key.column.table.name) for key in tables[name].foreign_keys]
        for row in rows:
            row["id"] += offsets[name]
            for column, target in links:
                if row.get(column) is not None:
                    row[column] += offsets[target]
            if name == m.AuditEntry.__tablename__:
                row["entity_id"] += offsets[row["entity"]]
    for home in demo.homes:
        home["pid"] += offsets[m.Person.__tablename__]
        home["uid"] += offsets[m.OrgUnit.__tablename__]
