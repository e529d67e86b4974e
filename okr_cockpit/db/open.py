"""Open a cockpit database from a path or URL: check the location, build the engine, fit the schema.

Every problem becomes one CockpitError sentence; nothing is written to a file that is refused.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from okr_cockpit.db.engine import Database, make_engine
from okr_cockpit.db.location import Location, readonly_uri
from okr_cockpit.db.schema import (
    NEWER,
    OLDER,
    UNKNOWN,
    classify_revision,
    ensure_schema,
    newer_schema_message,
    stored_revision,
    unknown_schema_message,
)
from okr_cockpit.errors import CockpitError, NewerSchemaError, SchemaError
from okr_cockpit.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Opened:
    db: Database
    # Why the database is read-only when it was not asked to be (shown in a banner), else "".
    read_only_reason: str = ""
    backup: Path | None = None
    # `init` only: the cockpit's tables were created by this open (the database had none).
    created: bool = False


def check_location(path: Path, *, must_exist: bool = False) -> None:
    """Refuse directories, missing folders and files that are not SQLite, before SQLite sees them."""
    if os.path.isdir(path.parent) and not os.access(path.parent, os.X_OK):
        # Without search permission the file may well exist; "there is none" would mislead.
        raise CockpitError(
            _("Cannot open {path}: you may not enter the folder {parent}.").format(
                path=path, parent=path.parent
            )
        )
    try:
        _check_location(path, must_exist=must_exist)
    except PermissionError:  # e.g. a folder further up that this user may not enter
        raise CockpitError(_("Cannot open {path}: permission denied.").format(path=path)) from None


def _check_location(path: Path, *, must_exist: bool) -> None:
    if path.is_dir():
        raise CockpitError(_("{path} is a directory, not a database file.").format(path=path))
    if not path.exists():
        if not path.parent.is_dir():
            raise CockpitError(_("The folder {parent} does not exist.").format(parent=path.parent))
        if must_exist:
            raise CockpitError(_("There is no database at {path}.").format(path=path))
        if not os.access(path.parent, os.W_OK):
            raise CockpitError(
                _("Cannot create a database in {parent}: permission denied.").format(parent=path.parent)
            )
        return
    if not os.access(path, os.R_OK):
        raise CockpitError(_("Cannot read {path}: permission denied.").format(path=path))
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise CockpitError(_("{path} is not an SQLite database.").format(path=path))


def writable(path: Path) -> bool:
    """Can this process write the file and create its -wal/-shm companions?"""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)


def open_database(
    location: "str | Path | Location",
    *,
    read_only: bool = False,
    create: bool = True,
    initialize: bool = False,
    one_shot: bool = False,
) -> Opened:
    """Open (and if needed create and migrate) the database at `location`.

    An existing file is looked at read-only first: nothing is written to it (not even the switch
    to WAL) until it is known to be an okr-cockpit database of a known schema. A file that cannot
    be written, or one from a newer schema, is opened read-only with a reason. An empty file
    becomes a cockpit database only with `initialize` (the `init` command). `one_shot`: a command
    that reads once (an export), never live, so an unattended WAL file gets no -wal/-shm beside it.
    """
    url = Location.parse(location)
    path = url.path
    location = url.shown  # for messages: never the password
    reason = ""
    if path is not None:
        check_location(path, must_exist=not create or read_only)
        if path.exists():
            probe = probe_file(path, location)
            read_only, reason = _refuse_or_restrict(probe, path, initialize=initialize, read_only=read_only)
            if not read_only and not writable(path):
                reason = _("You cannot write {path}, so it is open read-only.").format(path=path)
                read_only = True
    try:
        if read_only:
            return _open_read_only(url, path, reason, live=not one_shot)
        engine = make_engine(url)
        try:
            created = initialize and stored_revision(engine) is None
            backup = ensure_schema(engine)
        except NewerSchemaError as error:  # another database server, or a file changed meanwhile
            engine.dispose()
            return Opened(Database(make_engine(url, read_only=True), read_only=True), str(error))
        if url.is_server:
            check_server_version(engine)
        return Opened(Database(engine), "", backup, created=created)
    except DBAPIError as error:
        if url.is_server:
            raise CockpitError(describe_server_error(error.orig, url)) from error
        raise CockpitError(describe_open_error(error.orig, location)) from error
    except sqlite3.Error as error:
        raise CockpitError(describe_open_error(error, location)) from error


def _refuse_or_restrict(probe: "Probe", path: Path, *, initialize: bool, read_only: bool) -> tuple[bool, str]:
    """Raise for a file that must stay untouched; say so when it may only be read."""
    if probe.revision is None:
        if probe.has_tables:
            raise SchemaError(_("This SQLite file is not an okr-cockpit database."))
        if not initialize:
            raise CockpitError(
                _(
                    "{path} is an empty file, not an okr-cockpit database; run `okr-cockpit "
                    "init {path}` to make it one."
                ).format(path=path)
            )
        if read_only:
            raise CockpitError(_("{path} is an empty file; it cannot be opened read-only.").format(path=path))
        return False, ""
    kind = classify_revision(probe.revision)
    if kind == UNKNOWN:
        raise SchemaError(unknown_schema_message(probe.revision))
    if kind == NEWER:
        return True, newer_schema_message(probe.revision)
    if kind == OLDER and read_only:
        raise SchemaError(_("This database needs to be upgraded first; open it once without --read-only."))
    return read_only, ""


def _open_read_only(url: Location, path: Path | None, reason: str, *, live: bool = True) -> Opened:
    # Live only for our own schema opened read-only by choice; a newer file is left untouched.
    live = live and not reason and path is not None and os.access(path, os.W_OK)
    engine, note = read_only_engine(url, path, live=live)
    stored = stored_revision(engine)
    if stored is None:
        raise SchemaError(_("This file is not an okr-cockpit database."))
    kind = classify_revision(stored)
    if kind == UNKNOWN:
        raise SchemaError(unknown_schema_message(stored))
    if kind == OLDER:
        raise SchemaError(_("This database needs to be upgraded first; open it once without --read-only."))
    if kind == NEWER:
        reason = reason or newer_schema_message(stored)
    if note:
        reason = f"{reason or 'Opened read-only.'} {note}"
    return Opened(Database(engine, read_only=True), reason)


def read_only_engine(url: "str | Location", path: Path | None, *, live: bool = False) -> tuple[Engine, str]:
    """The read-only engine the app, `check` and `backup` use, and a note when it reads a snapshot.

    `live`: the user may write the file but asked for read-only (--read-only, --present) and expects
    others' changes to appear, so an unattended WAL file is opened normally rather than as a snapshot.
    """
    if path is None:
        return make_engine(url, read_only=True), ""
    if unattended_wal(path) and not live:
        # Nobody has the WAL file open: even a read-only connection would leave -wal/-shm behind
        # (owned by this user, possibly locking writers out). Its main file is complete right now.
        return make_engine(url, read_only=True, snapshot=True), UNATTENDED_NOTE
    engine = make_engine(url, read_only=True)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
    except DBAPIError as error:
        if not needs_snapshot(error, path):
            raise
        engine.dispose()
        return make_engine(url, read_only=True, snapshot=True), SNAPSHOT_NOTE
    return engine, ""


@dataclass(frozen=True)
class Probe:
    """What a file holds, read without writing anything (not even -wal/-shm files)."""

    revision: str | None  # None: no alembic_version table
    has_tables: bool


def probe_file(path: Path, location: str) -> Probe:
    if path.stat().st_size == 0:
        return Probe(None, False)
    try:
        with read_only_connection(path) as connection:
            names = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = stored_revision(connection)
    except sqlite3.Error as error:
        raise CockpitError(describe_open_error(error, location)) from error
    return Probe(revision, bool(names - {"alembic_version"}))


def in_wal_mode(path: Path) -> bool:
    """The file header says WAL (asking SQLite would take a connection, which may write)."""
    with path.open("rb") as handle:
        header = handle.read(20)
    return len(header) == 20 and header[18] == 2  # the file format's write version: 2 means WAL


def unattended_wal(path: Path) -> bool:
    """In WAL mode with no -wal/-shm beside it: nobody has it open."""
    return in_wal_mode(path) and not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))


@contextmanager
def read_only_connection(path: Path, *, timeout: float = 5) -> Iterator[sqlite3.Connection]:
    """A connection that reads `path` and writes nothing beside it; shared by open, check and backup.

    An unattended WAL file is read as a snapshot (a plain read-only connection would leave empty
    -wal/-shm files); a WAL file in use in a folder this user cannot write falls back to one too.
    """
    snapshot = unattended_wal(path)
    connection = sqlite3.connect(readonly_uri(path, snapshot=snapshot), uri=True, timeout=timeout)
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            if snapshot or "readonly" not in str(error) or os.access(path.parent, os.W_OK):
                raise
            connection.close()
            connection = sqlite3.connect(readonly_uri(path, snapshot=True), uri=True, timeout=timeout)
        yield connection
    finally:
        connection.close()


UNATTENDED_NOTE = "Nobody else has it open, so this is a snapshot: reopen to see later changes."
SNAPSHOT_NOTE = "You cannot write its folder either, so this is a snapshot: reopen to see others' changes."


def needs_snapshot(error: DBAPIError, path: Path) -> bool:
    """A WAL file nobody has open, in a folder this user cannot write: SQLite cannot create its -shm."""
    return "readonly" in str(error.orig) and not os.access(path.parent, os.W_OK)


# The oldest PostgreSQL the cockpit is tested on (CREATE ... EXECUTE FUNCTION needs 11).
OLDEST_SERVER = 13


def check_server_version(engine: Engine) -> None:
    major = engine.dialect.server_version_info[0] if engine.dialect.server_version_info else OLDEST_SERVER
    if major < OLDEST_SERVER:
        engine.dispose()
        raise CockpitError(
            _("The PostgreSQL server is version {major}; okr-cockpit needs {OLDEST_SERVER} or newer.").format(
                major=major, OLDEST_SERVER=OLDEST_SERVER
            )
        )


def describe_server_error(error: BaseException | None, location: Location) -> str:
    """One sentence for what goes wrong reaching a PostgreSQL database (never the password)."""
    text = str(error)
    where = location.shown
    database = location.url.database or "?"
    if "password authentication failed" in text or "no password supplied" in text or "authentication" in text:
        return _("The server refused the login for {where}: check the user name and password.").format(
            where=where
        )
    if "does not exist" in text and "database" in text:
        return _(
            "The database {database} does not exist on the server; ask IT to create it (docs/POSTGRESQL.md)."
        ).format(database=database)
    if "permission denied" in text:
        return _("The role of {where} lacks a privilege okr-cockpit needs: {problem}.").format(
            where=where, problem=text.splitlines()[0]
        )
    if any(
        word in text
        for word in (
            "Connection refused",
            "No such file",
            "could not connect",
            "timeout",
            "connection failed",
            "could not translate host name",
        )
    ):
        return _("The database server of {where} cannot be reached; is it running?").format(where=where)
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return _("Cannot open {where}: {problem}.").format(where=where, problem=first)


def describe_open_error(error: BaseException | None, location: str) -> str:
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return _("{location} is damaged or not an SQLite database.").format(location=location)
    if "locked" in text or "busy" in text:
        return _("Another user is saving — try again.")
    if "unable to open" in text:
        return _("Cannot open {location}.").format(location=location)
    return _("Cannot open {where}: {problem}.").format(where=location, problem=text)
