"""Notice commits by other processes: poll SQLite's `PRAGMA data_version` on a dedicated connection.

data_version changes whenever another connection commits to the file; the poll costs microseconds
and the connection is never inside a transaction, so it never holds a lock or a stale snapshot.
"""

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from okr_cockpit.db.location import readonly_uri

POLL_SECONDS = 0.5


class DataVersionWatcher:
    def __init__(self, path: Path, on_change: Callable[[], None], *, interval: float = POLL_SECONDS) -> None:
        self.path = path
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="data-version-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(readonly_uri(self.path), uri=True, isolation_level=None)
        except sqlite3.Error:
            return  # no live refresh, but the cockpit still works
        try:
            last = self._version(connection)
            while not self._stop.wait(self.interval):
                current = self._version(connection)
                if current is not None and current != last:
                    last = current
                    self.on_change()
        finally:
            connection.close()

    @staticmethod
    def _version(connection: sqlite3.Connection) -> int | None:
        try:
            return connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None


# -- PostgreSQL: LISTEN on a dedicated connection --------------------------------------------------

RECONNECT_SECONDS = 1.0


class NotifyListener:
    """Notice commits on a PostgreSQL server: every audited write NOTIFYs in its own transaction
    (db/engine.announce_change), delivered when it commits; this thread LISTENs for it.

    When the connection breaks (the server restarts, the network drops) `on_reachable(False)` is
    called once, and the thread reconnects every second; back, it says `on_reachable(True)` and
    reports a change, since commits made meanwhile sent no notice that reached it.
    """

    def __init__(
        self,
        conninfo: str,
        on_change: Callable[[], None],
        on_reachable: Callable[[bool], None],
        *,
        retry: float = RECONNECT_SECONDS,
    ) -> None:
        self.conninfo = conninfo  # with the password: never shown
        self.on_change = on_change
        self.on_reachable = on_reachable
        self.retry = retry
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        from okr_cockpit.db.engine import CHANNEL

        reachable = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    if not reachable:
                        reachable = True
                        self.on_reachable(True)
                        self.on_change()
                    while not self._stop.is_set():
                        for _notice in connection.notifies(timeout=0.25, stop_after=1):
                            self.on_change()
            except psycopg.Error:
                if reachable:
                    reachable = False
                    self.on_reachable(False)
                self._stop.wait(self.retry)
