"""`okr-cockpit time-zone [NAME]`: show or set the cockpit's time zone (meeting times, calendar export)."""

import argparse

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "time-zone"
HELP = N_("show the cockpit's time zone for meeting times, or set it (e.g. Europe/Berlin) for everyone")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument("zone", nargs="?", metavar="NAME", help=_("an IANA zone name, e.g. Europe/Berlin"))
    add_db_option(parser, subcommand=True)
    return parser


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.db.open import open_database
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.events.time_zone import cockpit_time_zone, set_time_zone

    opened = open_database(resolve_location(args.db), read_only=args.zone is None, one_shot=True)
    try:
        if args.zone is None:
            print(opened.db.read(cockpit_time_zone))
            return 0
        if opened.read_only_reason:
            raise CockpitError(opened.read_only_reason)
        zone = opened.db.write(lambda session: set_time_zone(session, args.zone))
    finally:
        opened.db.dispose()
    print(_("Meeting times are now in {zone}.").format(zone=zone))
    return 0
