"""What a user feels: the real okr-cockpit process in a terminal, beside bare Textual apps in the same run.

Usage: python benchmarks/terminal.py [--db LARGE.db] [--runs 3] [--presses 25]
Without --db the large demo is built in a temporary folder first. See benchmarks/README.md.

Each app runs in a pseudo-terminal of 120x36 whose output is fed to the pyte terminal emulator; a
figure is the time from the key press (or the launch) to the first chunk of output after which the
emulated screen shows what is asked for. The reload counts are taken in-process (run_test).
"""

import argparse
import asyncio
import fcntl
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyte

COLS, ROWS = 120, 36
HERE = Path(__file__).resolve().parent
BARE_APPS = HERE / "bare_apps.py"
# Text that appears only once a screen shows its data (the large demo's numbers and names).
SCREENS = (
    ("2", "Org units", "Analytics Division"),
    ("3", "Coaches", "Coaches 1,000"),
    ("4", "Timeline", "Org-wide"),
    ("5", "Stakeholders", "2,000 stakeholders"),
    ("6", "RACI & process", "every activity has exactly one A"),
    ("7", "Rollout plan", "waves in plan order"),
)
OVERVIEW_FIGURES = "units live"
LISTS = (("2", "Org units"), ("3", "Coaches"), ("5", "Stakeholders"))  # where `j` is measured


class Terminal:
    """One process on a pseudo-terminal, its output rendered by pyte."""

    def __init__(self, argv: list[str], *, env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.screen = pyte.Screen(COLS, ROWS)
        # Answer the terminal's queries (device attributes) as a real terminal would.
        self.screen.write_process_input = lambda data: os.write(master, data.encode())
        self.stream = pyte.ByteStream(self.screen)
        self.fd = master
        terminal_env = {**os.environ, **(env or {}), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=terminal_env, start_new_session=True
        )
        os.close(slave)
        self.last_output = self.started

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # the process ended
            return False
        self.last_output = time.perf_counter()
        self.stream.feed(data)
        return True

    def wait_for(self, done: Callable[[str], bool], *, timeout: float = 20.0) -> float:
        """Read until the screen satisfies `done`; the moment of the output that made it so."""
        deadline = time.perf_counter() + timeout
        while not done(self.text()):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"screen never matched; it shows:\n{self.text()}")
            self._read(deadline - time.perf_counter())
        return self.last_output

    def settle(self, quiet: float = 0.25, *, timeout: float = 10.0) -> None:
        """Read until the app has been silent for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self._read(quiet):
            pass

    def press(self, key: str) -> float:
        pressed = time.perf_counter()
        os.write(self.fd, key.encode())
        return pressed

    def key_to_change(self, key: str) -> float:
        """Seconds from pressing `key` to the first changed frame (text or style: pyte marks lines dirty)."""
        self.screen.dirty.clear()
        pressed = self.press(key)
        return self.wait_for(lambda _text: bool(self.screen.dirty)) - pressed

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.fd)


@dataclass
class Run:
    first_frame: float = 0.0
    figures: float = 0.0
    first_visit: dict[str, float] = field(default_factory=dict)
    revisit: dict[str, float] = field(default_factory=dict)
    presses: dict[str, list[float]] = field(default_factory=dict)
    rss: float = 0.0


def bare_static() -> Run:
    terminal = Terminal([sys.executable, str(BARE_APPS), "static"])
    try:
        run = Run(first_frame=terminal.wait_for(lambda text: "hello" in text) - terminal.started)
        terminal.settle()
        run.rss = terminal.peak_rss_mib()
        return run
    finally:
        terminal.close()


def bare_list(presses: int) -> Run:
    terminal = Terminal([sys.executable, str(BARE_APPS), "listview"])
    try:
        run = Run(first_frame=terminal.wait_for(lambda text: "row 0" in text) - terminal.started)
        terminal.settle()
        run.presses["ListView"] = press_j(terminal, presses)
        run.rss = terminal.peak_rss_mib()
        return run
    finally:
        terminal.close()


def press_j(terminal: Terminal, presses: int) -> list[float]:
    times = []
    for _ in range(presses):
        times.append(terminal.key_to_change("j"))
        terminal.settle(0.15)  # let the detail that follows the cursor finish before the next key
    return times


def shows(name: str, marker: str) -> Callable[[str], bool]:
    return lambda text: f"▸{name}◂" in text and marker in text


def cockpit(db: Path, presses: int) -> Run:
    terminal = Terminal([sys.executable, "-m", "okr_cockpit", "--db", str(db)])
    try:
        run = Run()
        run.first_frame = terminal.wait_for(lambda text: "okr-cockpit" in text) - terminal.started
        run.figures = terminal.wait_for(lambda text: OVERVIEW_FIGURES in text) - terminal.started
        terminal.settle()
        for key, name, marker in SCREENS:
            pressed = terminal.press(key)
            run.first_visit[name] = terminal.wait_for(shows(name, marker)) - pressed
            terminal.settle()
        for key, name, marker in SCREENS:
            pressed = terminal.press(key)
            run.revisit[name] = terminal.wait_for(shows(name, marker)) - pressed
            terminal.settle()
        for key, name in LISTS:
            terminal.press(key)
            terminal.settle()
            run.presses[name] = press_j(terminal, presses)
        run.rss = terminal.peak_rss_mib()
        terminal.press("q")
        return run
    finally:
        terminal.close()


# -- reloads, counted in-process ----------------------------------------------------------------
async def count_reloads(db: Path) -> tuple[int, int]:
    """Loads of the RACI screen after one save by the app itself, and after one by another process."""
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.process import raci
    from okr_cockpit.ui.app import make_app

    app = make_app(db_url=str(db))
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.press("6")
        await app.workers.wait_for_complete()
        await pilot.pause(1.2)
        screen = app.screen
        loads = 0
        fetch = screen.fetch

        def counting(session):
            nonlocal loads
            loads += 1
            return fetch(session)

        screen.fetch = counting
        await pilot.press("r")  # the focused cell becomes R: one save
        await settle_app(app, pilot)
        own = loads
        loads = 0
        other = open_database(str(db)).db
        rows = other.read(lambda session: raci.raci_rows(session))
        other.write(lambda session: raci.set_cell(session, activity_id=rows[-1].id, role="teams", letter="C"))
        other.dispose()
        await settle_app(app, pilot)
        return own, loads


async def settle_app(app, pilot) -> None:
    for _ in range(3):  # the watcher polls every 0.5 s; three polls see any commit
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
    await pilot.pause()


# -- the table -----------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median_of(runs: list[Run], pick: Callable[[Run], float]) -> float:
    return statistics.median(pick(run) for run in runs)


def table(cockpits: list[Run], statics: list[Run], lists: list[Run], reloads: tuple[int, int]) -> str:
    bare_frame = median_of(statics, lambda run: run.first_frame)
    first = median_of(cockpits, lambda run: run.first_frame)
    figures = median_of(cockpits, lambda run: run.figures)
    visits = {name: median_of(cockpits, lambda run, n=name: run.first_visit[n]) for _, name, _ in SCREENS}
    revisits = {name: median_of(cockpits, lambda run, n=name: run.revisit[n]) for _, name, _ in SCREENS}
    bare_j = [t for run in lists for t in run.presses["ListView"]]
    all_j = [t for run in cockpits for times in run.presses.values() for t in times]
    bare_rss = median_of(lists, lambda run: run.rss)
    rss = median_of(cockpits, lambda run: run.rss)

    def slowest(figures_by_screen: dict[str, float]) -> str:
        name = max(figures_by_screen, key=figures_by_screen.__getitem__)
        low, high = min(figures_by_screen.values()), max(figures_by_screen.values())
        return f"{ms(low)}–{ms(high)} ({name} slowest)"

    def press_line(times: list[float]) -> str:
        return f"median {ms(statistics.median(times))}, p95 {ms(p95(times))}, worst {ms(max(times))}"

    rows = [
        ("what", "bare Textual", "cockpit", "ratio", "goal", "met"),
        (
            "launch → first frame (top bar)",
            ms(bare_frame),
            ms(first),
            f"{first / bare_frame:.1f}×",
            "≤ 1.5×",
            first / bare_frame <= 1.5,
        ),
        (
            "launch → Overview figures",
            "—",
            ms(figures),
            f"{figures / bare_frame:.1f}×",
            "≤ 2.5×",
            figures / bare_frame <= 2.5,
        ),
        (
            "first visit of a screen → its data",
            "—",
            slowest(visits),
            "",
            "≤ 150 ms",
            max(visits.values()) <= 0.150,
        ),
        (
            "revisit of a screen → frame",
            "—",
            slowest(revisits),
            "",
            "≤ 50 ms",
            max(revisits.values()) <= 0.050,
        ),
        (
            "`j` in a list → changed frame",
            press_line(bare_j),
            press_line(all_j),
            "",
            "p95 ≤ bare + 10 ms, worst ≤ 100 ms",
            p95(all_j) <= p95(bare_j) + 0.010 and max(all_j) <= 0.100,
        ),
        (
            "peak memory (RSS)",
            f"{bare_rss:.0f} MiB (ListView app)",
            f"{rss:.0f} MiB",
            f"{rss / bare_rss:.1f}×",
            "≤ 2×",
            rss / bare_rss <= 2,
        ),
        (
            "reloads after one's own save / another's commit",
            "—",
            f"{reloads[0]} / {reloads[1]}",
            "",
            "1 / 1",
            reloads == (1, 1),
        ),
    ]
    lines = []
    for index, row in enumerate(rows):
        cells = [*row[:5], ("yes" if row[5] else "NO") if index else row[5]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
        if index == 0:
            lines.append("|---|---|---|---|---|---|")
    lines.append("")
    lines.append(
        "per screen, first visit / revisit: "
        + ", ".join(f"{name} {ms(visits[name])} / {ms(revisits[name])}" for name in visits)
    )
    lines.append(
        "`j` per list: "
        + ", ".join(
            f"{name} {press_line([t for run in cockpits for t in run.presses[name]])}" for _, name in LISTS
        )
    )
    return "\n".join(lines)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def measure(db: Path, *, runs: int, presses: int) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {load_average()} · {runs} runs")
    cockpits, statics, lists = [], [], []
    for number in range(runs):
        # Interleaved, so a burst of load elsewhere hits the bare apps and the cockpit alike.
        statics.append(bare_static())
        lists.append(bare_list(presses))
        cockpits.append(cockpit(db, presses))
        print(
            f"run {number + 1}: first frame {ms(cockpits[-1].first_frame)}, "
            f"figures {ms(cockpits[-1].figures)} (bare {ms(statics[-1].first_frame)})",
            flush=True,
        )
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "reloads.db"
        shutil.copyfile(db, copy)  # the reload count writes; the measured file stays as it was
        reloads = asyncio.run(count_reloads(copy))
    print()
    print(table(cockpits, statics, lists, reloads))
    print(f"\nafter the runs: {load_average()}")


def build_large_demo(path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "okr_cockpit", "demo", "--size", "large", "--db", str(path), "--no-open"],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the large demo (built in a temporary folder if not given)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presses", type=int, default=25, help="`j` presses per list and run")
    options = parser.parse_args()
    if options.db is not None:
        measure(options.db, runs=options.runs, presses=options.presses)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.db"
        build_large_demo(path)
        measure(path, runs=options.runs, presses=options.presses)


if __name__ == "__main__":
    threading.current_thread().name = "benchmark"
    main()
