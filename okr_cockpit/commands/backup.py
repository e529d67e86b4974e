"""`okr-cockpit backup DEST`: a consistent copy while others keep working, verified by integrity_check.

From an SQLite file: SQLite's backup API. From PostgreSQL: the whole cockpit copied into a new
SQLite cockpit file (db/transfer.py, every count checked), which is then integrity-checked too.
"""

import argparse

from okr_cockpit.commands.common import add_db_option, database_location
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

    from okr_cockpit.services.maintenance import backup_database

    location = database_location(getattr(args, "db", None))
    if location.path is None:
        return backup_server(location, Path(args.dest))
    result = backup_database(location.path, Path(args.dest))
    print(
        _("Backed up {path} to {copy} ({kib} KiB); integrity check: ok.").format(
            path=location.path, copy=result.path, kib=result.size // 1024
        )
    )
    return 0


def backup_server(location, dest) -> int:
    from pathlib import Path

    from okr_cockpit.db.files import copy_database
    from okr_cockpit.db.open import open_database
    from okr_cockpit.db.transfer import copy_into, read_snapshot
    from okr_cockpit.services.maintenance import backup_target

    target = backup_target(dest, Path(location.url.database or "cockpit"))
    partial = target.with_name(target.name + ".partial")
    reader = open_database(location, read_only=True, one_shot=True)
    try:
        snapshot = read_snapshot(reader.db)
    finally:
        reader.db.dispose()
    try:
        writer = open_database(partial, initialize=True)
        try:
            copy_into(writer.db, snapshot)
        finally:
            writer.db.dispose()
        copy_database(partial, target)  # one self-contained file, integrity-checked
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        for path in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            path.unlink(missing_ok=True)
    size = target.stat().st_size
    shown = _("Backed up {path} to {copy} ({kib} KiB); counts and integrity check: ok.")
    print(shown.format(path=location.shown, copy=target, kib=size // 1024))
    return 0
