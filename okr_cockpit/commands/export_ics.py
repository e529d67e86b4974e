"""`okr-cockpit export events --format ics [--cycle NAME] [--coach NAME]`: an iCalendar file on stdout.

Kept apart from `export.py` (the tabular exports): only events have a calendar form, and the
filters belong to it. Hooked in by `export.run` when `--format ics` is given.
"""

import argparse
import sys

from okr_cockpit.commands.common import resolve_location
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cycle",
        metavar="NAME",
        help=_("with --format ics: only this cycle's events; for health: the cycle"),
    )
    parser.add_argument(
        "--coach", metavar="NAME", help=_("with --format ics: only events this coach facilitates")
    )


def run_ics(args: argparse.Namespace) -> int:
    if args.format != "ics":
        raise CockpitError(_("--cycle and --coach filter the calendar: add --format ics."))
    if args.kind != "events":
        raise CockpitError(_("The ics format is only for `export events`."))
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.exporting.ics import export_events_ics

    opened = open_database(resolve_location(args.db), read_only=True, one_shot=True)
    try:
        export = opened.db.read(
            lambda session: export_events_ics(session, cycle_name=args.cycle, coach_name=args.coach)
        )
    finally:
        opened.db.dispose()
    sys.stdout.buffer.write(export.ics)
    sys.stdout.flush()
    if export.unscheduled:
        print(
            _("{unscheduled} events without a date were left out.").format(unscheduled=export.unscheduled),
            file=sys.stderr,
        )
    return 0
