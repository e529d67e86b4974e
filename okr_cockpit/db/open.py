"""Open a cockpit database from a path or URL: check the location, build the engine, fit the schema.

Every problem becomes one CockpitError sentence; nothing is written to a file that is refused.
"""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from okr_cockpit.db.engine import Database, make_engine, sqlite_path, to_url
from okr_cockpit.db.schema import HEAD_REVISION, ensure_schema, newer_schema_message, stored_revision
from okr_cockpit.errors import CockpitError, NewerSchemaError, SchemaError

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Opened:
    db: Database
    # Why the database is read-only when it was not asked to be (shown in a banner), else "".
    read_only_reason: str = ""
    backup: Path | None = None


def check_location(path: Path, *, must_exist: bool = False) -> None:
    """Refuse directories, missing folders and files that are not SQLite, before SQLite sees them."""
    if os.path.isdir(path.parent) and not os.access(path.parent, os.X_OK):
        # Without search permission the file may well exist; "there is none" would mislead.
        raise CockpitError(f"Cannot open {path}: you may not enter the folder {path.parent}.")
    try:
        _check_location(path, must_exist=must_exist)
    except PermissionError:  # e.g. a folder further up that this user may not enter
        raise CockpitError(f"Cannot open {path}: permission denied.") from None


def _check_location(path: Path, *, must_exist: bool) -> None:
    if path.is_dir():
        raise CockpitError(f"{path} is a directory, not a database file.")
    if not path.exists():
        if not path.parent.is_dir():
            raise CockpitError(f"The folder {path.parent} does not exist.")
        if must_exist:
            raise CockpitError(f"There is no database at {path}.")
        if not os.access(path.parent, os.W_OK):
            raise CockpitError(f"Cannot create a database in {path.parent}: permission denied.")
        return
    if not os.access(path, os.R_OK):
        raise CockpitError(f"Cannot read {path}: permission denied.")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise CockpitError(f"{path} is not an SQLite database.")


def writable(path: Path) -> bool:
    """Can this process write the file and create its -wal/-shm companions?"""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)


def open_database(location: str, *, read_only: bool = False, create: bool = True) -> Opened:
    """Open (and if needed create and migrate) the database at `location`.

    A file that cannot be written, or one from a newer schema, is opened read-only with a reason.
    """
    url = to_url(location)
    path = sqlite_path(url)
    reason = ""
    if path is not None:
        check_location(path, must_exist=not create or read_only)
        if not read_only and path.exists() and not writable(path):
            read_only, reason = True, f"You cannot write {path}, so it is open read-only."
    try:
        engine = make_engine(url, read_only=read_only)
        if read_only:
            try:
                stored = stored_revision(engine)
            except DBAPIError as error:
                if path is None or not needs_snapshot(error, path):
                    raise
                engine.dispose()
                engine = make_engine(url, read_only=True, snapshot=True)
                stored = stored_revision(engine)
                reason = f"{reason or 'Opened read-only.'} {SNAPSHOT_NOTE}"
            if stored is not None and int(stored) > int(HEAD_REVISION):
                reason = reason or newer_schema_message(stored)
            elif stored != HEAD_REVISION:
                raise SchemaError(
                    "This database needs to be upgraded first; open it once without --read-only."
                    if stored
                    else "This file is not an okr-cockpit database."
                )
            return Opened(Database(engine, read_only=True), reason)
        try:
            backup = ensure_schema(engine)
        except NewerSchemaError as error:
            engine.dispose()
            return Opened(Database(make_engine(url, read_only=True), read_only=True), str(error))
        return Opened(Database(engine), "", backup)
    except DBAPIError as error:
        raise CockpitError(describe_open_error(error.orig, location)) from error
    except sqlite3.Error as error:
        raise CockpitError(describe_open_error(error, location)) from error


SNAPSHOT_NOTE = "You cannot write its folder either, so this is a snapshot: reopen to see others' changes."


def needs_snapshot(error: DBAPIError, path: Path) -> bool:
    """A WAL file nobody has open, in a folder this user cannot write: SQLite cannot create its -shm."""
    return "readonly" in str(error.orig) and not os.access(path.parent, os.W_OK)


def describe_open_error(error: BaseException | None, location: str) -> str:
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return f"{location} is damaged or not an SQLite database."
    if "locked" in text or "busy" in text:
        return "Another user is saving — try again."
    if "unable to open" in text:
        return f"Cannot open {location}."
    return f"Cannot open {location}: {text}."
