"""Another process holding the write lock (BEGIN IMMEDIATE) on a file, for tests of busy saves."""

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.concurrency import workers


@dataclass(frozen=True)
class HeldLock:
    ready: object  # set once the other process holds the lock
    release: object  # set it to make the other process let go early


@contextmanager
def lock_held_elsewhere(path: Path) -> Iterator[HeldLock]:
    """Another process holds the write lock until `release` is set or the block ends.

    Enter it before `app.run_test()`: a process cannot be spawned once Textual holds the terminal.
    """
    spawn = multiprocessing.get_context("spawn")
    ready, release = spawn.Event(), spawn.Event()
    holder = spawn.Process(target=workers.hold_write_lock, args=(str(path), ready, release))
    holder.start()
    try:
        yield HeldLock(ready, release)
    finally:
        release.set()
        holder.join(20)
    assert holder.exitcode == 0
