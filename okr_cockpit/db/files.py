"""Files the cockpit creates beside a database get the database's own permissions, not the umask.

A backup of a group-shared file must stay readable by the group (a restore is a group decision),
and a backup of a private file must not become readable by everyone because of a lax umask.
"""

import os
import stat
from contextlib import suppress
from pathlib import Path


def create_like(target: Path, source: Path) -> None:
    """Create `target` empty (or empty it) with the read/write bits and the group of `source`.

    It is made owner-only first and widened after, so it is never more open than `source` on
    the way; a group the user is not in stays the user's own (chown would be refused).
    """
    like = source.stat()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if like.st_gid != os.fstat(descriptor).st_gid:
            with suppress(PermissionError):
                os.fchown(descriptor, -1, like.st_gid)
        os.fchmod(descriptor, stat.S_IMODE(like.st_mode) & 0o666)
    finally:
        os.close(descriptor)


def copy_database(source: Path, target: Path, *, timeout: float = 10) -> None:
    """Copy the SQLite file `source` to `target`: the one copy used by backup, the backup before a
    migration and the screenshots.

    SQLite's backup API in one step is one read snapshot that includes what is still in the WAL,
    while others go on writing. The copy is in rollback mode (one self-contained file), has the
    source's permissions and group, and passes integrity_check, or raises (target half-written).
    """
    import sqlite3

    from okr_cockpit.db.open import read_only_connection
    from okr_cockpit.errors import CockpitError
    from okr_cockpit.i18n import _

    with read_only_connection(source, timeout=timeout) as src:
        create_like(target, source)
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            result = [row[0] for row in dst.execute("PRAGMA integrity_check(5)")]
            if result != ["ok"]:
                raise CockpitError(
                    _("The copy failed its integrity check ({problems}); it was removed.").format(
                        problems="; ".join(result)
                    )
                )
        finally:
            dst.close()
