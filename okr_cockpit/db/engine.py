"""The one engine factory and the transaction runner shared by the app, the CLI and the tests.

Why the SQLite settings: with the driver's defaults, two processes doing read-modify-write on the
same file lose updates without any error. So: WAL (readers never block the writer), a busy timeout,
synchronous=FULL (an acknowledged commit survives a crash), the driver taken out of transaction
control so that every write transaction starts with BEGIN IMMEDIATE (the write lock is taken
before the first read, so nothing read inside it can go stale), and a retry of the whole
transaction when the lock cannot be had.
"""

import os
import pwd
import random
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import register_sqlite
from okr_cockpit.db.location import Location, readonly_uri, writable_uri
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
# The busy timeout already waits for the lock; the retry covers SQLITE_BUSY returned without waiting.
WRITE_ATTEMPTS = 3


@dataclass(frozen=True)
class Actor:
    """Who makes a change: recorded in every audit entry."""

    user: str
    host: str
    role: str = ""  # the database role on PostgreSQL, filled in by Database.write

    @classmethod
    def current(cls) -> "Actor":
        """The effective OS user, never USER/LOGNAME: anyone can set those to another name."""
        uid = os.geteuid()
        try:
            user = pwd.getpwuid(uid).pw_name
        except KeyError:  # a uid without a passwd entry (containers): the number is still true
            user = f"uid {uid}"
        return cls(user=user, host=socket.gethostname())


class SaveCancelled(CockpitError):
    """The user stopped a save that was waiting for the write lock; nothing was written."""


@dataclass
class LockWait:
    """A save that waits longer for another user's write lock, and can be stopped while it waits.

    Forms use it so that a save under a held lock is not refused after the busy timeout but goes
    through by itself once the other save is done.
    """

    seconds: float
    cancelled: threading.Event = field(default_factory=threading.Event)
    on_wait: Callable[[], None] = lambda: None  # called once, the first time the lock is found held
    deadline: float = 0.0  # monotonic; set when the write starts


def to_url(location: "str | Location") -> str:
    """A path or an SQLAlchemy URL → an SQLAlchemy URL (with its password: never print it)."""
    return Location.parse(location).url_text


def sqlite_path(url: "str | Location") -> Path | None:
    """The file behind an SQLite URL, or None for memory or other databases."""
    return Location.parse(url).path


def make_engine(
    url: "str | Location",
    *,
    read_only: bool = False,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    snapshot: bool = False,
) -> Engine:
    """Build the engine. For SQLite the pragmas and BEGIN handling above are installed.

    `snapshot` (read-only) opens the file as immutable: for a WAL file whose folder the user cannot
    write, where SQLite could not create the -shm file; others' later changes are not seen.
    """
    location = Location.parse(url)
    if location.is_server:
        return make_server_engine(location, read_only=read_only)
    path = location.path
    if path is None:
        # In-memory databases are per connection; share one so tests see their own data.
        from sqlalchemy.pool import StaticPool

        engine = create_engine(location.url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        # A URI so that read-only really opens the file read-only ("rwc" creates a new file).
        uri = readonly_uri(path, snapshot=snapshot) if read_only else writable_uri(path)
        engine = create_engine(
            URL.create("sqlite", database=str(path)),  # not a URL text: '?' or '#' in the name stay
            creator=lambda: sqlite3.connect(
                uri,
                uri=True,
                timeout=busy_timeout_ms / 1000,
                check_same_thread=False,
            ),
        )
    _install_sqlite_handling(engine, wal=path is not None and not read_only, busy_timeout_ms=busy_timeout_ms)
    return engine


def make_server_engine(location: Location, *, read_only: bool = False) -> Engine:
    """A PostgreSQL engine (psycopg 3): reads in one snapshot, writes SERIALIZABLE (see Database.write)."""
    from okr_cockpit.db.models import declare_postgresql_options

    declare_postgresql_options()
    connect_args: dict = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "okr-cockpit"}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    try:
        engine = create_engine(
            location.url, pool_pre_ping=True, isolation_level="REPEATABLE READ", connect_args=connect_args
        )
    except ModuleNotFoundError:
        raise CockpitError(
            _("The PostgreSQL driver is not installed: pip install 'okr-cockpit[postgres]'.")
        ) from None
    return engine


CONNECT_TIMEOUT_S = 5


def _install_sqlite_handling(engine: Engine, *, wal: bool, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take the driver out of transaction control; we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        register_sqlite(dbapi_connection)
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        options = connection.get_execution_options()
        if options.get("immediate", False):
            begin_immediate(connection, busy_timeout_ms, wait=options.get("lock_wait"))
        else:
            connection.exec_driver_sql("BEGIN")


# SQLite's busy handler sleeps longer the longer it has waited (up to 100 ms a step), so under
# contention a newcomer keeps beating a coach who has waited for seconds. Waiting in short
# rounds restarts its schedule at 1 ms: with 8 busy writers the slowest save went from 2-4 s to
# ~0.4 s at about the same throughput (benchmarks/concurrency.py).
LOCK_ROUND_MS = 20


def begin_immediate(connection, busy_timeout_ms: int, *, wait: LockWait | None = None) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock in short rounds until the busy timeout.

    With `wait`, until its deadline instead, telling it once that the lock is held and giving up
    with SaveCancelled as soon as it is cancelled.
    """
    deadline = wait.deadline if wait is not None else time.monotonic() + busy_timeout_ms / 1000
    connection.exec_driver_sql(f"PRAGMA busy_timeout={min(LOCK_ROUND_MS, busy_timeout_ms)}")
    told = False
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                if not is_busy(error) or time.monotonic() >= deadline:
                    raise
                if wait is not None:
                    if wait.cancelled.is_set():
                        raise SaveCancelled("Save cancelled: nothing was written.") from None
                    if not told:
                        wait.on_wait()
                        told = True
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={busy_timeout_ms}")


# PostgreSQL: serialization_failure, deadlock_detected (the transaction is retried whole),
# lock_not_available (lock_timeout ran out: someone holds the row), and unique_violation, which a
# SERIALIZABLE transaction may raise instead of a serialization failure when it raced another.
PG_RETRY = {"40001", "40P01"}
PG_LOCK_TIMEOUT = "55P03"
PG_UNIQUE = "23505"
# SERIALIZABLE conflicts under 8 busy writers need a few more rounds than SQLite's busy retries.
SERVER_WRITE_ATTEMPTS = 200  # at most 0.2 s apart: about the 30 s a save may wait for a lock


def sqlstate(error: BaseException) -> str | None:
    orig = getattr(error, "orig", error)
    return getattr(orig, "sqlstate", None)


def should_retry(error: BaseException, *, server: bool, attempt: int) -> bool:
    if not server:
        return is_busy(error)
    state = sqlstate(error)
    return state in PG_RETRY or (state == PG_UNIQUE and attempt < 2)


def is_busy(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    if sqlstate(orig) == PG_LOCK_TIMEOUT:
        return True
    return isinstance(orig, sqlite3.OperationalError) and ("locked" in str(orig) or "busy" in str(orig))


def is_disk_full(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    return isinstance(orig, sqlite3.Error) and "full" in str(orig)


class Database:
    """Runs reads and writes as short transactions; services receive the session."""

    def __init__(self, engine: Engine, *, actor: Actor | None = None, read_only: bool = False) -> None:
        self.engine = engine
        self.actor = actor or Actor.current()
        self.read_only = read_only

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def location(self) -> Location:
        return Location.parse(self.engine.url)

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one read transaction (a consistent snapshot)."""
        try:
            with Session(self.engine) as session, session.begin():
                return work(session)
        except DBAPIError as error:  # busy, damaged, unreadable: a sentence, never SQL
            raise _user_error(error) from error

    def write(self, work: Callable[[Session], T], *, lock_wait: LockWait | None = None) -> T:
        """Run `work` in one write transaction, retried whole while it cannot be had.

        SQLite: BEGIN IMMEDIATE (the file's write lock before the first read), retried while busy.
        PostgreSQL: SERIALIZABLE, retried whole after a serialization failure or deadlock
        (docs/ARCHITECTURE.md says why). `lock_wait`: wait for another user's lock as it says
        instead of the busy timeout.
        """
        if self.read_only:
            raise CockpitError(_("This cockpit is open read-only; nothing can be changed."))
        if lock_wait is not None:
            lock_wait.deadline = time.monotonic() + lock_wait.seconds
        server = self.engine.dialect.name != "sqlite"
        attempts = SERVER_WRITE_ATTEMPTS if server else WRITE_ATTEMPTS
        delay = 0.05 if not server else 0.005
        for attempt in range(attempts):
            try:
                with self.engine.connect() as connection:
                    if server:
                        connection.execution_options(isolation_level="SERIALIZABLE")
                    else:
                        connection.execution_options(immediate=True, lock_wait=lock_wait)
                    with Session(bind=connection) as session, session.begin():
                        session.info["actor"] = self.actor
                        if server:
                            if not self.actor.role:
                                role = session.connection().exec_driver_sql("SELECT current_user").scalar()
                                self.actor = replace(self.actor, role=role or "")
                                session.info["actor"] = self.actor
                            # Through the session: a statement on `connection` itself would begin a
                            # transaction the session only joins, and never commits.
                            wait_ms = int((lock_wait.seconds if lock_wait else BUSY_TIMEOUT_MS / 1000) * 1000)
                            session.connection().exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
                        result = work(session)
                        if server:
                            announce_change(session.connection())
                        return result
            except DBAPIError as error:
                if should_retry(error, server=server, attempt=attempt) and attempt < attempts - 1:
                    time.sleep(delay * (1 + random.random()))
                    delay = min(delay * 2, 0.2)
                    continue
                raise _user_error(error) from error
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


# The channel the cockpit's writes notify on; ui/watcher.py listens (LISTEN/NOTIFY on PostgreSQL).
CHANNEL = "okr_cockpit"


def announce_change(connection) -> None:
    """NOTIFY listeners, inside the write's transaction: delivered only if (and when) it commits."""
    connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


def is_damaged(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    return isinstance(orig, sqlite3.DatabaseError) and (
        "malformed" in str(orig) or "not a database" in str(orig)
    )


def _user_error(error: DBAPIError) -> CockpitError:
    if is_damaged(error):
        return CockpitError(
            _(
                "The database file is damaged, so nothing was changed: "
                "run `okr-cockpit check` and restore a backup."
            )
        )
    if is_busy(error):
        return CockpitError(_("Another user is saving — try again."))
    if is_disk_full(error):
        return CockpitError(_("The disk is full: your change was not saved."))
    if "readonly" in str(error.orig) or "read-only" in str(error.orig):
        return CockpitError(_("The database file cannot be written: your change was not saved."))
    return CockpitError(_("The database refused the operation: {orig}.").format(orig=error.orig))
