"""`okr-cockpit backup DEST`: a consistent copy while others keep working, verified by integrity_check."""

import argparse

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "backup"
HELP = N_("copy the database to DEST (a file or a folder) while others keep working, then verify the copy")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument("dest", metavar="DEST", help=_("the new file, or a folder for a dated file name"))
    add_db_option(parser, subcommand=True)
    return parser


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from okr_cockpit.db.engine import sqlite_path, to_url
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.services.maintenance import backup_database

    path = sqlite_path(to_url(resolve_location(getattr(args, "db", None))))
    if path is None:
        raise CockpitError(_("backup works on SQLite files only."))
    result = backup_database(path, Path(args.dest))
    print(
        _("Backed up {path} to {copy} ({kib} KiB); integrity check: ok.").format(
            path=path, copy=result.path, kib=result.size // 1024
        )
    )
    return 0
