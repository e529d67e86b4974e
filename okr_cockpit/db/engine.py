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
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import register_sqlite
from okr_cockpit.errors import CockpitError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
# The busy timeout already waits for the lock; the retry covers SQLITE_BUSY returned without waiting.
WRITE_ATTEMPTS = 3


@dataclass(frozen=True)
class Actor:
    """Who makes a change: recorded in every audit entry."""

    user: str
    host: str

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


def to_url(location: str) -> str:
    """A path or an SQLAlchemy URL → an SQLAlchemy URL."""
    if "://" in location:
        return location
    return "sqlite:///" + str(Path(location).expanduser().absolute())


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for memory or other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def readonly_uri(path: Path, *, snapshot: bool = False) -> str:
    """An SQLite URI that opens `path` read-only (the path quoted: '?' or '#' in it stay literal).

    `snapshot` adds immutable=1: SQLite then reads the main file alone and creates no -wal/-shm.
    """
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if snapshot else "")


def make_engine(
    url: str, *, read_only: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS, snapshot: bool = False
) -> Engine:
    """Build the engine. For SQLite the pragmas and BEGIN handling above are installed.

    `snapshot` (read-only) opens the file as immutable: for a WAL file whose folder the user cannot
    write, where SQLite could not create the -shm file; others' later changes are not seen.
    """
    path = sqlite_path(url)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if path is None:
        # In-memory databases are per connection; share one so tests see their own data.
        from sqlalchemy.pool import StaticPool

        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        # A URI so that read-only really opens the file read-only ("rwc" creates a new file).
        uri = readonly_uri(path, snapshot=snapshot) if read_only else f"file:{quote(str(path))}?mode=rwc"
        engine = create_engine(
            "sqlite:///" + str(path),
            creator=lambda: sqlite3.connect(
                uri,
                uri=True,
                timeout=busy_timeout_ms / 1000,
                check_same_thread=False,
            ),
        )
    _install_sqlite_handling(engine, wal=path is not None and not read_only, busy_timeout_ms=busy_timeout_ms)
    return engine


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


def is_busy(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
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

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one read transaction (a consistent snapshot)."""
        try:
            with Session(self.engine) as session, session.begin():
                return work(session)
        except DBAPIError as error:  # busy, damaged, unreadable: a sentence, never SQL
            raise _user_error(error) from error

    def write(self, work: Callable[[Session], T], *, lock_wait: LockWait | None = None) -> T:
        """Run `work` in one BEGIN IMMEDIATE transaction, retried whole while the file is busy.

        `lock_wait`: wait for another user's write lock as it says instead of the busy timeout.
        """
        if self.read_only:
            raise CockpitError("This cockpit is open read-only; nothing can be changed.")
        if lock_wait is not None:
            lock_wait.deadline = time.monotonic() + lock_wait.seconds
        delay = 0.05
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.engine.connect() as connection:
                    connection.execution_options(immediate=True, lock_wait=lock_wait)
                    with Session(bind=connection) as session, session.begin():
                        session.info["actor"] = self.actor
                        return work(session)
            except DBAPIError as error:
                if is_busy(error) and attempt < WRITE_ATTEMPTS - 1:
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise _user_error(error) from error
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def is_damaged(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    return isinstance(orig, sqlite3.DatabaseError) and (
        "malformed" in str(orig) or "not a database" in str(orig)
    )


def _user_error(error: DBAPIError) -> CockpitError:
    if is_damaged(error):
        return CockpitError(
            "The database file is damaged, so nothing was changed: "
            "run `okr-cockpit check` and restore a backup."
        )
    if is_busy(error):
        return CockpitError("Another user is saving — try again.")
    if is_disk_full(error):
        return CockpitError("The disk is full: your change was not saved.")
    if "readonly" in str(error.orig) or "read-only" in str(error.orig):
        return CockpitError("The database file cannot be written: your change was not saved.")
    return CockpitError(f"The database refused the operation: {error.orig}.")
