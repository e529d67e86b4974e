"""Where a cockpit database is: parsed once from `--db`/`OKR_COCKPIT_DB`, carried everywhere.

A `Location` is either an SQLite file (a path, or an `sqlite:///` URL) or a server URL
(`postgresql://user@host/db`). The CLI, the app, the watcher, `backup`, `check`, `copy` and the
screenshots all take it from `Location.parse`, so a path like `team#1.db` is understood the same
way everywhere, and every read-only SQLite URI comes from `readonly_uri` with the path quoted.
`shown` is the text for messages: the password of a URL is never in it.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _

# postgresql:// names psycopg2 in SQLAlchemy; the cockpit declares psycopg 3 (the `postgres` extra).
_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
SQLITE_COMPANIONS = ("-wal", "-shm")


def readonly_uri(path: Path, *, snapshot: bool = False) -> str:
    """An SQLite URI that opens `path` read-only (the path quoted: '?', '#', '%' in it stay literal).

    `snapshot` adds immutable=1: SQLite then reads the main file alone and creates no -wal/-shm.
    """
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if snapshot else "")


def writable_uri(path: Path) -> str:
    """An SQLite URI that opens (and if needed creates) `path` for writing."""
    return f"file:{quote(str(path))}?mode=rwc"


@dataclass(frozen=True)
class Location:
    url: URL
    path: Path | None  # the SQLite file; None for a server database or SQLite in memory

    @classmethod
    def parse(cls, text: "str | Path | URL | Location") -> "Location":
        if isinstance(text, Location):
            return text
        if isinstance(text, URL):  # an engine's URL: its database is already the plain path
            if text.get_backend_name() == "sqlite":
                database = text.database
                return cls(text, None if not database or database == ":memory:" else Path(database))
            return cls(text, None)
        text = str(text)
        if "://" not in text:
            path = Path(os.path.expanduser(text)).absolute()
            return cls(URL.create("sqlite", database=str(path)), path)
        scheme, rest = text.split("://", 1)
        text = _DRIVERS.get(scheme.lower(), scheme) + "://" + rest
        try:
            url = make_url(text)
        except ArgumentError:
            raise CockpitError(
                _("{mask} is neither a file name nor a database URL.").format(mask=mask(text))
            ) from None
        if url.get_backend_name() == "sqlite":
            database = url.database
            path = None if not database or database == ":memory:" else Path(database).absolute()
            return cls(url, path)
        if url.get_backend_name() != "postgresql":
            backend = url.get_backend_name()
            raise CockpitError(
                _("{mask}: okr-cockpit works with SQLite and PostgreSQL, not {backend}.").format(
                    mask=mask(text), backend=backend
                )
            )
        return cls(url, None)

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.url.get_backend_name()

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def is_server(self) -> bool:
        return not self.is_sqlite

    @property
    def shown(self) -> str:
        """For messages: the file's path, or the URL with its password masked."""
        if self.path is not None:
            return str(self.path)
        return mask(self.url)

    @property
    def url_text(self) -> str:
        """The full URL (password included) for the driver; never print it."""
        return self.url.render_as_string(hide_password=False)

    @property
    def conninfo(self) -> str:
        """The server URL as libpq takes it (psycopg.connect), password included; never print it."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def readonly_uri(self, *, snapshot: bool = False) -> str:
        return readonly_uri(self._file(), snapshot=snapshot)

    @property
    def companions(self) -> tuple[Path, ...]:
        """The -wal and -shm files SQLite keeps beside the file."""
        path = self._file()
        return tuple(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)

    def _file(self) -> Path:
        if self.path is None:
            raise CockpitError(_("{shown} is not an SQLite file.").format(shown=self.shown))
        return self.path

    def __str__(self) -> str:
        return self.shown


def resolve(given: "str | Path | None") -> Location:
    """The one place a database location is decided: `given` (--db), else $OKR_COCKPIT_DB, else
    cockpit.db in the user data folder (created if missing; a folder the user named never is)."""
    from okr_cockpit.paths import ENV_DB, default_db_location

    if given:
        return Location.parse(given)
    location = Location.parse(default_db_location())
    if not os.environ.get(ENV_DB) and location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    return location


def mask(url: "str | URL") -> str:
    """A URL fit to be shown: the password (in the authority or as ?password=) replaced by ***."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return str(url).split("@")[-1] if "@" in str(url) else str(url)
    if "password" in parsed.query:
        parsed = parsed.update_query_dict({"password": "***"})
    shown = unquote(parsed.render_as_string(hide_password=True))  # ?host=/run/postgresql, not %2F
    return shown.replace("postgresql+psycopg://", "postgresql://", 1)
