"""The highest id a table has ever handed out, deleted rows included, so bulk loads never reuse one."""

from sqlalchemy import Connection, Table, func, select, text

from okr_cockpit.db.models import AuditEntry


def highest_id_ever(connection: Connection, table: Table) -> int:
    """The largest of: the ids in the table, the ids the audit log names, SQLite's AUTOINCREMENT sequence."""
    audit = AuditEntry.__table__  # type: ignore[attr-defined]
    found = [
        connection.execute(select(func.max(table.c.id))).scalar(),
        connection.execute(select(func.max(audit.c.entity_id)).where(audit.c.entity == table.name)).scalar(),
    ]
    if connection.dialect.name == "sqlite":
        sequence = text("SELECT seq FROM sqlite_sequence WHERE name = :name")
        found.append(connection.execute(sequence, {"name": table.name}).scalar())
    return max((value or 0) for value in found)
