"""`okr-cockpit init [--shared GROUP] [PATH]`: create a database, optionally one a group shares."""

import argparse

from okr_cockpit.commands.common import add_db_option, database_location
from okr_cockpit.i18n import N_, _

NAME = "init"
HELP = N_("create a database; with --shared GROUP, one that everyone in GROUP can open and write")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "--shared",
        metavar="GROUP",
        help=_("give the folder and file to GROUP: folder setgid + group-writable (2770), file 660"),
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help=_("the database file (default: --db)"))
    add_db_option(parser, subcommand=True)
    return parser


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from okr_cockpit.db.location import Location

    location = Location.parse(args.path) if args.path else database_location(getattr(args, "db", None))
    path = location.path
    if args.shared:
        from okr_cockpit.errors import CockpitError
        from okr_cockpit.services.maintenance import init_shared

        if path is None:
            raise CockpitError(_("--shared works on SQLite files only."))
        for line in init_shared(args.shared, Path(path)):
            print(line)
        return 0
    from okr_cockpit.db.open import open_database

    existed = path is None or path.exists()  # a server database exists before init (IT creates it)
    opened = open_database(location, initialize=True)  # init may turn an empty file into one
    opened.db.dispose()
    if not opened.created:
        done = _("Opened {location}")
    elif existed:  # a server database or an empty file: what init made is the schema in it
        done = _("Created the cockpit schema in {location}")
    else:
        done = _("Created {location}")
    backup = _(" (backup: {backup}).").format(backup=opened.backup) if opened.backup else "."
    print(done.format(location=location) + backup)
    return 0
