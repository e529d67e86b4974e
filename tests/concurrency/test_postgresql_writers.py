"""The concurrency guarantees on PostgreSQL: the same tests as on the SQLite file, against a real
server: 8 processes x 200 read-modify-writes lose nothing, one A per RACI activity with two
writers at once, and a stale version-checked save on a second connection is a conflict."""

import pytest
from sqlalchemy import func, select

from okr_cockpit.db.models import AuditEntry, RolloutWave
from okr_cockpit.errors import ConflictError
from okr_cockpit.services.records import fetch_row, update_row
from tests.concurrency import test_processes, test_raci_two_writers, workers


def test_eight_processes_of_read_modify_write_lose_nothing_on_postgresql(pg_url):
    test_processes.test_eight_processes_of_read_modify_write_lose_nothing(pg_url)


def test_one_accountable_per_activity_with_two_writers_on_postgresql(pg_url):
    test_raci_two_writers.test_two_processes_setting_the_accountable_role_at_once_leave_one_a_per_activity(
        pg_url
    )


def test_a_stale_save_on_a_second_connection_is_a_conflict(pg_url):
    wave = workers.seed(pg_url)["wave"]
    anna, ben = workers.open_as(pg_url, "anna"), workers.open_as(pg_url, "ben")
    seen = ben.read(lambda s: fetch_row(s, RolloutWave, wave))  # ben opens the form
    anna.write(
        lambda s: update_row(
            s, RolloutWave, wave, expected_version=1, changes={"name": "Anna's"}, what="wave"
        )
    )
    with pytest.raises(ConflictError, match="changed by someone else"):
        ben.write(
            lambda s: update_row(
                s,
                RolloutWave,
                wave,
                expected_version=seen["version"],
                changes={"name": "Ben's"},
                original=seen,
                what="wave",
            )
        )
    assert anna.read(lambda s: fetch_row(s, RolloutWave, wave))["name"] == "Anna's"
    updates = anna.read(
        lambda s: s.execute(select(func.count()).where(AuditEntry.action == "update")).scalar()
    )
    assert updates == 1
    anna.dispose()
    ben.dispose()
