"""Time `load_demo(size="large")` on a fresh database file and print the seconds.

Usage: python benchmarks/demo_large.py [PATH]   (default: a temporary file, removed afterwards)
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from okr_cockpit.db.open import open_database
from okr_cockpit.services.demo.generate import load_demo


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(folder) / "large.db"
        opened = open_database(str(path))
        started = time.perf_counter()
        summary = load_demo(opened.db, size="large", today=date.today())
        seconds = time.perf_counter() - started
        opened.db.dispose()
        print(summary.describe())
        print(f"{seconds:.2f} s")


if __name__ == "__main__":
    main()
