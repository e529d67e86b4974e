"""The audit log read back: recent changes (paged, filtered), who changed what last, our own writes.

Every write through `services/records.py` adds an AuditEntry in the same transaction, so this
log is complete. Two cockpits may run as the same OS user on the same host, so "mine" is not
decided by user and host: `TrackedDatabase` remembers the ids of the entries this cockpit wrote.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.engine import Database, LockWait
from okr_cockpit.db.models import AuditEntry
from okr_cockpit.errors import CockpitError

T = TypeVar("T")

ENTITY_WORDS = {
    "org_unit": "unit",
    "person": "person",
    "coach": "coach",
    "assignment": "assignment",
    "rollout_wave": "wave",
    "wave_criterion": "wave criterion",
    "cycle": "cycle",
    "cycle_event": "event",
    "stakeholder": "stakeholder",
    "interaction": "interaction",
    "raci_activity": "RACI activity",
    "raci_cell": "RACI cell",
    "learning": "learning",
    "setting": "setting",
    "database": "database",
}
VERBS = {"create": "added", "update": "changed", "delete": "deleted", "replace": "replaced"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime  # UTC
    user: str
    host: str
    entity: str
    entity_id: int
    label: str
    action: str
    fields: tuple[FieldChange, ...]

    @property
    def who(self) -> str:
        return f"{self.user}@{self.host}"

    @property
    def what(self) -> str:
        """`Team Payments`, or `unit #12` when the entry has no label."""
        return self.label or f"{entity_word(self.entity)} #{self.entity_id}"

    def sentence(self, *, me: bool = False) -> str:
        """`anna changed Team Payments`."""
        return f"{'you' if me else self.user} {VERBS.get(self.action, self.action)} {self.what}"


def entity_word(entity: str) -> str:
    return ENTITY_WORDS.get(entity, entity.replace("_", " "))


def _as_utc(value: datetime) -> datetime:
    # SQLite keeps no time zone; the audit writes UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _fields(raw: str) -> tuple[FieldChange, ...]:
    try:
        decoded = json.loads(raw or "{}")
    except ValueError:  # written by hand or by a broken tool: show nothing rather than fail
        return ()
    if not isinstance(decoded, dict):
        return ()
    return tuple(
        FieldChange(name, *(pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)))
        for name, pair in decoded.items()
    )


_COLUMNS = AuditEntry.__table__.c  # type: ignore[attr-defined]


def _select():
    c = _COLUMNS
    return select(c.id, c.at, c.os_user, c.host, c.entity, c.entity_id, c.label, c.action, c.changes)


def _change(row) -> Change:
    return Change(
        id=row.id,
        at=_as_utc(row.at),
        user=row.os_user,
        host=row.host,
        entity=row.entity,
        entity_id=row.entity_id,
        label=row.label,
        action=row.action,
        fields=_fields(row.changes),
    )


def _filtered(query, *, user: str | None, entity: str | None, entity_id: int | None):
    c = _COLUMNS
    if user:
        query = query.where(c.os_user == user)
    if entity:
        query = query.where(c.entity == entity)
    if entity_id is not None:
        query = query.where(c.entity_id == entity_id)
    return query


def recent_changes(
    session: Session,
    *,
    user: str | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[Change]:
    """Newest first; page on with `before_id` = the last id of the previous page (keyset paging)."""
    query = _filtered(_select(), user=user, entity=entity, entity_id=entity_id)
    if before_id is not None:
        query = query.where(_COLUMNS.id < before_id)
    rows = session.execute(query.order_by(_COLUMNS.id.desc()).limit(limit))
    return [_change(row) for row in rows]


def count_changes(
    session: Session, *, user: str | None = None, entity: str | None = None, entity_id: int | None = None
) -> int:
    counted = select(func.count()).select_from(AuditEntry.__table__)
    query = _filtered(counted, user=user, entity=entity, entity_id=entity_id)
    return session.execute(query).scalar_one()


def changes_after(session: Session, after_id: int, *, limit: int = 500) -> list[Change]:
    """Entries newer than `after_id`, oldest first; at most `limit` (a bulk load is not worth marking)."""
    query = _select().where(_COLUMNS.id > after_id).order_by(_COLUMNS.id).limit(limit)
    return [_change(row) for row in session.execute(query)]


def last_audit_id(session: Session) -> int:
    return session.execute(select(func.max(_COLUMNS.id))).scalar() or 0


def latest_change(session: Session) -> Change | None:
    """Who changed what last in the whole file."""
    row = session.execute(_select().order_by(_COLUMNS.id.desc()).limit(1)).first()
    return _change(row) if row else None


def last_change_of(session: Session, entity: str, entity_id: int) -> Change | None:
    """The newest entry about one record, e.g. to say who changed it before a delete."""
    found = recent_changes(session, entity=entity, entity_id=entity_id, limit=1)
    return found[0] if found else None


def audit_users(session: Session) -> list[str]:
    return list(session.execute(select(_COLUMNS.os_user).distinct().order_by(_COLUMNS.os_user)).scalars())


def audit_entities(session: Session) -> list[str]:
    return list(session.execute(select(_COLUMNS.entity).distinct().order_by(_COLUMNS.entity)).scalars())


def audit_ids_after(session: Session, after_id: int) -> list[int]:
    """The ids of the entries newer than `after_id`, in order."""
    query = select(_COLUMNS.id).where(_COLUMNS.id > after_id).order_by(_COLUMNS.id)
    return list(session.execute(query).scalars())


class TrackedDatabase(Database):
    """The app's Database, its one write path: every write remembers the audit entries it committed.

    BEGIN IMMEDIATE holds the write lock for the whole transaction, so every entry with an id above
    the one seen at its start is ours. The ids are known before the commit (a watcher that notices
    the commit at once already knows it is ours) and forgotten again if the transaction fails:
    SQLite hands the ids of rolled-back rows out again.
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db.engine, actor=db.actor, read_only=db.read_only)
        self.own_audit_ids: set[int] = set()
        self._noticed: int | None = None  # the newest entry `others_committed` has looked at

    def write(self, work: Callable[[Session], T], *, lock_wait: LockWait | None = None) -> T:
        written: list[int] = []

        def tracked(session: Session) -> T:
            self.own_audit_ids.difference_update(written)  # the transaction may be retried whole
            written.clear()
            start = last_audit_id(session)
            result = work(session)
            written.extend(audit_ids_after(session, start))
            self.own_audit_ids.update(written)
            return result

        try:
            return super().write(tracked, lock_wait=lock_wait)
        except BaseException:
            self.own_audit_ids.difference_update(written)
            raise

    def start_noticing(self) -> None:
        """From now on `others_committed` says whether the entries written since are someone else's."""
        self._noticed = self.read(last_audit_id)

    def others_committed(self) -> bool:
        """Whether the commits noticed since the last call may be someone else's (for the watcher).

        False only when every audit entry since is one of ours; a commit that left no entry, or a
        log that cannot be read, counts as someone else's.
        """
        seen = self._noticed
        if seen is None:
            return True
        try:
            new = self.read(lambda session: audit_ids_after(session, seen))
        except CockpitError:
            return True
        if not new:
            return True
        self._noticed = new[-1]
        own = self.own_audit_ids
        return any(entry not in own for entry in new)


def describe_value(value: Any, *, width: int = 40) -> str:
    """A field value for one line of the history: `—` for empty, long text shortened."""
    if value is None or value == "":
        return "—"
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_fields(fields: Iterable[FieldChange], *, action: str, width: int = 40) -> str:
    """`state: pilot → live; wave: 2 → 3` (creations and deletions show only one side)."""
    parts = []
    for change in fields:
        if action == "create":
            parts.append(f"{change.field}: {describe_value(change.new, width=width)}")
        elif action == "delete":
            parts.append(f"{change.field}: {describe_value(change.old, width=width)}")
        else:
            old, new = describe_value(change.old, width=width), describe_value(change.new, width=width)
            parts.append(f"{change.field}: {old} → {new}")
    return "; ".join(parts)
