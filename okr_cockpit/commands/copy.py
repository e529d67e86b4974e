"""`okr-cockpit copy SOURCE DEST`: a whole cockpit into a new, empty database on either backend."""

import argparse

from okr_cockpit.i18n import N_, _, format_number

NAME = "copy"
HELP = N_("copy a whole cockpit (SQLite file or PostgreSQL URL) into a new, empty database, then verify it")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument("source", metavar="SOURCE", help=_("the cockpit to copy: a file or a database URL"))
    parser.add_argument("dest", metavar="DEST", help=_("the new, empty cockpit: a file or a database URL"))
    parser.add_argument(
        "--force", action="store_true", help=_("replace everything DEST holds, its audit log included")
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from okr_cockpit.db.location import Location
    from okr_cockpit.db.open import open_database
    from okr_cockpit.db.transfer import copy_into, read_snapshot
    from okr_cockpit.errors import CockpitError

    source, dest = Location.parse(args.source), Location.parse(args.dest)
    if source.path is not None and not source.path.exists():
        raise CockpitError(_("There is no database at {source}.").format(source=source.shown))
    new_file = dest.path is not None and not dest.path.exists()
    reader = open_database(source, read_only=True, one_shot=True)
    try:
        snapshot = read_snapshot(reader.db)
    finally:
        reader.db.dispose()
    writer = open_database(dest, initialize=True)
    try:
        result = copy_into(writer.db, snapshot, replace=args.force)
    except BaseException:
        writer.db.dispose()
        if new_file:  # a file this command created holds nothing worth keeping
            for path in (dest.path, *dest.companions):
                path.unlink(missing_ok=True)
        raise
    writer.db.dispose()
    rows = sum(result.counts.values())
    shown = _(
        "Copied {source} to {dest}: {rows} rows in {tables} tables, {audit} audit entries; counts checked."
    )
    print(
        shown.format(
            source=source.shown,
            dest=dest.shown,
            rows=format_number(rows),
            tables=len(result.counts),
            audit=format_number(result.counts["audit_entry"]),
        )
    )
    return 0
