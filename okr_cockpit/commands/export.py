"""`okr-cockpit export KIND`: print an entity list to stdout as CSV or JSON."""

import argparse
import io
import sys

from okr_cockpit.commands import export_ics
from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "export"
HELP = N_("print an entity list (units, people, coaches, ...) as CSV or JSON")
# Listed here, not imported from the service, so that `--help` does not load SQLAlchemy.
KINDS = (
    "units",
    "people",
    "coaches",
    "assignments",
    "waves",
    "cycles",
    "events",
    "stakeholders",
    "interactions",
    "audit",
    "raci",  # the matrix, rendered by commands/raci_export.py (also as a Markdown table: --format md)
    "health",  # process health of one cycle (--cycle NAME), one row per team
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "kind", choices=KINDS, metavar="KIND", help=_("one of: {value}").format(value=", ".join(KINDS))
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md", "ics"),
        default="csv",
        help=_("output format (default: csv; md only for raci; ics, an iCalendar file, only for events)"),
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help=_("CSV that Excel opens right by double-click, also in German (UTF-8 with BOM, ';', CRLF)"),
    )
    export_ics.add_arguments(parser)
    add_db_option(parser, subcommand=True)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.excel and (args.format != "csv" or args.kind in ("raci", "health")):
        from okr_cockpit.errors import CockpitError

        raise CockpitError(_("--excel is only for the CSV of an entity list: leave out --format."))
    if args.kind == "health":
        return run_health(args)
    if args.format == "ics" or args.cycle or args.coach:
        return export_ics.run_ics(args)
    if args.kind == "raci":
        from okr_cockpit.commands.raci_export import run_raci

        return run_raci(args)
    from okr_cockpit.db.open import open_database
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.exporting.tables import export_rows, write_export

    if args.format == "md":
        raise CockpitError(_("The Markdown format is only for `export raci`; use csv or json."))

    # Read-only: an export never creates, migrates or changes the file.
    opened = open_database(resolve_location(args.db), read_only=True, one_shot=True)

    # Excel's file is UTF-8 whatever the terminal's encoding, with the CRLF written as is.
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="") if args.excel else sys.stdout

    def dump(session) -> int:
        columns, rows = export_rows(session=session, kind=args.kind)
        return write_export(columns, rows, fmt=args.format, stream=stream, excel=args.excel)

    try:
        opened.db.read(dump)
    finally:
        opened.db.dispose()
        if stream is not sys.stdout:
            stream.flush()
            stream.detach()  # leave sys.stdout's buffer open
    return 0


def run_health(args: argparse.Namespace) -> int:
    """`export health --cycle NAME`: process health of the cycle, one row per team, measured today."""
    from datetime import date

    from okr_cockpit.db.open import open_database
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.exporting.rollout import health_export
    from okr_cockpit.services.exporting.tables import write_export

    if args.format not in ("csv", "json"):
        raise CockpitError(
            _("`export health` is written as csv or json, not {format}.").format(format=args.format)
        )
    if not args.cycle:
        raise CockpitError(_("`export health` needs the cycle: add --cycle NAME (e.g. --cycle 2026-Q4)."))
    opened = open_database(resolve_location(args.db), read_only=True, one_shot=True)

    def dump(session) -> int:
        columns, rows = health_export(session, cycle_name=args.cycle, today=date.today())
        return write_export(columns, rows, fmt=args.format, stream=sys.stdout)

    try:
        opened.db.read(dump)
    finally:
        opened.db.dispose()
    return 0
