"""What the commands share: where the database is, and the `--db` option."""

import argparse
from typing import TYPE_CHECKING

from okr_cockpit.i18n import N_, _

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
    """--db, else OKR_COCKPIT_DB, else the default, parsed (db/location.resolve decides)."""
    from okr_cockpit.db.location import resolve

    return resolve(given)


def resolve_location(given: str | None) -> str:
    """The same location as text: a file's absolute path, or the full URL for the driver."""
    location = database_location(given)
    return str(location.path) if location.path is not None else location.url_text
