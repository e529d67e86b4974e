"""What the commands share: where the database is, and the `--db` option."""

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from okr_cockpit.i18n import N_, _
from okr_cockpit.paths import ENV_DB, default_db_location

if TYPE_CHECKING:
    from okr_cockpit.db.location import Location

DB_HELP = N_(
    "database file or SQLAlchemy URL (default: $OKR_COCKPIT_DB, else cockpit.db in the user data dir)"
)


def add_db_option(parser: argparse.ArgumentParser, *, subcommand: bool) -> None:
    # On a subcommand the option must not overwrite a --db given before the subcommand's name.
    default = argparse.SUPPRESS if subcommand else None
    parser.add_argument("--db", metavar="PATH|URL", default=default, help=_(DB_HELP))


def database_location(given: str | None) -> "Location":
    """The one place the CLI turns --db / OKR_COCKPIT_DB / the default into a parsed Location."""
    from okr_cockpit.db.location import Location

    return Location.parse(resolve_location(given))


def resolve_location(given: str | None) -> str:
    """--db, else OKR_COCKPIT_DB, else the platformdirs default (whose folder is created if missing).

    A folder the user named is never created: a typo there should be an error, not a new tree.
    """
    if given:
        return given
    location = default_db_location()
    if not os.environ.get(ENV_DB):
        Path(location).parent.mkdir(parents=True, exist_ok=True)
    return location
