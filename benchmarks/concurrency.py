"""Commits per second from N processes doing read-modify-write through the services, and refresh latency.

Usage: python benchmarks/concurrency.py [--processes 1,2,4,8] [--edits 200] [--dir FOLDER]

Each process opens its own Database and, in one BEGIN IMMEDIATE transaction per edit, reads a
wave and writes it back with the version it read (the audit entry commits with it). The file
is on a real disk (a temporary folder under --dir, default the current folder) with
synchronous=FULL, so the numbers include fsync. Afterwards the stored counter must equal
processes × edits. The refresh latency is the time from another process's commit returning to
the app's DataVersionWatcher noticing it (polling every POLL_SECONDS).
"""

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from okr_cockpit.db.models import RolloutWave  # noqa: E402
from okr_cockpit.db.open import open_database  # noqa: E402
from okr_cockpit.services.records import fetch_row, insert_row, update_row  # noqa: E402
from okr_cockpit.ui.watcher import POLL_SECONDS, DataVersionWatcher  # noqa: E402


def edit(path: str, wave: int, edits: int, start, results) -> None:
    db = open_database(path).db

    def bump(session):
        row = fetch_row(session, RolloutWave, wave)
        changes = {"position": row["position"] + 1}
        update_row(session, RolloutWave, wave, expected_version=row["version"], changes=changes, what="wave")

    start.wait()
    latencies = []
    for _ in range(edits):
        began = time.perf_counter()
        db.write(bump)
        latencies.append(time.perf_counter() - began)
    db.dispose()
    results.put(latencies)


def run(path: Path, processes: int, edits: int) -> None:
    db = open_database(str(path)).db
    wave = db.write(lambda s: insert_row(s, RolloutWave, {"name": f"Bench {processes}"}))
    fork = multiprocessing.get_context("fork")
    start, results = fork.Event(), fork.Queue()
    workers = [
        fork.Process(target=edit, args=(str(path), wave, edits, start, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # every process has opened its database
    began = time.perf_counter()
    start.set()
    latencies = sorted(x for _ in workers for x in results.get())
    seconds = time.perf_counter() - began
    for worker in workers:
        worker.join()
    stored = db.read(lambda s: fetch_row(s, RolloutWave, wave))["position"]
    db.dispose()
    total = processes * edits
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"{processes} processes × {edits} edits: {total / seconds:7.0f} commits/s   "
        f"latency p50 {statistics.median(latencies) * 1000:5.1f} ms  p99 {p99 * 1000:6.1f} ms  "
        f"max {latencies[-1] * 1000:6.0f} ms   lost {total - stored}"
    )


def refresh_latency(path: Path, rounds: int = 10) -> None:
    db = open_database(str(path)).db
    noticed = threading.Event()
    watcher = DataVersionWatcher(path, noticed.set)
    watcher.start()
    time.sleep(0.3)
    wave = db.write(lambda s: insert_row(s, RolloutWave, {"name": "Watched"}))
    delays = []
    for number in range(rounds):
        time.sleep(0.2)
        noticed.clear()
        db.write(
            lambda s, n=number: update_row(
                s, RolloutWave, wave, expected_version=None, changes={"position": n + 1}, what="wave"
            )
        )
        committed = time.perf_counter()
        noticed.wait(5)
        delays.append(time.perf_counter() - committed)
    watcher.stop()
    db.dispose()
    print(
        f"refresh notice after a commit (poll every {POLL_SECONDS} s): mean {statistics.mean(delays):.2f} s, "
        f"max {max(delays):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2,4,8")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--dir", default=".")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="okr-bench-") as folder:
        for count in (int(n) for n in args.processes.split(",")):
            run(Path(folder) / f"bench-{count}.db", count, args.edits)
        refresh_latency(Path(folder) / "watched.db")


if __name__ == "__main__":
    main()
