"""`okr-cockpit check`: integrity, schema, journal mode, permissions, filesystem and the last change."""

import argparse

from okr_cockpit.commands.common import add_db_option
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
    from okr_cockpit.commands.common import database_location
    from okr_cockpit.services.maintenance import check_database

    location = database_location(getattr(args, "db", None))
    if location.path is None:
        from okr_cockpit.db.server_check import check_server

        report = check_server(location)
    else:
        report = check_database(location.path)  # reads only: the file is never changed or migrated
    print(report.path)
    for line in report.lines():
        print(line)
    return 0 if report.healthy else 1
