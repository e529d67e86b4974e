"""The audit log read back: recent changes (paged, filtered), who changed what last, our own writes.

Every write through `services/records.py` adds an AuditEntry in the same transaction, so this
log is complete. Two cockpits may run as the same OS user on the same host, so "mine" is not
decided by user and host: `TrackedDatabase` remembers the ids of the entries this cockpit wrote.
"""

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.engine import Database, LockWait
from okr_cockpit.db.models import AuditEntry
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.i18n.values import value_word

T = TypeVar("T")

ENTITY_WORDS = {  # marked; entity_word translates
    "org_unit": N_("unit"),
    "person": N_("person"),
    "coach": N_("coach"),
    "assignment": N_("assignment"),
    "rollout_wave": N_("wave"),
    "wave_criterion": N_("wave criterion"),
    "cycle": N_("cycle"),
    "cycle_event": N_("event"),
    "stakeholder": N_("stakeholder"),
    "interaction": N_("interaction"),
    "raci_activity": N_("RACI activity"),
    "raci_cell": N_("RACI cell"),
    "learning": N_("learning"),
    "setting": N_("setting"),
    "database": N_("database"),
}
VERBS = {"create": N_("added"), "update": N_("changed"), "delete": N_("deleted"), "replace": N_("replaced")}
# Whole sentences, so that a language can put the verb where it belongs ("anna hat … geändert").
SENTENCES = {
    "create": (N_("{who} added {what}"), N_("you added {what}")),
    "update": (N_("{who} changed {what}"), N_("you changed {what}")),
    "delete": (N_("{who} deleted {what}"), N_("you deleted {what}")),
    "replace": (N_("{who} replaced {what}"), N_("you replaced {what}")),
}


def verb(action: str) -> str:
    return _(VERBS[action]) if action in VERBS else action


# What History calls a field (every column a user edits); another is named by its column, capitalised.
FIELD_WORDS = {
    "contents": N_("Contents"),
    "backup": N_("Backup"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "parent_id": N_("Parent"),
    "wave_id": N_("Wave"),
    "state": N_("State"),
    "lead_id": N_("Lead"),
    "sponsor_id": N_("Sponsor"),
    "plo_owner_id": N_("PLO owner"),
    "external_id": N_("External id"),
    "exempt": N_("Exempt"),
    "notes": N_("Notes"),
    "person_id": N_("Person"),
    "capacity": N_("Capacity"),
    "certified_on": N_("Certified on"),
    "cohort": N_("Cohort"),
    "status": N_("Status"),
    "coach_id": N_("Coach"),
    "unit_id": N_("Unit"),
    "role": N_("Role"),
    "cycle_id": N_("Cycle"),
    "start_on": N_("Start"),
    "end_on": N_("End"),
    "go_live_on": N_("Go-live"),
    "decision": N_("Decision"),
    "decided_on": N_("Decided on"),
    "attitude": N_("Attitude"),
    "desired_attitude": N_("Desired attitude"),
    "influence": N_("Influence"),
    "interest": N_("Interest"),
    "owner_id": N_("Owner"),
    "stakeholder_id": N_("Stakeholder"),
    "summary": N_("Summary"),
    "follow_up": N_("Follow-up"),
    "follow_up_due": N_("Follow-up due"),
    "follow_up_done": N_("Follow-up done"),
    "home_unit_id": N_("Home unit"),
    "email": N_("Email"),
    "title": N_("Title"),
    "active": N_("Active"),
    "start_time": N_("Time"),
    "duration_minutes": N_("Duration (minutes)"),
    "author": N_("Author"),
    "channel": N_("Channel"),
    "occurred_on": N_("Date"),
    "sentiment": N_("Sentiment"),
    "change": N_("Process change"),
    "effective_cycle_id": N_("In effect from"),
    "learned_on": N_("Learned on"),
    "lesson": N_("Lesson"),
    "rationale": N_("Rationale"),
    "source": N_("Source"),
    "source_cycle_id": N_("Source cycle"),
    "activity_id": N_("Activity"),
    "letter": N_("Letter"),
    "entry_criteria": N_("Entry criteria"),
    "exit_criteria": N_("Exit criteria"),
    "objective": N_("Objective"),
    "postponed": N_("Postponed"),
    "archived": N_("Archived"),
    "internal": N_("Internal"),
    "is_group": N_("Group"),
    "met": N_("Met"),
    "note": N_("Note"),
    "threshold": N_("Threshold"),
    "key": N_("Setting"),
    "value": N_("Value"),
}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Flags, which some rows hand over as 0 / 1: shown as yes / no.
YES_NO_FIELDS = {"exempt", "active", "internal", "met", "postponed", "is_group", "archived"}
# Stored codes shown as words (`not_started` → `not started`).
CODE_FIELDS = {
    "state",
    "status",
    "decision",
    "attitude",
    "desired_attitude",
    "kind",
    "role",
    "channel",
    "source",
}


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

    @property
    def run_kind(self) -> tuple:
        return run_kind(self.user, self.host, self.action, self.entity, (f.field for f in self.fields))

    def sentence(self, *, me: bool = False, what: str | None = None) -> str:
        """`anna changed Team Payments` (`what`: another name for the record, e.g. a shorter one)."""
        what = self.what if what is None else what
        if self.action not in SENTENCES:
            return f"{self.user} {self.action} {what}"
        theirs, mine = SENTENCES[self.action]
        return _(mine if me else theirs).format(who=self.user, what=what)


def entity_word(entity: str) -> str:
    return _(ENTITY_WORDS[entity]) if entity in ENTITY_WORDS else entity.replace("_", " ")


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
    after_id: int | None = None,
    limit: int | None = 50,
) -> list[Change]:
    """Newest first, ids below `before_id` and above `after_id` (keyset windows); `limit` None: all."""
    query = _filtered(_select(), user=user, entity=entity, entity_id=entity_id)
    if before_id is not None:
        query = query.where(_COLUMNS.id < before_id)
    if after_id is not None:
        query = query.where(_COLUMNS.id > after_id)
    rows = session.execute(query.order_by(_COLUMNS.id.desc()).limit(limit))
    return [_change(row) for row in rows]


def change_ids(
    session: Session,
    *,
    upto_id: int,
    after_id: int | None,
    user: str | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
) -> list[int]:
    """The ids of the entries in (`after_id`, `upto_id`], newest first: only ids, so a bulk run of
    100,000 entries costs a list of ints, not 100,000 Changes."""
    query = _filtered(select(_COLUMNS.id), user=user, entity=entity, entity_id=entity_id)
    query = query.where(_COLUMNS.id <= upto_id)
    if after_id is not None:
        query = query.where(_COLUMNS.id > after_id)
    return list(session.execute(query.order_by(_COLUMNS.id.desc())).scalars())


def changes_by_id(session: Session, ids: Sequence[int]) -> list[Change]:
    """These entries, oldest first (the IN list in chunks, under every backend's parameter limit)."""
    ids = list(ids)
    found: list[Change] = []
    for start in range(0, len(ids), 900):
        query = _select().where(_COLUMNS.id.in_(ids[start : start + 900]))
        found.extend(_change(row) for row in session.execute(query))
    return sorted(found, key=lambda change: change.id)


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
        # The audit ids of each write, oldest first: what `u` (undo) reverts, one write at a time.
        self.undo_steps: list[tuple[int, ...]] = []
        self._noticed: int | None = None  # the newest entry `others_committed` has looked at

    def write(
        self, work: Callable[[Session], T], *, lock_wait: LockWait | None = None, undoable: bool = True
    ) -> T:
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
            result = super().write(tracked, lock_wait=lock_wait)
        except BaseException:
            self.own_audit_ids.difference_update(written)
            raise
        if written and undoable:
            self.undo_steps.append(tuple(written))
        return result

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


Names = dict[tuple[str, int], str]  # (field, id) -> the name of the record the id points to


def field_word(field: str) -> str:
    """`wave_id` → `Wave`."""
    known = FIELD_WORDS.get(field)
    return _(known) if known else field.removesuffix("_id").replace("_", " ").capitalize()


def describe_value(value: Any, *, width: int = 40, field: str = "", names: Names | None = None) -> str:
    """A field value for one line of the history: `—` for empty, names for ids, long text shortened."""
    if value is None or value == "":
        return "—"
    if names and isinstance(value, int) and (field, value) in names:
        text = names[(field, value)]
    elif isinstance(value, bool) or (field in YES_NO_FIELDS and value in (0, 1)):
        text = _("yes") if value else _("no")
    elif field in CODE_FIELDS and isinstance(value, str):
        text = value_word(value)
    elif field.endswith(("_on", "_due")) and isinstance(value, str) and DAY.fullmatch(value):
        text = format_day(date.fromisoformat(value))  # stored as ISO text, shown in the user's format
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def describe_fields(
    fields: Iterable[FieldChange], *, action: str, width: int = 40, names: Names | None = None
) -> str:
    """`State: pilot → live; Wave: Wave 2 → Wave 3` (creations and deletions show only one side)."""
    parts = []
    for change in fields:
        if change.field in ("version", "id", "position"):
            continue
        word = field_word(change.field)

        def shown(value: Any, field: str = change.field) -> str:
            return describe_value(value, width=width, field=field, names=names)

        if action == "create":
            parts.append(f"{word}: {shown(change.new)}")
        elif action == "delete":
            parts.append(f"{word}: {shown(change.old)}")
        else:
            parts.append(f"{word}: {shown(change.old)} → {shown(change.new)}")
    return "; ".join(parts)


def names_in(session: Session, changes: Iterable[Change]) -> Names:
    """The names of the records the ids in these entries' fields point to (see services/labels.py)."""
    from okr_cockpit.services.labels import value_names

    pairs = [(f.field, v) for change in changes for f in change.fields for v in (f.old, f.new)]
    return value_names(session, pairs)


def run_kind(user: str, host: str, action: str, entity: str, field_names: Iterable[str]) -> tuple:
    """What the entries of one run share: who, where, which action on which kind of record (and for
    changes, which fields)."""
    return (user, host, action, entity, frozenset(field_names) if action == "update" else None)
