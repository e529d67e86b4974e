"""ids never reused, audit log append-only: AUTOINCREMENT on every table; RACI cells and settings
get an id and a version; triggers refuse UPDATE/DELETE on audit_entry

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Without AUTOINCREMENT SQLite gives a new row the id of the deleted row with the highest id, so a
stale edit of a deleted row lands on a different record. SQLite cannot add AUTOINCREMENT to a
table, so each one is rebuilt (SQLite's documented create-copy-drop-rename procedure) from its own
stored CREATE statement with only the primary key clause changed: every column, CHECK, UNIQUE and
foreign key stays as it was, and its indexes are created again from their stored statements.
The sequence starts above every id the audit log has seen, so ids deleted before this upgrade are
not handed out either. PostgreSQL's sequences never reuse ids; there only the two reshaped tables
change. Foreign keys are off meanwhile (db/schema.migrate), as dropping a parent would cascade.
"""

import re
import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DATABASE_ID = "database_id"  # services/settings.py reads it; calendar UIDs carry it
OLD_AUDIT_ACTIONS_CHECK = "action IN ('create', 'update', 'delete')"
AUDIT_ACTIONS_CHECK = "action IN ('create', 'update', 'delete', 'replace')"
APPEND_ONLY = "The audit log is append-only."


def upgrade() -> None:
    reshape_raci_cell()
    reshape_setting()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in id_tables():
            rebuild_with_autoincrement(table)
    else:
        op.drop_constraint("ck_action_allowed", "audit_entry", type_="check")
        op.create_check_constraint("ck_action_allowed", "audit_entry", AUDIT_ACTIONS_CHECK)
    make_audit_append_only(dialect)
    # One random identity per database, so two cockpits' calendar UIDs never clash.
    setting = sa.table("setting", sa.column("key"), sa.column("value"))
    op.execute(setting.insert().values(key=DATABASE_ID, value=str(uuid.uuid4())))


def downgrade() -> None:
    raise NotImplementedError("Schema version 3 cannot be downgraded; restore the backup made before it.")


# -- the two tables that had no id --------------------------------------------------------------


def reshape_raci_cell() -> None:
    op.create_table(
        "_new_raci_cell",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("letter", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "role IN ('plo', 'coaches', 'sponsor', 'leaders', 'teams')", name="ck_role_allowed"
        ),
        sa.CheckConstraint("letter IN ('R', 'A', 'C', 'I')", name="ck_letter_allowed"),
        sa.ForeignKeyConstraint(["activity_id"], ["raci_activity.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("activity_id", "role", name="uq_raci_cell_activity_role"),
        sqlite_autoincrement=True,
    )
    op.execute(
        "INSERT INTO _new_raci_cell (activity_id, role, letter) "
        "SELECT activity_id, role, letter FROM raci_cell ORDER BY activity_id, role"
    )
    op.drop_index("uq_raci_one_accountable", table_name="raci_cell")
    op.drop_table("raci_cell")
    op.rename_table("_new_raci_cell", "raci_cell")
    op.create_index(
        "uq_raci_one_accountable",
        "raci_cell",
        ["activity_id"],
        unique=True,
        sqlite_where=sa.text("letter = 'A'"),
        postgresql_where=sa.text("letter = 'A'"),
    )


def reshape_setting() -> None:
    op.create_table(
        "_new_setting",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("length(key) > 0", name="ck_setting_key"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_setting_key"),
        sqlite_autoincrement=True,
    )
    op.execute('INSERT INTO _new_setting ("key", value) SELECT "key", value FROM setting ORDER BY "key"')
    op.drop_table("setting")
    op.rename_table("_new_setting", "setting")


# -- SQLite: every other table rebuilt with AUTOINCREMENT ---------------------------------------


def id_tables() -> list[str]:
    """Tables whose integer `id` is a plain primary key (not yet AUTOINCREMENT)."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for name, sql in rows if "PRIMARY KEY (id)" in sql and "AUTOINCREMENT" not in sql]


def rebuild_with_autoincrement(table: str) -> None:
    bind = op.get_bind()
    create = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    sql = create.scalar_one()
    indexes = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    ]
    new = f"_new_{table}"
    new_sql = autoincrement_sql(sql, table, new)
    columns = ", ".join(f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")'))
    bind.exec_driver_sql(new_sql)
    bind.exec_driver_sql(f'INSERT INTO "{new}" ({columns}) SELECT {columns} FROM "{table}" ORDER BY id')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index_sql in indexes:
        bind.exec_driver_sql(index_sql)
    start_sequence_above_audited_ids(table)


def autoincrement_sql(sql: str, table: str, new: str) -> str:
    """The stored CREATE TABLE with `id ... PRIMARY KEY AUTOINCREMENT` and nothing else changed."""
    renamed, named = re.subn(rf'^CREATE TABLE "?{re.escape(table)}"? \(', f'CREATE TABLE "{new}" (', sql)
    inline, marked = re.subn(
        r"\bid INTEGER NOT NULL,", "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", renamed
    )
    result, dropped = re.subn(r"\s*PRIMARY KEY \(id\),", "", inline)
    if (named, marked, dropped) != (1, 1, 1):
        raise RuntimeError(f"Unexpected table definition for {table}; not upgraded: {sql}")
    if table == "audit_entry":  # a replacement of the whole contents is one entry of its own
        result, widened = re.subn(re.escape(OLD_AUDIT_ACTIONS_CHECK), AUDIT_ACTIONS_CHECK, result)
        if widened != 1:
            raise RuntimeError(f"Unexpected audit_entry definition; not upgraded: {sql}")
    return result


def start_sequence_above_audited_ids(table: str) -> None:
    bind = op.get_bind()
    highest = bind.exec_driver_sql(
        f'SELECT max(coalesce((SELECT max(id) FROM "{table}"), 0), '
        "coalesce((SELECT max(entity_id) FROM audit_entry WHERE entity = ?), 0))",
        (table,),
    ).scalar_one()
    if not highest:
        return
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest))


# -- the audit log: append-only for every code path ---------------------------------------------


def make_audit_append_only(dialect: str) -> None:
    """Triggers refuse UPDATE and DELETE on audit_entry (and TRUNCATE on PostgreSQL)."""
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
    )
