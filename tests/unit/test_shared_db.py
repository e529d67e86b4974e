"""Shared set-up and health: `init --shared`, `check`, `backup`; permissions with real non-root users."""

import hashlib
import os
import stat
from pathlib import Path

import pytest

from okr_cockpit.db.engine import Actor, Database
from okr_cockpit.db.models import RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.audit import latest_change
from okr_cockpit.services.maintenance import (
    ERROR,
    OK,
    WARN,
    backup_database,
    check_database,
    filesystem_finding,
    filesystem_of,
    init_shared,
)
from okr_cockpit.services.records import insert_row
from tests.concurrency import workers
from tests.concurrency.accounts import GROUP, OUTSIDER, accounts, run_as, shared_tmp

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /srv/okr nfs4 rw,relatime 0 0
//nas/team /mnt/team cifs rw 0 0
anna@box:/data /home/anna/remote fuse.sshfs rw 0 0
/dev/vdb /srv/okr/local ext4 rw 0 0
/dev/vdc /mnt/with\\040space xfs rw 0 0
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_and_write(path: str, name: str) -> tuple[str, str]:
    """What a coach does: open the shared file and add a wave. Returns (read-only reason, stored actor)."""
    opened = open_database(path)
    db = Database(opened.db.engine, actor=Actor.current())
    try:
        db.write(lambda s: insert_row(s, RolloutWave, {"name": name}))
        return opened.read_only_reason, db.read(latest_change).who
    finally:
        db.dispose()


def check_levels(path: str) -> list[tuple[str, str]]:
    return [(f.level, f.text) for f in check_database(Path(path)).findings]


def check_while_open(path: str) -> list[tuple[str, str]]:
    """Check while this user holds the file open, so the -wal and -shm files they created exist."""
    opened = open_database(path)
    try:
        opened.db.read(latest_change)
        with opened.db.engine.connect():
            return check_levels(path)
    finally:
        opened.db.dispose()


@pytest.fixture(scope="module")
def users():
    found = accounts()
    # The children cannot read the interpreter's files after dropping root: load everything first.
    with shared_tmp() as folder:
        path = str(folder / "warm.db")
        open_and_write(path, "warm-up")
        check_while_open(path)
    return found


def test_filesystem_of_picks_the_deepest_mount():
    assert filesystem_of(Path("/srv/okr/cockpit.db"), MOUNTS) == ("/srv/okr", "nfs4")
    assert filesystem_of(Path("/srv/okr/local/cockpit.db"), MOUNTS) == ("/srv/okr/local", "ext4")
    assert filesystem_of(Path("/srv/okrx/cockpit.db"), MOUNTS) == ("/", "ext4")
    assert filesystem_of(Path("/mnt/with space/c.db"), MOUNTS) == ("/mnt/with space", "xfs")


@pytest.mark.parametrize(
    ("where", "level"),
    [("/srv/okr/c.db", WARN), ("/mnt/team/c.db", WARN), ("/home/anna/remote/c.db", WARN), ("/var/c.db", OK)],
)
def test_network_filesystems_are_warned_about(where, level):
    finding = filesystem_finding(Path(where), MOUNTS)
    assert finding.level == level
    if level == WARN:
        assert "locking is unsafe" in finding.text


def test_check_of_a_healthy_private_database(db_path):
    workers.seed(str(db_path))
    report = check_database(db_path, mounts="/dev/vda / ext4 rw 0 0\n")
    texts = [f.text for f in report.findings]
    assert report.healthy, report.lines()
    assert "Integrity (quick_check): ok." in texts
    assert "Journal mode: WAL." in texts
    assert any(t.startswith("Schema version") and "(current)" in t for t in texts)
    assert any(t.startswith("Last change: setup@other-host added Team Payments") for t in texts)


@pytest.mark.parametrize(
    "content", [b"just some text\n" * 100, b"SQLite format 3\x00" + b"\x07" * 4000], ids=["text", "damaged"]
)
def test_check_reports_files_that_are_not_sqlite_or_damaged_and_leaves_them(tmp_path, content):
    tmp_path = tmp_path / "alone"
    tmp_path.mkdir()
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    before = digest(path)
    report = check_database(path)
    assert not report.healthy
    assert any(f.level == ERROR for f in report.findings)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]


def test_check_of_a_missing_file_says_so(tmp_path):
    report = check_database(tmp_path / "nowhere" / "c.db")
    assert [f.level for f in report.findings] == [ERROR]
    assert "does not exist" in report.findings[0].text


def test_init_shared_lets_every_group_member_write(users):
    anna, ben, eve = users["okrtest-anna"], users["okrtest-ben"], users[OUTSIDER]
    with shared_tmp() as scratch:
        path = scratch / "okr" / "cockpit.db"
        done = init_shared(GROUP, path)
        assert any("umask 007" in line for line in done)
        folder = path.parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o2770
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
        assert folder.stat().st_gid == path.stat().st_gid == users_group_id()
        assert run_as(anna, open_and_write, str(path), "Anna's wave") == ("", "okrtest-anna@" + os.uname()[1])
        # Ben opens the -wal/-shm files Anna's session created: the setgid folder gave them the group.
        assert run_as(ben, open_and_write, str(path), "Ben's wave")[0] == ""
        findings = run_as(ben, check_while_open, str(path))
        assert [level for level, _ in findings if level != OK] == [], findings
        assert any("Shared with group okrtest-coaches" in text for _, text in findings)
        with pytest.raises(CockpitError, match="you may not enter the folder"):
            run_as(eve, open_and_write, str(path), "Eve's wave")


def test_check_finds_a_missing_setgid_bit_and_companions_of_another_group(users):
    anna = users["okrtest-anna"]
    with shared_tmp() as scratch:
        path = scratch / "okr" / "cockpit.db"
        init_shared(GROUP, path)
        path.parent.chmod(0o770)  # someone "tidied up" the folder
        findings = run_as(anna, check_while_open, str(path))
        texts = [text for level, text in findings if level == WARN]
        assert any("lacks the setgid bit" in t and "chmod g+s" in t for t in texts), findings
        # Anna's session created the -wal/-shm with her own group: Ben could not use them.
        assert any("cockpit.db-wal belongs to group okrtest-anna" in t for t in texts), findings
        assert any("cockpit.db-shm belongs to group okrtest-anna" in t for t in texts), findings


def test_check_says_when_you_cannot_write_the_file(users):
    with shared_tmp() as scratch:
        path = scratch / "cockpit.db"
        workers.seed(str(path))
        path.chmod(0o644)
        findings = run_as(users[OUTSIDER], check_levels, str(path))
        assert any(level == WARN and "cannot write it" in text for level, text in findings), findings


def test_init_shared_refuses_an_unknown_group(tmp_path):
    with pytest.raises(CockpitError, match="no group called"):
        init_shared("no-such-group-okr", tmp_path / "c.db")
    assert not (tmp_path / "c.db").exists()


def users_group_id() -> int:
    import grp

    return grp.getgrnam(GROUP).gr_gid


def test_backup_while_others_write_is_consistent_and_verified(tmp_path):
    import multiprocessing

    path = tmp_path / "cockpit.db"
    wave = workers.seed(str(path))["wave"]
    fork = multiprocessing.get_context("fork")  # separate processes that start in milliseconds
    writers = [fork.Process(target=workers.increment_many, args=(str(path), wave, 150)) for _ in range(2)]
    for writer in writers:
        writer.start()
    copies = []
    try:
        for number in range(3):
            copies.append(backup_database(path, tmp_path / f"copy-{number}.db").path)
    finally:
        for writer in writers:
            writer.join(60)
    assert [writer.exitcode for writer in writers] == [0, 0]
    for copy in copies:
        opened = open_database(str(copy), read_only=True)
        position, updates = opened.db.read(lambda s: snapshot_figures(s, wave))
        opened.db.dispose()
        # A consistent snapshot: every increment in the copy has its audit entry, and no more.
        assert position == updates
        assert not Path(f"{copy}-wal").exists()
    with pytest.raises(CockpitError, match="already exists"):
        backup_database(path, copies[0])


def snapshot_figures(session, wave: int) -> tuple[int, int]:
    from sqlalchemy import func, select

    from okr_cockpit.db.models import AuditEntry

    audit = AuditEntry.__table__
    position = session.execute(
        select(RolloutWave.__table__.c.position).where(RolloutWave.__table__.c.id == wave)
    )
    updates = session.execute(
        select(func.count()).where(audit.c.entity == "rollout_wave", audit.c.action == "update")
    )
    return position.scalar_one(), updates.scalar_one()


def test_backup_into_a_folder_gets_a_dated_name_and_refuses_non_sqlite(tmp_path):
    path = tmp_path / "cockpit.db"
    workers.seed(str(path))
    target = tmp_path / "backups"
    target.mkdir()
    made = backup_database(path, target)
    assert made.path.parent == target and made.path.name.startswith("cockpit-")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CockpitError, match="not an SQLite database"):
        backup_database(text, tmp_path / "x.db")
    with pytest.raises(CockpitError, match="does not exist"):
        backup_database(path, tmp_path / "missing" / "x.db")


def test_the_commands_init_check_and_backup(users, capsys):
    from okr_cockpit.cli import main

    with shared_tmp() as scratch:
        path = scratch / "okr" / "cockpit.db"
        assert main(["init", "--shared", GROUP, str(path)]) == 0
        assert "umask 007" in capsys.readouterr().out
        assert main(["check", "--db", str(path)]) == 0
        out = capsys.readouterr().out
        assert "✓ ok    Integrity (quick_check): ok." in out
        assert "Shared with group okrtest-coaches" in out
        assert main(["backup", "--db", str(path), str(scratch / "copy.db")]) == 0
        assert "integrity check: ok" in capsys.readouterr().out
        assert (scratch / "copy.db").exists()
        path.parent.chmod(0o770)
        assert main(["check", "--db", str(path)]) == 1
        assert "▲ warn  " in capsys.readouterr().out


def test_init_shared_never_takes_over_a_folder_with_other_files(users, capsys):
    from okr_cockpit.cli import main

    with shared_tmp() as scratch:
        (scratch / "thesis.tex").write_text("mine")
        before = stat.S_IMODE(scratch.stat().st_mode)
        assert main(["init", "--shared", GROUP, str(scratch / "cockpit.db")]) == 1
        assert "holds other files (thesis.tex)" in capsys.readouterr().err
        assert stat.S_IMODE(scratch.stat().st_mode) == before
        assert not (scratch / "cockpit.db").exists()


def test_check_of_a_text_file_is_one_line_and_exit_1(tmp_path, capsys):
    from okr_cockpit.cli import main

    path = tmp_path / "notes.db"
    path.write_text("not a database")
    assert main(["check", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"✖ fail  {path} is not an SQLite database." in captured.out
    assert "Traceback" not in captured.out + captured.err
