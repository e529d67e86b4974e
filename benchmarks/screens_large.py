"""Time each screen on the large demo: first frame, and until its data is shown.

Usage: python benchmarks/screens_large.py [DB]  (without DB a large demo is built in a temp dir first)
Compare with a bare Textual app's first frame (printed first); DESIGN.md's goal is within 1.3x.
"""

import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from textual.app import App
from textual.widgets import Static

TODAY = date(2026, 11, 16)


class Bare(App):
    def compose(self):
        yield Static("hello")


async def first_frame(app: App) -> float:
    start = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


async def screens(path: str) -> None:
    from okr_cockpit.ui.app import make_app

    print(f"bare Textual app, first frame: {await first_frame(Bare()):.3f} s")
    app = make_app(db_url=path, clock=lambda: TODAY)
    start = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        print(f"cockpit, first frame:          {time.perf_counter() - start:.3f} s")
        await app.workers.wait_for_complete()
        print(f"overview with its figures:     {time.perf_counter() - start:.3f} s")
        screens_by_key = ("units", "coaches", "timeline", "stakeholders", "raci")
        for key, name in zip("23456", screens_by_key, strict=True):
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            shown = time.perf_counter() - start
            await app.workers.wait_for_complete()
            await pilot.pause()
            print(f"{name:13} first frame {shown:.3f} s, data shown {time.perf_counter() - start:.3f} s")


def main() -> None:
    if len(sys.argv) > 1:
        asyncio.run(screens(sys.argv[1]))
        return
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.demo.generate import load_demo

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "large.db")
        opened = open_database(path)
        load_demo(opened.db, size="large", today=TODAY)
        opened.db.dispose()
        asyncio.run(screens(path))


if __name__ == "__main__":
    main()
