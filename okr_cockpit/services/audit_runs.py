"""Bulk changes as one step of the History: consecutive audit entries of one write grouped into a
run (a template that adds 181 events is one row), and `RunIndex`, which keeps where each run starts
so the History can scroll to any run without holding the entries."""

import json
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from threading import Lock
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.services.audit import _COLUMNS, Change, _as_utc, _filtered, count_changes, run_kind

RUN_SECONDS = 2.0  # entries further apart than this are separate steps, not one bulk change


def runs(changes: Iterable[Change]) -> list[tuple[Change, ...]]:
    """Consecutive entries of one bulk change grouped (a template that adds 181 events is one run).

    Same person, action and kind of record (for changes: the same fields), each written within
    RUN_SECONDS of the next, each about another record.
    """
    grouped: list[list[Change]] = []
    for change in changes:
        if grouped and continues(grouped[-1][-1], change):
            grouped[-1].append(change)
        else:
            grouped.append([change])
    return [tuple(run) for run in grouped]


class RunStep(NamedTuple):
    """The little of an entry that `continues` reads (a Change has the same attributes)."""

    id: int
    at: datetime
    entity: str
    entity_id: int
    run_kind: tuple


def continues(last: Change | RunStep, change: Change | RunStep) -> bool:
    """Whether `change` (the next entry, newest first) belongs to the run that `last` ends."""
    return (
        last.run_kind == change.run_kind
        and abs((last.at - change.at).total_seconds()) <= RUN_SECONDS
        and (last.entity, last.entity_id) != (change.entity, change.entity_id)
    )


def _run_step(row: tuple) -> RunStep:
    entry_id, at, user, host, action, entity, entity_id, changes = row
    names: Iterable[str] = ()
    if action == "update":  # only changes compare their fields; the other entries skip the JSON
        try:
            decoded = json.loads(changes or "{}")
        except ValueError:
            decoded = {}
        names = decoded if isinstance(decoded, dict) else ()
    return RunStep(entry_id, _as_utc(at), entity, entity_id, run_kind(user, host, action, entity, names))


def run_starts(
    session: Session,
    *,
    user: str | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    after_id: int | None = None,
) -> "RunPass":
    """The id of each run's newest entry, newest first: row n of the History is the run from
    `starts[n]` down to (not including) `starts[n + 1]`. One pass over the entries (those after
    `after_id` only, if given), keeping only ids (8 bytes a run), so the History can scroll to any
    run without holding the entries. Also the newest and the oldest entry read, for `RunIndex`."""
    c = _COLUMNS
    starts = array("q")
    newest = last = None
    read = 0
    query = select(c.id, c.at, c.os_user, c.host, c.action, c.entity, c.entity_id, c.changes)
    query = _filtered(query, user=user, entity=entity, entity_id=entity_id)
    if after_id is not None:
        query = query.where(c.id > after_id)
    for row in session.execute(query.order_by(c.id.desc()).execution_options(yield_per=2000)):
        step = _run_step(row)
        if last is None or not continues(last, step):
            starts.append(step.id)
        newest = newest or step
        last = step
        read += 1
    return RunPass(starts, newest, last, read)


class RunPass(NamedTuple):
    starts: array  # the id of each run's newest entry, newest first
    newest: RunStep | None
    oldest: RunStep | None
    entries: int  # how many entries the pass read


class RunIndex:
    """`run_starts` kept up to date for the History: the log is append-only, so after the first
    pass a load reads only the entries added since (only the newest run can grow). One per app.

    Each load also counts the entries: when the count is not what was known plus what was added
    (an entry committed late with an id below the newest one seen, as concurrent PostgreSQL commits
    can; a log that was replaced), the index starts again from a full pass. It remembers the starts
    of the last KEPT filters (all changes, one record's, one user's…), not of every record ever opened.
    """

    KEPT = 8

    def __init__(self) -> None:
        self.lock = Lock()
        # filters -> (run starts, newest entry, entries counted), the filters used last at the end
        self.known: OrderedDict[tuple, tuple[array, RunStep, int]] = OrderedDict()

    def starts(self, session: Session, **filters: Any) -> tuple[array, int]:
        """The run starts for these filters, and how many entries they cover."""
        key = tuple(sorted(filters.items()))
        with self.lock:
            count = count_changes(session, **filters)
            known = self.known.pop(key, None)
            if known is None:
                found = run_starts(session, **filters)
                starts, newest = found.starts, found.newest
            else:
                old_starts, old_newest, old_count = known
                added = run_starts(session, **filters, after_id=old_newest.id)
                if old_count + added.entries != count:
                    found = run_starts(session, **filters)  # something came in below the newest seen
                    starts, newest = found.starts, found.newest
                elif added.oldest is None:
                    starts, newest = old_starts, old_newest
                else:
                    # The newest known run goes on into the added entries: its start moves to them.
                    joined = continues(added.oldest, old_newest)
                    starts = added.starts + (old_starts[1:] if joined else old_starts)
                    newest = added.newest
            if newest is not None:
                self.known[key] = (starts, newest, count)
                while len(self.known) > self.KEPT:
                    self.known.popitem(last=False)
            return starts, count
