"""Backups get the database's own permissions and group, not the umask; a 1777 folder is no group folder.

Before: `backup` and the copy made before a migration followed the user's umask (a 0600 database
backed up as 0644 under umask 022; a group's 0660 database backed up as 0600 under umask 077,
so the group could not restore it); `check` of a private file in /tmp warned about group sharing.
"""

import grp
import os
import pwd
import stat
from pathlib import Path

import pytest

from okr_cockpit.cli import main
from okr_cockpit.db.engine import make_engine, to_url
from okr_cockpit.db.open import open_database
from okr_cockpit.db.schema import migrate
from okr_cockpit.services.maintenance import OK, WARN, backup_database, check_database
from tests.concurrency import workers
from tests.concurrency.accounts import GROUP, USERS, accounts, run_as, shared_tmp

LOCAL = "/dev/vda / ext4 rw 0 0\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def backup_as_command(path: str, dest: str) -> int:
    return main(["backup", "--db", path, dest])


@pytest.mark.parametrize(("db_mode", "umask"), [(0o600, 0o022), (0o640, 0o000), (0o660, 0o077)])
def test_backup_gets_the_database_mode_whatever_the_umask(tmp_path, db_mode, umask, capsys):
    path = tmp_path / "cockpit.db"
    workers.seed(str(path))
    path.chmod(db_mode)
    old = os.umask(umask)
    try:
        assert backup_as_command(str(path), str(tmp_path / "copy.db")) == 0
    finally:
        os.umask(old)
    assert mode(tmp_path / "copy.db") == db_mode
    assert "integrity check: ok" in capsys.readouterr().out


def test_a_members_backup_of_the_group_database_stays_the_groups(capsys):
    users = accounts()
    anna = users[USERS[0]]
    with shared_tmp() as scratch:
        path = scratch / "okr" / "cockpit.db"
        assert main(["init", "--shared", GROUP, str(path)]) == 0
        workers.seed(str(path))
        os.chown(scratch, -1, grp.getgrnam(GROUP).gr_gid)
        scratch.chmod(0o2770)
        warm = scratch / "warm.db"
        workers.seed(str(warm))
        backup_database(warm, scratch / "warm-copy.db")  # load every module before the child drops root
        # anna's umask 077 would make a file only she can read.
        run_as(anna, backup_database, path, scratch / "copy.db", umask=0o077)
        copy = scratch / "copy.db"
        assert mode(copy) == 0o660
        assert copy.stat().st_gid == grp.getgrnam(GROUP).gr_gid
        assert copy.stat().st_uid == anna.uid


def old_schema_file(path: Path) -> Path:
    engine = make_engine(to_url(str(path)))
    migrate(engine, "0004")
    engine.dispose()
    return path


@pytest.mark.parametrize(("db_mode", "umask"), [(0o600, 0o022), (0o660, 0o077)])
def test_the_backup_before_a_migration_gets_the_database_mode(tmp_path, db_mode, umask):
    path = old_schema_file(tmp_path / "cockpit.db")
    path.chmod(db_mode)
    old = os.umask(umask)
    try:
        opened = open_database(str(path))
    finally:
        os.umask(old)
    opened.db.dispose()
    assert opened.backup is not None and opened.backup.name.startswith("cockpit.db.schema-4-")
    assert mode(opened.backup) == db_mode


def test_a_private_file_in_a_sticky_world_writable_folder_gets_no_group_warning(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    scratch.chmod(0o1777)  # as /tmp
    path = scratch / "cockpit.db"
    workers.seed(str(path))
    path.chmod(0o644)
    report = check_database(path, mounts=LOCAL)
    assert report.healthy, report.lines()
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert (OK, f"Private to {me} (not group-writable).") in [(f.level, f.text) for f in report.findings]


def test_a_group_writable_file_in_a_sticky_world_writable_folder_gets_one_clear_warning(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    scratch.chmod(0o1777)
    path = scratch / "cockpit.db"
    workers.seed(str(path))
    path.chmod(0o664)
    warnings = [f.text for f in check_database(path, mounts=LOCAL).findings if f.level == WARN]
    group = grp.getgrgid(path.stat().st_gid).gr_name
    assert warnings == [
        f"{scratch} is a scratch folder everyone can write, so the -wal/-shm files get the group of "
        f"whoever opens the database first: give a shared database a folder of its own "
        f"(`okr-cockpit init --shared {group} FOLDER/cockpit.db`)."
    ]


def test_a_group_writable_folder_without_the_sticky_bit_is_still_checked_as_shared(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    folder.chmod(0o777)  # world-writable but not sticky: group sharing gone wrong, warned as before
    path = folder / "cockpit.db"
    workers.seed(str(path))
    warnings = [f.text for f in check_database(path, mounts=LOCAL).findings if f.level == WARN]
    assert any("lacks the setgid bit" in text for text in warnings)
