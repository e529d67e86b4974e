"""Two processes set the A of the same activities at the same moment: one A each, the other refused.

Each process reads the matrix, waits at a barrier with the other, then sets A for its own role on
every activity, as two coaches pressing `a` at once would. The service's check and the schema's
partial unique index both stand behind the rule; BEGIN IMMEDIATE makes the check see the winner.
"""

import multiprocessing

from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.services.process import raci
from tests.concurrency import workers

ACTIVITIES = 40
ROLES = ("plo", "sponsor")


def set_accountable(path: str, role: str, barrier, results) -> None:
    db = workers.open_as(path, f"coach-{role}")
    outcomes = []
    for index in range(ACTIVITIES):
        seen = db.read(raci.raci_rows)[index]  # the matrix as this coach sees it
        barrier.wait(timeout=30)
        try:
            db.write(
                lambda s, row=seen: raci.set_cell(s, activity_id=row.id, role=role, letter="A", seen=row)
            )
            outcomes.append("set")
        except ValidationError as error:
            outcomes.append(f"refused: {error}")
        except ConflictError as error:
            outcomes.append(f"conflict: {error}")
    db.dispose()
    results.put((role, outcomes))


def test_two_processes_setting_the_accountable_role_at_once_leave_one_a_per_activity(db_path):
    db = workers.open_as(str(db_path), "setup")
    names = [f"Activity {n:02}" for n in range(ACTIVITIES)]
    db.write(lambda s: [raci.add_activity(s, name=name) for name in names])
    fork = multiprocessing.get_context("fork")
    barrier, results = fork.Barrier(len(ROLES)), fork.Queue()
    processes = [
        fork.Process(target=set_accountable, args=(str(db_path), r, barrier, results)) for r in ROLES
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in ROLES)
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0

    matrix = db.read(raci.raci_rows)
    db.dispose()
    assert [len(row.accountable) for row in matrix] == [1] * ACTIVITIES
    for index, row in enumerate(matrix):
        winner = row.accountable[0]
        loser = next(role for role in ROLES if role != winner)
        assert outcomes[winner][index] == "set"
        holder = raci.ROLE_LABELS[winner]
        assert (
            outcomes[loser][index]
            == f"refused: '{row.name}' already has an accountable role: {holder}. Clear it first."
        )
        assert loser not in row.letters
