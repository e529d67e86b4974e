"""`okr-cockpit report`: the leadership report as Markdown or a self-contained HTML page."""

import argparse
import sys
from datetime import date
from pathlib import Path

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "report"
HELP = N_("write the leadership report (Markdown or HTML): rollout, coaches, events, stakeholders, changes")
FORMATS = ("md", "html")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "--format", choices=FORMATS, help=_("md or html (default: from the -o file name, else md)")
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write to FILE (remembered as the previous report for the next --since); default: stdout"),
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=parse_day,
        help=_(
            "list changes since this day (default: the previous report written with -o, else 14 days ago)"
        ),
    )
    add_db_option(parser, subcommand=True)
    return parser


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; use YYYY-MM-DD").format(text=text)
        ) from None


def choose_format(given: str | None, output: str | None) -> str:
    if given:
        return given
    return "html" if output and Path(output).suffix.lower() in (".html", ".htm") else "md"


def make_report(location: str, *, fmt: str, output: str | None, since: date | None, today: date) -> str:
    """Render the report; with `output`, write the file and remember today as the report date."""
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.reporting.facts import build_report, remember_report

    # create=False: a mistyped --db is an error, not a new empty database to report on.
    opened = open_database(location, create=False)
    try:
        report = opened.db.read(lambda session: build_report(session, today=today, since=since))
        if fmt == "html":
            from okr_cockpit.services.reporting.html import render_html as render
        else:
            from okr_cockpit.services.reporting.markdown import render_markdown as render
        text = render(report)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            # Only a report handed out (a file) moves the start of the next one's changes.
            if not opened.db.read_only:
                opened.db.write(lambda session: remember_report(session, today=today))
        return text
    finally:
        opened.db.dispose()


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args.format, args.output)
    text = make_report(
        resolve_location(args.db), fmt=fmt, output=args.output, since=args.since, today=date.today()
    )
    if args.output:
        print(
            _("Wrote the {upper} report to {output}.").format(upper=fmt.upper(), output=args.output),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
