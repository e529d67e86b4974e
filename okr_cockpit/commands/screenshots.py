"""`okr-cockpit screenshots [DIR]`: SVGs of every screen on the demo data at a fixed date and size."""

import argparse
import sys
from datetime import date
from pathlib import Path

from okr_cockpit.i18n import N_, _

NAME = "screenshots"
HELP = N_("render every screen into SVG files (default: a fresh small demo, dated 2026-11-16, 120x36)")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "dir", nargs="?", default="screenshots", type=Path, help=_("output folder (default: screenshots)")
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help=_("render a copy of this database instead of a fresh demo (the file itself is not touched)"),
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help=_("the date the cockpit shows (YYYY-MM-DD)")
    )
    parser.add_argument(
        "--size", default="120x36", type=parse_size, help=_("terminal size COLSxROWS (default: 120x36)")
    )
    return parser


def parse_size(text: str) -> tuple[int, int]:
    try:
        columns, rows = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a size like 120x36").format(text=text)) from None
    if not (40 <= columns <= 400 and 10 <= rows <= 200):
        raise argparse.ArgumentTypeError(_("{text} is outside 40x10 … 400x200").format(text=text))
    return columns, rows


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.screenshots import DEMO_TODAY, render_screenshots

    written = render_screenshots(
        args.dir,
        database=args.db,
        today=args.today or DEMO_TODAY,
        size=args.size,
        progress=lambda path: print(path, file=sys.stderr),
    )
    print(
        _("Wrote {written_count} screenshots to {dir}.").format(written_count=len(written), dir=args.dir),
        file=sys.stderr,
    )
    return 0
