"""The Rollout plan on the large demo: what its screen loads, and a bulk wave change of 2,000 units.

Usage: python benchmarks/rollout_plan.py DB [--runs 5]   (DB: a large demo, e.g. from
`python -m okr_cockpit demo --size large --db /tmp/perf/large.db --no-open`; it is copied, never changed)

Prints the median over the runs of: each part of the Rollout plan screen's load (waves, readiness of every
wave, each wave's detail, process health of the current cycle), the Org units screen's load beside it, and
one transaction that moves 2,000 units into another wave (preview, update, one audit entry per unit).
Goal (issue 14): the Rollout plan loads in the time of the other screens; the bulk change commits in < 2 s.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from okr_cockpit.db.models import OrgUnit
from okr_cockpit.db.open import open_database
from okr_cockpit.services.org import bulk
from okr_cockpit.services.org.reads import children, unit_detail
from okr_cockpit.services.rollout import health as hs
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.rollout.detail import wave_detail
from okr_cockpit.services.rollout.readiness import waves_readiness

TODAY = date(2026, 11, 16)
BULK_UNITS = 2000


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def screen_parts(db) -> dict[str, float]:
    waves = db.read(ws.list_waves)
    ids = [w.id for w in waves]
    return {
        "waves (list)": timed(lambda: db.read(ws.list_waves)),
        "readiness of every wave": timed(
            lambda: db.read(lambda s: waves_readiness(s, today=TODAY, wave_ids=ids))
        ),
        "detail of every wave": timed(
            lambda: db.read(lambda s: [wave_detail(s, wave_id=i, today=TODAY) for i in ids])
        ),
        "process health (current cycle)": timed(lambda: db.read(lambda s: hs.current_health(s, today=TODAY))),
        "Org units screen (top level + first unit's detail), for comparison": timed(
            lambda: db.read(lambda s: unit_detail(s, children(s, None)[0].id, today=TODAY))
        ),
    }


def bulk_change(db) -> float:
    waves = db.read(ws.list_waves)
    unit_ids = db.read(
        lambda s: list(s.scalars(select(OrgUnit.id).where(OrgUnit.wave_id != waves[-1].id).limit(BULK_UNITS)))
    )
    assert len(unit_ids) == BULK_UNITS, "the database has too few units for this benchmark"
    return timed(lambda: db.write(lambda s: bulk.set_wave(s, unit_ids=unit_ids, wave_id=waves[-1].id)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for _run in range(args.runs):
            copy = Path(scratch) / "large.db"
            shutil.copyfile(args.db, copy)
            db = open_database(str(copy)).db
            try:
                for name, ms in screen_parts(db).items():
                    figures.setdefault(name, []).append(ms)
                name = f"bulk: {BULK_UNITS:,} units into another wave, one transaction"
                figures.setdefault(name, []).append(bulk_change(db))
            finally:
                db.dispose()
    for name, values in figures.items():
        print(f"{statistics.median(values):8.1f} ms  {name}")


if __name__ == "__main__":
    main()
