"""A cockpit file whose name SQLite URIs would misread (`team#1.db`, `a?b.db`): every path that
opens it read-only (live refresh, backup, screenshots, the copy before a migration) finds it."""

import shutil

import pytest

from okr_cockpit.cli import main
from okr_cockpit.db.models import RolloutWave
from okr_cockpit.screenshots import SHOTS, render_screenshots
from okr_cockpit.services.records import update_row
from tests.concurrency import workers
from tests.ui.test_live_refresh import status, wait_for

NAMES = ["team#1.db", "what?now.db", "100%.db"]


@pytest.fixture(params=NAMES)
def odd_path(request, tmp_path):
    return tmp_path / request.param


async def test_live_refresh_sees_another_connection_on_an_odd_name(odd_path, make_cockpit):
    ids = workers.seed(str(odd_path))
    app = make_cockpit(odd_path)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app))
        other = workers.open_as(str(odd_path))
        other.write(
            lambda s: update_row(
                s, RolloutWave, ids["wave"], expected_version=None, changes={"name": "Renamed"}, what="wave"
            )
        )
        other.dispose()
        await wait_for(pilot, lambda: "anna changed Renamed" in status(app), timeout=30)


def test_backup_and_screenshots_of_an_odd_name(odd_path, demo_template, tmp_path, capsys):
    shutil.copyfile(demo_template, odd_path)
    backup = tmp_path / "copy.db"
    assert main(["--db", str(odd_path), "backup", str(backup)]) == 0
    assert "integrity check: ok" in capsys.readouterr().out
    main(["--db", str(backup), "check"])  # a backup is in rollback mode: check warns about that alone
    said = capsys.readouterr().out
    assert "Integrity (quick_check): ok." in said and "(current)" in said
    (shot,) = render_screenshots(tmp_path / "shots", database=odd_path, shots=(SHOTS[0],))
    assert "Rollout&#160;by&#160;wave" in shot.read_text(encoding="utf-8")
