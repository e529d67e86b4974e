"""`okr-cockpit check`: integrity, schema, journal mode, permissions, filesystem and the last change."""

import argparse

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "check"
HELP = N_(
    "check the database file: integrity, schema version, journal mode, permissions, filesystem, last change"
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        NAME, help=_(HELP), description=_(HELP) + ". " + _("Exit status 1 when something needs attention.")
    )
    add_db_option(parser, subcommand=True)
    return parser


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.db.engine import sqlite_path, to_url
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.maintenance import check_database

    location = resolve_location(getattr(args, "db", None))
    path = sqlite_path(to_url(location))
    if path is None:
        raise CockpitError(_("check works on SQLite files only."))
    report = check_database(path)  # reads only: the file is never changed or migrated
    print(report.path)
    for line in report.lines():
        print(line)
    return 0 if report.healthy else 1
