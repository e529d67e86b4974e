"""Bad states give one clear message and never change the file: corrupt, not SQLite, newer schema,
locked by another process, disk full, missing folder, read-only."""

import hashlib
import os
import sqlite3
import subprocess
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from okr_cockpit.db.engine import Database, make_engine, to_url
from okr_cockpit.db.models import RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.records import insert_row
from okr_cockpit.ui.app import CockpitApp
from okr_cockpit.ui.forms.form import FormDialog, FormField
from tests.concurrency import workers
from tests.concurrency.lock_holder import lock_held_elsewhere


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_wave(db: Database, name: str = "New wave") -> int:
    return db.write(lambda s: insert_row(s, RolloutWave, {"name": name, "start_on": date(2027, 1, 1)}))


@pytest.fixture
def seeded(db_path):
    workers.seed(str(db_path))
    return db_path


def test_a_corrupt_file_is_refused_and_left_as_it_was(seeded):
    with seeded.open("r+b") as handle:  # keep the header, damage the pages after it
        handle.seek(4096)
        handle.write(b"\xde\xad\xbe\xef" * 4096)
    before = digest(seeded)
    with pytest.raises(CockpitError, match="damaged or not an SQLite database"):
        open_database(str(seeded))
    assert digest(seeded) == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Meeting notes, not a database\n" * 50)
    before = digest(path)
    with pytest.raises(CockpitError, match="is not an SQLite database"):
        open_database(str(path))
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_missing_folder_is_named_and_nothing_is_created(tmp_path):
    with pytest.raises(CockpitError, match="does not exist"):
        open_database(str(tmp_path / "nowhere" / "cockpit.db"))
    assert not (tmp_path / "nowhere").exists()


def test_a_newer_schema_opens_read_only_with_the_reason_and_stays_unchanged(seeded):
    connection = sqlite3.connect(seeded)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = digest(seeded)
    opened = open_database(str(seeded))
    assert opened.db.read_only
    assert "schema version 9999" in opened.read_only_reason
    with pytest.raises(CockpitError, match="read-only"):
        add_wave(opened.db)
    app = CockpitApp(db=opened.db, read_only_reason=opened.read_only_reason)
    assert app.banner_text.startswith("READ-ONLY · This database uses schema version 9999")
    opened.db.dispose()
    assert digest(seeded) == before


def test_a_lock_held_longer_than_the_timeout_says_try_again_and_writes_nothing(seeded):
    before = digest(seeded)
    with lock_held_elsewhere(seeded) as held:
        assert held.ready.wait(20)
        db = Database(make_engine(to_url(str(seeded)), busy_timeout_ms=300))
        with pytest.raises(CockpitError) as raised:
            add_wave(db)
        assert str(raised.value) == "Another user is saving — try again."
        db.dispose()
    assert digest(seeded) == before


@contextmanager
def tiny_filesystem(tmp_path: Path):
    """A 1 MiB tmpfs (root only); None where mounting is not allowed."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mount_point if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(folder: Path) -> None:
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 65536)
    except OSError:
        pass  # ENOSPC: the disk is full now
    finally:
        os.close(descriptor)


@pytest.mark.parametrize("how", ["tmpfs", "page_limit"])
def test_a_full_disk_says_the_change_was_not_saved_and_leaves_the_file(tmp_path, how):
    with tiny_filesystem(tmp_path) as mounted:
        folder = mounted if how == "tmpfs" else None
        if how == "tmpfs" and mounted is None:
            pytest.skip("mounting a small tmpfs needs root; the page_limit case covers SQLITE_FULL")
        path = (folder or tmp_path) / "cockpit.db"
        workers.seed(str(path))
        before = digest(path)
        opened = open_database(str(path))
        opened.db.read(lambda s: None)  # the -wal and -shm exist before the disk fills, as in real use
        if folder is not None:
            fill(folder)
        else:  # no tmpfs allowed: SQLite's own size limit raises the same SQLITE_FULL
            with closing(sqlite3.connect(path)) as connection:
                pages = connection.execute("PRAGMA page_count").fetchone()[0]
            opened.db.engine.dispose()
            event.listen(
                opened.db.engine, "connect", lambda c, _: c.execute(f"PRAGMA max_page_count={pages}")
            )
        big = "x" * 3000
        with pytest.raises(CockpitError) as raised:
            opened.db.write(
                lambda s: [
                    insert_row(s, RolloutWave, {"name": f"W{i}", "objective": big}) for i in range(100)
                ]
            )
        assert str(raised.value) == "The disk is full: your change was not saved."
        opened.db.dispose()
        if folder is not None:
            (folder / "filler").unlink()
        assert digest(path) == before


def open_unwritable(path: str) -> tuple[str, str, str]:
    """As a user who may read but not write the file: (reason, banner, what a save says)."""
    opened = open_database(path)
    banner = CockpitApp(db=opened.db, read_only_reason=opened.read_only_reason).banner_text
    try:
        add_wave(opened.db)
        refused = ""
    except CockpitError as error:
        refused = str(error)
    opened.db.dispose()
    return opened.read_only_reason, banner, refused


@pytest.mark.parametrize("folder_mode", [0o755, 0o777], ids=["folder-not-writable", "folder-writable"])
def test_a_file_the_user_cannot_write_opens_read_only_with_the_reason(folder_mode):
    from tests.concurrency.accounts import OUTSIDER, accounts, run_as, shared_tmp

    eve = accounts()[OUTSIDER]
    with shared_tmp() as folder:
        path = folder / "cockpit.db"
        workers.seed(str(path))
        path.chmod(0o644)
        folder.chmod(folder_mode)
        warm = folder / "warm.db"
        workers.seed(str(warm))
        open_unwritable(str(warm))  # load every module before the child drops root
        before = digest(path)
        reason, banner, refused = run_as(eve, open_unwritable, str(path))
        assert reason.startswith(f"You cannot write {path}, so it is open read-only.")
        assert banner == f"READ-ONLY · {reason}"
        assert refused == "This cockpit is open read-only; nothing can be changed."
        assert digest(path) == before


def read_only_form(app) -> FormDialog:
    return FormDialog("Edit", [FormField("name", "Name")], lambda s, v: None, values={"name": "x"})


async def test_read_only_cockpit_explains_on_every_edit(seeded, make_cockpit):
    app = make_cockpit(seeded, read_only=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#banner").render())
        assert banner == "READ-ONLY · Opened read-only (--read-only)."
        app.push_screen(read_only_form(app))
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)  # the form refuses to open
        app.screen.delete_record(label="Wave 1", delete=lambda s, v: None, version=1)
        app.screen.write(lambda s: None)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["Opened read-only (--read-only)."] * 3
