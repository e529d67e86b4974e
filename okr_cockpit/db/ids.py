"""The highest id a table has ever handed out, deleted rows included, so bulk loads never reuse one."""

from sqlalchemy import Connection, Table, func, select, text

from okr_cockpit.db.models import AuditEntry


def highest_id_ever(connection: Connection, table: Table) -> int:
    """The largest of: the ids in the table, the ids the audit log names, the table's id sequence
    (SQLite's AUTOINCREMENT sqlite_sequence, PostgreSQL's serial sequence)."""
    audit = AuditEntry.__table__  # type: ignore[attr-defined]
    found = [
        connection.execute(select(func.max(table.c.id))).scalar(),
        connection.execute(select(func.max(audit.c.entity_id)).where(audit.c.entity == table.name)).scalar(),
    ]
    if connection.dialect.name == "sqlite":
        sequence = text("SELECT seq FROM sqlite_sequence WHERE name = :name")
        found.append(connection.execute(sequence, {"name": table.name}).scalar())
    elif connection.dialect.name == "postgresql":
        found.append(connection.execute(_PG_LAST_VALUE, {"table": table.name}).scalar())
    return max((value or 0) for value in found)


_PG_LAST_VALUE = text("SELECT pg_sequence_last_value(pg_get_serial_sequence(:table, 'id')::regclass)")


def after_explicit_ids(connection: Connection, tables: "list[Table]") -> None:
    """After rows were inserted with their ids given (demo, copy): move PostgreSQL's sequences past
    them, so the next row gets a new id (SQLite's AUTOINCREMENT follows inserted ids by itself)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c:
            continue
        highest = highest_id_ever(connection, table)
        if highest:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": table.name, "value": highest},
            )
