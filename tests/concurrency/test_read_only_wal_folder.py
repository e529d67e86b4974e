"""A WAL database in a folder this user cannot write: read-only with a reason, data shown, nothing written.

Run as a real non-root user (root ignores permissions). Both when nobody has the file open (no
-wal/-shm beside it) and while its owner has it open (their -wal/-shm exist, not writable for us).
"""

import hashlib
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from okr_cockpit.cli import main
from okr_cockpit.db.open import open_database
from okr_cockpit.services.exporting.tables import export_rows
from okr_cockpit.services.maintenance import ERROR, check_database
from tests.concurrency.accounts import OUTSIDER, accounts, run_as, shared_tmp


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def units(path: str) -> list[tuple]:
    opened = open_database(path, read_only=True, one_shot=True)
    try:
        return opened.db.read(lambda s: [tuple(row) for row in export_rows(session=s, kind="units")[1]])
    finally:
        opened.db.dispose()


def look_as_reader(path: str) -> dict:
    """What a coach without write access gets: the app's open, `check` and `export units`."""
    opened = open_database(path)
    try:
        reason = opened.read_only_reason
        shown = opened.db.read(lambda s: [tuple(row) for row in export_rows(session=s, kind="units")[1]])
    finally:
        opened.db.dispose()
    report = check_database(Path(path), mounts="/dev/vda / ext4 rw 0 0\n")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["export", "units", "--db", path])
    return {
        "reason": reason,
        "units": [tuple(row) for row in shown],
        "check": [(f.level, f.text) for f in report.findings],
        "export": (code, len(out.getvalue().splitlines()), err.getvalue()),
    }


@pytest.fixture
def read_only_folder(demo_path):
    eve = accounts()[OUTSIDER]
    with shared_tmp() as folder:
        path = folder / "cockpit.db"
        shutil.copyfile(demo_path, path)
        path.chmod(0o644)
        warm = folder / "warm.db"
        shutil.copyfile(demo_path, warm)
        look_as_reader(str(warm))  # every module loaded before the child drops root
        warm.unlink()
        folder.chmod(0o755)  # root's folder: eve may read, not create -wal/-shm
        yield eve, path


@pytest.mark.parametrize("in_use", [False, True], ids=["nobody-has-it-open", "owner-has-it-open"])
def test_read_only_wal_folder_shows_the_data_and_writes_nothing(read_only_folder, in_use):
    eve, path = read_only_folder
    expected = [tuple(row) for row in units(str(path))]
    owner = open_database(str(path)) if in_use else None
    try:
        if owner is not None:
            owner.db.read(lambda s: export_rows(session=s, kind="units"))
            with owner.db.engine.connect():  # keeps the owner's connection (and -wal/-shm) open
                before = files(path.parent)
                assert {"cockpit.db-wal", "cockpit.db-shm"} <= set(before)
                seen = run_as(eve, look_as_reader, str(path))
                after = files(path.parent)
        else:
            before = files(path.parent)
            assert list(before) == ["cockpit.db"]
            seen = run_as(eve, look_as_reader, str(path))
            after = files(path.parent)
    finally:
        if owner is not None:
            owner.db.dispose()
    assert seen["reason"].startswith(f"You cannot write {path}, so it is open read-only.")
    # Nobody's -wal/-shm to read through: a snapshot, and it says later changes need a reopen.
    # With the owner's in place they are read (not written), so the view stays live.
    assert ("snapshot" in seen["reason"]) is not in_use
    assert seen["units"] == expected and len(expected) > 10  # the data is all there
    assert [text for level, text in seen["check"] if level == ERROR] == []  # no false failures
    assert "Integrity (quick_check): ok." in [text for _, text in seen["check"]]
    code, lines, err = seen["export"]
    assert (code, lines, err) == (0, len(expected) + 1, "")
    assert after == before  # not a byte written, no companion file created
