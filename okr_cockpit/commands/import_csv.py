"""`okr-cockpit import units|people|coaches|waves FILE.csv`: an HR export or a plan (docs/IMPORT.md)."""

import argparse
import sys
import time
from pathlib import Path

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "import"
HELP = N_(
    "import units, people, coaches or waves from a CSV file (all rows checked first; see docs/IMPORT.md)"
)
KINDS = ("units", "people", "coaches", "waves")
BAR_WIDTH = 30


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "kind", choices=KINDS, metavar="KIND", help=_("one of: {value}").format(value=", ".join(KINDS))
    )
    parser.add_argument("file", metavar="FILE.csv", type=Path, help=_("the CSV file"))
    add_db_option(parser, subcommand=True)
    return parser


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second; only on an interactive terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced
        self.enabled = self.stream.isatty()
        self.drawn_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 200:  # small files finish before a bar helps
            return
        now = time.monotonic()
        if done < total and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        filled = BAR_WIDTH * done // total
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{stage:<8} {bar} {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.importing import import_csv

    opened = open_database(resolve_location(args.db))
    try:
        if opened.read_only_reason:
            print(opened.read_only_reason, file=sys.stderr)
            return 1
        result = import_csv(opened.db, args.kind, args.file, progress=ProgressBar())
    finally:
        opened.db.dispose()
    print(result.sentence())
    return 0
