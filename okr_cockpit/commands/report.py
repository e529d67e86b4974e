"""`okr-cockpit report`: the leadership report as Markdown, a self-contained HTML page, or an A4 PDF."""

import argparse
import sys
from datetime import date
from pathlib import Path

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "report"
HELP = N_(
    "write the leadership report (Markdown, HTML or PDF): rollout, trend, coaches, events, stakeholders"
)
FORMATS = ("md", "html", "pdf")
AUDIENCES = ("leadership", "plo")
SECTIONS = ("summary", "waves", "divisions", "coaches", "events", "stakeholders", "changes", "raci")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


class ReportError(Exception):
    """A one-sentence reason the report was not written."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "--format", choices=FORMATS, help=_("md, html or pdf (default: from the -o file name, else md)")
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    parser.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="leadership",
        help=_(
            "leadership (default): stakeholders only as counts by attitude, no names, no notes; "
            "plo: everything"
        ),
    )
    parser.add_argument(
        "--sections",
        metavar="LIST",
        type=parse_sections,
        default=SECTIONS,
        help=_("comma-separated sections to include, in report order: {names}").format(
            names=",".join(SECTIONS)
        ),
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=parse_day,
        help=_(
            "list changes since this day (default: the last report marked as handed out, else 14 days ago)"
        ),
    )
    parser.add_argument(
        "--mark-reported",
        action="store_true",
        help=_("remember today as the last report's date: the next report's changes and trend start here"),
    )
    add_db_option(parser, subcommand=True)
    return parser


def parse_day(text: str) -> date:
    from okr_cockpit.services.validation import date_from_text

    day = date_from_text(text)
    if day is None:
        message = _("{text!r} is not a date; use YYYY-MM-DD or DD.MM.YYYY").format(text=text)
        raise argparse.ArgumentTypeError(message)
    return day


def parse_sections(text: str) -> tuple[str, ...]:
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _("unknown section {name!r}; choose from {names}").format(
                name=unknown[0] if unknown else text, names=", ".join(SECTIONS)
            )
        )
    return tuple(names)


def choose_format(given: str | None, output: str | None) -> str:
    """--format wins; else the file's suffix; an unknown suffix is refused (never Markdown in a .pdf)."""
    if given:
        return given
    if not output:
        return "md"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(
            _(
                "The report format of {name} is not known from its name; "
                "use .md, .html or .pdf, or give --format."
            ).format(name=output)
        )
    return SUFFIXES[suffix]


def make_report(
    location: str,
    *,
    fmt: str,
    output: str | None,
    since: date | None,
    today: date,
    audience: str = "leadership",
    sections: tuple[str, ...] = SECTIONS,
    mark_reported: bool = False,
) -> str | bytes:
    """Render the report (and write `output`); only `mark_reported` moves the last report's date."""
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.reporting.facts import build_report, remember_report
    from okr_cockpit.services.reporting.render import render

    # create=False: a mistyped --db is an error, not a new empty database to report on.
    opened = open_database(location, create=False)
    try:
        report = opened.db.read(lambda session: build_report(session, today=today, since=since))
        content = render(report, fmt=fmt, audience=audience, sections=sections)
        if output:
            path = Path(output)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if mark_reported:
            if opened.db.read_only:
                raise ReportError(_("This database is read-only, so the report date cannot be remembered."))
            opened.db.write(lambda session: remember_report(session, today=today))
        return content
    finally:
        opened.db.dispose()


def run(args: argparse.Namespace) -> int:
    try:
        fmt = choose_format(args.format, args.output)
        if fmt == "pdf" and not args.output:
            raise ReportError(_("A PDF report needs a file: give -o FILE.pdf."))
        content = make_report(
            resolve_location(args.db),
            fmt=fmt,
            output=args.output,
            since=args.since,
            today=date.today(),
            audience=args.audience,
            sections=args.sections,
            mark_reported=args.mark_reported,
        )
    except ReportError as error:
        print(str(error), file=sys.stderr)
        return 1
    if args.output:
        print(
            _("Wrote the {format} report to {name}.").format(format=fmt.upper(), name=args.output),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(content)
    return 0
