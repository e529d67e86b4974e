"""`okr-cockpit demo`: write the deterministic demo data, then open the cockpit on it."""

import argparse
import time
from datetime import date

from okr_cockpit.commands.common import add_db_option, database_location
from okr_cockpit.i18n import N_, _

NAME = "demo"
HELP = N_("write demo data (refuses a database that holds data unless --force)")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    add_db_option(parser, subcommand=True)
    parser.add_argument(
        "--size", choices=("small", "large"), default="small", help=_("small: a workshop; large: a load test")
    )
    parser.add_argument("--force", action="store_true", help=_("replace whatever the database holds"))
    parser.add_argument("--no-open", action="store_true", help=_("do not open the cockpit afterwards"))
    return parser


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.db.open import open_database
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.demo.generate import SIZE_WORDS, database_is_empty, load_demo

    location = database_location(args.db)
    opened = open_database(location)
    try:
        if opened.read_only_reason:
            raise CockpitError(opened.read_only_reason)
        if not args.force and not database_is_empty(opened.db):
            raise CockpitError(
                _("{location} already holds data; use --force to replace it.").format(location=location)
            )
        started = time.perf_counter()
        summary = load_demo(opened.db, size=args.size, today=date.today(), replace=args.force)
        seconds = time.perf_counter() - started
    finally:
        opened.db.dispose()
    if summary.backup is not None:
        print(
            _("Backed up what it held to {backup} (verified); the audit log was kept.").format(
                backup=summary.backup
            )
        )
    print(
        _("Wrote the {size} demo to {location} in {seconds:.1f} s: {describe}.").format(
            size=_(SIZE_WORDS[args.size]), location=location, seconds=seconds, describe=summary.describe()
        )
    )
    if args.no_open:
        return 0
    from okr_cockpit.commands.open_app import launch

    return launch(location)
