"""Schema versions: check the stored revision cheaply, migrate (after a backup) only when needed.

Alembic is imported only to migrate, so opening an up-to-date database stays fast.
Revisions are numbered "0001", "0002", ... so that versions compare as numbers.
"""

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from okr_cockpit.db.engine import sqlite_path
from okr_cockpit.db.files import copy_database
from okr_cockpit.errors import NewerSchemaError, SchemaError
from okr_cockpit.i18n import _

HEAD_REVISION = "0006"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def stored_revision(source: "Engine | sqlite3.Connection") -> str | None:
    """The revision recorded in the database, None for one without: the one reader of it, for an
    engine (either backend) or a plain read-only sqlite3 connection (open's probe, `check`).

    Several rows (never written by Alembic) come back joined with commas: an unknown revision.
    """
    if isinstance(source, sqlite3.Connection):
        found = source.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'")
        if not found.fetchone():
            return None
        values = [value for (value,) in source.execute(REVISION_SQL)]
    else:
        with source.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            values = connection.execute(text(REVISION_SQL)).scalars().all()
    return ",".join(str(value) for value in values)


REVISION_SQL = "SELECT version_num FROM alembic_version"


def has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


CURRENT, OLDER, NEWER, UNKNOWN = "current", "older", "newer", "unknown"


def classify_revision(stored: str) -> str:
    """CURRENT, OLDER (upgradable), NEWER (a later okr-cockpit's) or UNKNOWN (not one of ours)."""
    if stored == HEAD_REVISION:
        return CURRENT
    if not re.fullmatch(r"\d{4}", stored) or int(stored) == 0:
        return UNKNOWN
    return OLDER if int(stored) < int(HEAD_REVISION) else NEWER


def newer_schema_message(stored: str) -> str:
    return _(
        "This database uses schema version {stored}, but this okr-cockpit knows only up to "
        "version {head}: update okr-cockpit to change it."
    ).format(stored=int(stored), head=int(HEAD_REVISION))


def unknown_schema_message(stored: str) -> str:
    shown = repr(stored) if stored else _("an empty one")
    return _(
        "This database records the schema revision {shown}, which no okr-cockpit writes; "
        "it was left as it is."
    ).format(shown=shown)


def ensure_schema(engine: Engine) -> Path | None:
    """Bring the database to HEAD_REVISION. Returns the backup made before migrating, if any.

    Raises SchemaError for a newer schema or a file that is not an okr-cockpit database.
    """
    stored = stored_revision(engine)
    if stored == HEAD_REVISION:
        return None
    if stored is None and has_tables(engine):
        raise SchemaError(_("This SQLite file is not an okr-cockpit database."))
    if stored is not None:
        kind = classify_revision(stored)
        if kind == UNKNOWN:
            raise SchemaError(unknown_schema_message(stored))
        if kind == NEWER:
            raise NewerSchemaError(newer_schema_message(stored))
    backup = backup_before_migration(engine, stored) if stored is not None else None
    migrate(engine)
    return backup


def migrate(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Rebuilding a table drops it, and a drop with foreign keys on would cascade to its
            # children. The pragma only takes effect outside a transaction, hence the raw driver.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            # IMMEDIATE: a second cockpit migrating at the same moment waits, then finds it done.
            connection.execution_options(immediate=True)
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaError(
                        _("The upgrade would break links between records; nothing was changed.")
                    )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def backup_before_migration(engine: Engine, stored: str) -> Path | None:
    """Copy the file next to itself with SQLite's backup API (consistent even while others write)."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.schema-{int(stored)}-{stamp}.bak")
    copy_database(path, target)
    return target
