"""A whole cockpit from one database into another, on either backend: `okr-cockpit copy` and
`backup DEST.db` from PostgreSQL.

The source is read in one snapshot; the destination is written in one transaction (its
Database.write), so a failed copy leaves it as it was. Every table is copied with its ids: rows
first with the links to tables not yet written (org_unit <-> person, a unit's parent) left empty,
those links set once every row is there. The audit log is copied as it is (insert only: it stays
append-only). The id sequences continue above the highest id the source ever handed out, and the
destination takes the source's identity (calendar UIDs stay the same). Before committing, the
row count of every table and the audit log's ids are compared with the source's.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select, text, update
from sqlmodel import SQLModel

import okr_cockpit.db.models  # noqa: F401 - registers every table on SQLModel.metadata
from okr_cockpit.db.engine import Database
from okr_cockpit.db.ids import highest_id_ever
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _

CHUNK = 2000
DATABASE_ID = "database_id"


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, list[dict[str, Any]]]
    highest: dict[str, int]  # per table: the highest id ever handed out
    audit_ids: tuple[int, ...]


@dataclass(frozen=True)
class CopyResult:
    counts: dict[str, int]  # rows per table, as in both databases


def tables() -> list[Table]:
    return [table for table in SQLModel.metadata.sorted_tables if table.name != "alembic_version"]


def read_snapshot(source: Database) -> Snapshot:
    return source.read(snapshot_of)


def snapshot_of(session) -> Snapshot:
    """Everything the session's transaction sees (inside a write: exactly what that write will change)."""
    connection = session.connection()
    rows = {
        table.name: [dict(row) for row in connection.execute(select(table).order_by(*table.primary_key))
                     .mappings()]
        for table in tables()
    }  # fmt: skip
    highest = {table.name: highest_id_ever(connection, table) for table in tables() if "id" in table.c}
    audit = tuple(row["id"] for row in rows["audit_entry"])
    return Snapshot(rows, highest, audit)


def holds_data(connection: Connection) -> bool:
    """Anything beyond what a new, empty cockpit has (its own identity setting)?"""
    for table in tables():
        query = select(func.count()).select_from(table)
        if table.name == "setting":
            query = query.where(table.c.key != DATABASE_ID)
        if connection.execute(query).scalar():
            return True
    return False


def copy_into(dest: Database, snapshot: Snapshot, replace: bool = False) -> CopyResult:
    """Write `snapshot` into the empty cockpit `dest` in one transaction, verified before commit.

    With `replace`, whatever `dest` holds is deleted first, in the same transaction."""
    backend = dest.engine.dialect.name

    def work(session) -> CopyResult:
        connection = session.connection()
        if replace:
            empty_everything(connection)
        elif holds_data(connection):
            raise CockpitError(_("The destination already holds data; add --force to replace it."))
        connection.execute(delete(SQLModel.metadata.tables["setting"]))  # the source's identity instead
        done: set[str] = set()
        later: list[tuple[Table, str, list[dict[str, Any]]]] = []
        for table in tables():
            links = [
                key.parent.name
                for key in table.foreign_keys
                if key.column.table.name not in done or key.column.table is table
            ]
            rows = [_for_backend(row, backend) for row in snapshot.rows[table.name]]
            for column in links:
                values = [
                    {"row_id": row["id"], "value": row[column]} for row in rows if row[column] is not None
                ]
                later.append((table, column, values))
                rows = [{**row, column: None} for row in rows]
            for start in range(0, len(rows), CHUNK):
                connection.execute(table.insert(), rows[start : start + CHUNK])
            done.add(table.name)
        for table, column, values in later:
            if values:
                statement = (
                    update(table)
                    .where(table.c.id == bindparam("row_id"))
                    .values({column: bindparam("value")})
                )
                connection.execute(statement, values)
        continue_sequences(connection, snapshot.highest)
        counts = verify(connection, snapshot)
        return CopyResult(counts)

    return dest.write(work)


def empty_everything(connection: Connection) -> None:
    """Delete every row, the append-only audit log's too: its triggers are lifted for this
    transaction only, so a failed copy leaves them (and the data) as they were."""
    for table in tables():  # links first, so rows go in any order the cycles need
        for column in table.c:
            if column.foreign_keys and column.nullable:
                connection.execute(update(table).values({column.name: None}))
    with audit_triggers_lifted(connection):
        for table in reversed(tables()):
            connection.execute(delete(table))


@contextmanager
def audit_triggers_lifted(connection: Connection) -> Iterator[None]:
    if connection.dialect.name == "sqlite":
        found = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")
        ).all()
        for name, _sql in found:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        yield
        for _name, sql in found:
            connection.execute(text(sql))
        return
    connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
    yield
    connection.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER USER"))


def continue_sequences(connection: Connection, highest: dict[str, int]) -> None:
    """New rows get ids above every id the source ever handed out (deleted ones included)."""
    if connection.dialect.name == "sqlite":
        for name, value in highest.items():
            if not value:
                continue
            connection.execute(text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": name})
            connection.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
                {"name": name, "seq": value},
            )
        return
    for table in tables():
        if "id" not in table.c:
            continue
        value = max(highest.get(table.name, 0), highest_id_ever(connection, table))
        if value:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": table.name, "value": value},
            )


def verify(connection: Connection, snapshot: Snapshot) -> dict[str, int]:
    counts = {}
    for table in tables():
        found = connection.execute(select(func.count()).select_from(table)).scalar_one()
        expected = len(snapshot.rows[table.name])
        if found != expected:
            raise CockpitError(
                _("The copy of {table} has {found} rows, not {expected}; nothing was written.").format(
                    table=table.name, found=found, expected=expected
                )
            )
        counts[table.name] = found
    audit = SQLModel.metadata.tables["audit_entry"]
    ids = tuple(connection.execute(select(audit.c.id).order_by(audit.c.id)).scalars())
    if ids != snapshot.audit_ids:
        raise CockpitError(_("The copied audit log differs from the source's; nothing was written."))
    return counts


def _for_backend(row: dict[str, Any], _backend: str) -> dict[str, Any]:
    """Times as aware UTC (a naive time from SQLite is UTC; PostgreSQL answers in its session's zone)."""
    out = {}
    for key, value in row.items():
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        out[key] = value
    return out
