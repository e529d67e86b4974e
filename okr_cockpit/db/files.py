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
