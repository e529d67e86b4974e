"""Run test code as a real non-root user: root ignores file permissions, so permission tests need one.

We are root in CI containers: the users and group are created once with useradd/groupadd. Code
runs in a forked child that drops to the user with setgroups/setgid/setuid; Python and the
package live where that user cannot read, so everything the child needs is imported beforehand.
"""

import grp
import os
import pickle
import pwd
import shutil
import subprocess
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

GROUP = "okrtest-coaches"
USERS = ("okrtest-anna", "okrtest-ben")
OUTSIDER = "okrtest-eve"  # not in the group


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]


def _ensure(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def accounts() -> dict[str, Account]:
    """The test users (created if missing); skips the test where that is impossible."""
    if os.geteuid() != 0:
        try:
            return {name: _account(name) for name in (*USERS, OUTSIDER)}
        except KeyError:
            pytest.skip(
                "needs root to create test users (root ignores permissions, so tests need real users)"
            )
    if shutil.which("useradd") is None or shutil.which("groupadd") is None:
        pytest.skip("useradd/groupadd are not installed, so no non-root test user can be made")
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        _ensure(["groupadd", GROUP])
    for name in (*USERS, OUTSIDER):
        try:
            pwd.getpwnam(name)
        except KeyError:
            extra = [] if name == OUTSIDER else ["-G", GROUP]
            _ensure(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", *extra, name])
    return {name: _account(name) for name in (*USERS, OUTSIDER)}


def _account(name: str) -> Account:
    entry = pwd.getpwnam(name)
    groups = tuple(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)
    return Account(name, entry.pw_uid, entry.pw_gid, groups)


def run_as(account: Account, function: Callable[..., Any], *args: Any, umask: int = 0o007) -> Any:
    """Call `function(*args)` as `account` in a forked child and return its result (or raise its error)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges for good, run, report, never return into pytest
        os.close(read_end)
        try:
            os.setgroups(list(account.groups))
            os.setgid(account.gid)
            os.setuid(account.uid)
            os.umask(umask)
            outcome = (True, function(*args))
        except BaseException as error:  # everything goes back to the parent
            error.add_note("in the child, as " + account.name + ":\n" + traceback.format_exc())
            outcome = (False, error)
        try:
            payload = pickle.dumps(outcome)
        except Exception as error:
            payload = pickle.dumps((False, RuntimeError(repr(error))))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    ok, value = pickle.loads(payload)
    if not ok:
        raise value
    return value


@contextmanager
def shared_tmp() -> Iterator[Path]:
    """A scratch folder the test users can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="okr-shared-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
