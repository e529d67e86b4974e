"""Generic row writes shared by every service: versioned update, insert and delete, each audited.

Services call these inside the transaction that `Database.write` opened, so the change and its
audit entry commit together or not at all.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from okr_cockpit.db import models
from okr_cockpit.db.engine import Actor
from okr_cockpit.db.models import AuditEntry
from okr_cockpit.errors import ConflictError, MergedChangeError, ValidationError
from okr_cockpit.i18n import _

Row = dict[str, Any]


def actor_of(session: Session) -> Actor:
    return session.info.get("actor") or Actor.current()


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def audit_values(
    actor: Actor,
    at: datetime,
    *,
    entity: str,
    entity_id: int,
    action: str,
    changes: dict[str, tuple[Any, Any]],
    label: str = "",
) -> Row:
    """One audit entry as a row, for `record_audit` and bulk writes."""
    return {
        "at": at,
        "os_user": actor.user,
        "host": actor.host,
        "db_role": actor.role,
        "entity": entity,
        "entity_id": entity_id,
        "label": label[:200],
        "action": action,
        "changes": json.dumps({k: [_plain(o), _plain(n)] for k, (o, n) in changes.items()}),
    }


def record_audit(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    action: str,
    changes: dict[str, tuple[Any, Any]],
    label: str = "",
) -> None:
    values = audit_values(
        actor_of(session),
        datetime.now(UTC),
        entity=entity,
        entity_id=entity_id,
        action=action,
        changes=changes,
        label=label,
    )
    session.execute(insert(AuditEntry).values(**values))


@dataclass(frozen=True)
class FiledUnder:
    """Where a row's audit entries go when not under its own id, and which columns they name.

    A RACI cell's entries are filed under its activity, its letter as the role's field
    (`plo: A → C`), so an activity's history reads as one record whatever its cells' ids.
    """

    entity_id: int
    fields: dict[str, str]  # column -> the field name in the audit entry; other columns are left out

    def changes(self, changes: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
        return {self.fields[k]: v for k, v in changes.items() if k in self.fields}


def _audit_row(
    session: Session,
    model: type[SQLModel],
    row_id: int,
    *,
    action: str,
    changes: dict[str, tuple[Any, Any]],
    label: str,
    filed: "FiledUnder | None",
) -> None:
    record_audit(
        session,
        entity=table_name(model),
        entity_id=row_id if filed is None else filed.entity_id,
        action=action,
        changes=changes if filed is None else filed.changes(changes),
        label=label,
    )


def table_name(model: type[SQLModel]) -> str:
    return model.__tablename__  # type: ignore[return-value]


def label_of(row: Row) -> str:
    """What the history calls the row: its name, else its summary or lesson, else its id."""
    return str(row.get("name") or row.get("summary") or row.get("lesson") or f"#{row.get('id')}")


def default_label(session: Session, model: type[SQLModel], row: Row) -> str:
    """The record's human label (services/labels.py), else its name, summary, lesson or id."""
    from okr_cockpit.services.labels import record_label

    return record_label(session, table_name(model), row) or label_of(row)


def model_of(entity: str) -> type[SQLModel] | None:
    """The model of a table name an audit entry names (None for the audit log itself or a table gone)."""
    for value in vars(models).values():
        if (
            isinstance(value, type)
            and getattr(value, "__tablename__", None) == entity
            and entity != "audit_entry"
        ):
            return value
    return None


def record_name(session: Session, entity: str, entity_id: int) -> str:
    """What the cockpit calls a record now; a deleted one by its last label in the audit log, else `#id`."""
    from okr_cockpit.services.labels import logged_label

    model = model_of(entity)
    row = fetch_row(session, model, entity_id) if model is not None else None
    if row is not None:
        return default_label(session, model, row)  # type: ignore[arg-type]
    return logged_label(session, entity, entity_id) or f"#{entity_id}"


def fetch_row(session: Session, model: type[SQLModel], row_id: int) -> Row | None:
    table = model.__table__  # type: ignore[attr-defined]
    found = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(found) if found else None


def require_row(session: Session, model: type[SQLModel], row_id: int, what: str) -> Row:
    row = fetch_row(session, model, row_id)
    if row is None:
        raise ValidationError(_("That {what} no longer exists.").format(what=_(what)))
    return row


def edited_row(session: Session, model: type[SQLModel], row_id: int, what: str) -> Row:
    """The row a form or a quick edit was opened on; gone means someone else deleted it (a conflict).

    Ids are never reused (AUTOINCREMENT), so a row found under this id is the same record.
    """
    row = fetch_row(session, model, row_id)
    if row is None:
        raise ConflictError(
            _("This {what} was deleted by someone else.").format(what=_(what)),
            entity=table_name(model),
            entity_id=row_id,
            current=None,
        )
    return row


def insert_row(
    session: Session,
    model: type[SQLModel],
    values: Row,
    *,
    label: str | None = None,
    filed: FiledUnder | None = None,
) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    new_id = session.execute(insert(table).values(**values)).inserted_primary_key[0]
    _audit_row(
        session,
        model,
        new_id,
        action="create",
        changes={k: (None, v) for k, v in values.items() if v not in (None, "")},
        label=label if label is not None else default_label(session, model, {**values, "id": new_id}),
        filed=filed,
    )
    return new_id


def insert_rows(
    session: Session, model: type[SQLModel], rows: list[Row], *, label: Callable[[Row], str] | None = None
) -> list[int]:
    """Insert many rows (all with the same keys), each with its audit entry; the new ids in order.

    In bulk: one batched INSERT … RETURNING and one executemany of the entries (a row at a time held
    the shared file's write lock for a minute when a template planned a whole organisation).
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    new_ids = list(session.execute(returning, rows).scalars())
    actor, now, entity = actor_of(session), datetime.now(UTC), table_name(model)
    name = label or label_of
    entries = [
        audit_values(
            actor,
            now,
            entity=entity,
            entity_id=new_id,
            action="create",
            changes={k: (None, v) for k, v in row.items() if v not in (None, "")},
            label=name({**row, "id": new_id}),
        )
        for new_id, row in zip(new_ids, rows, strict=True)
    ]
    session.execute(insert(AuditEntry), entries)
    return new_ids


def same_value(a: Any, b: Any) -> bool:
    """Equal as a form shows them: empty and None alike, a date and its ISO text alike, 1 and True alike."""

    def shown(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, date | datetime):
            return value.isoformat()
        return str(value)

    return shown(a) == shown(b)


def changed_by_user(changes: Row, original: Row | None) -> Row:
    """What in `changes` differs from the values the form was opened with (all of it without `original`)."""
    if original is None:
        return dict(changes)
    return {k: v for k, v in changes.items() if k not in original or not same_value(original[k], v)}


def update_row(
    session: Session,
    model: type[SQLModel],
    row_id: int,
    *,
    expected_version: int | None,
    changes: Row,
    what: str,
    original: Row | None = None,
    label: str | None = None,
    filed: FiledUnder | None = None,
    validate: Callable[[Row], Any] | None = None,
) -> Row:
    """Apply `changes` if the row is still at `expected_version`; return the row as it was.

    With `original` (the values the form was opened with) only the fields the user changed are
    written, and a newer version is merged field by field: someone else's change to another field
    is kept, and only a field both changed to different values is a conflict (`ConflictError.fields`).
    `expected_version=None` means "whatever is there now" — only for deliberate overwrites, which
    with `original` still write only the user's own changes.

    `validate(row)` is the service's own check of a whole row (raising ValidationError). When
    someone else's changes are merged in (a newer version, or an overwrite), the merged row is
    checked with it before anything is written: each change may be valid alone and not together
    (a go-live before a start someone else moved). That is a MergedChangeError on a field the
    user changed.
    """
    table = model.__table__  # type: ignore[attr-defined]
    before = edited_row(session, model, row_id, what)
    mine = changed_by_user(changes, original)
    if expected_version is not None and before["version"] != expected_version:
        # Without a baseline any newer version is a conflict; with one, only a field both changed.
        clashes = () if original is None else _clashes(before, mine, original)
        if original is None or clashes:
            raise ConflictError(
                _("This {what} was changed by someone else since you opened it.").format(what=_(what)),
                entity=table_name(model),
                entity_id=row_id,
                current=before,
                fields=clashes,
            )
    diff = {k: (before[k], v) for k, v in mine.items() if before[k] != v}
    if not diff:
        return before
    if validate is not None and original is not None:
        _validate_merged(model, row_id, before, mine, original, validate)
    version = before["version"]
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == version)
        .values(**{k: new for k, (_, new) in diff.items()}, version=version + 1)
    )
    if result.rowcount != 1:  # only possible without BEGIN IMMEDIATE (other backends)
        raise ConflictError(
            _("This {what} was changed by someone else while saving.").format(what=_(what)),
            entity=table_name(model),
            entity_id=row_id,
            current=fetch_row(session, model, row_id),
        )
    _audit_row(
        session,
        model,
        row_id,
        action="update",
        changes=diff,
        label=label if label is not None else default_label(session, model, {**before, **mine}),
        filed=filed,
    )
    return before


def _validate_merged(
    model: type[SQLModel],
    row_id: int,
    before: Row,
    mine: Row,
    original: Row,
    validate: Callable[[Row], Any],
) -> None:
    """Check the row as it would be stored: the stored row with only the user's changes on top."""
    theirs = {
        k: before[k]
        for k in original
        if k in before and k not in mine and not same_value(before[k], original[k])
    }
    if not theirs:
        return  # nothing merged: the service already checked exactly these values
    try:
        validate({**before, **mine})
    except ValidationError as error:
        field = error.field if error.field in mine else next(iter(mine), None)
        raise MergedChangeError(
            error, field=field, entity=table_name(model), entity_id=row_id, theirs=theirs
        ) from None


def _clashes(before: Row, mine: Row, original: Row) -> tuple[str, ...]:
    """The fields of `mine` that someone else changed too, to another value."""
    return tuple(
        k
        for k, v in mine.items()
        # A field the form did not show cannot be compared: a conflict if it would change what is there.
        if (k not in original or not same_value(before[k], original[k])) and not same_value(before[k], v)
    )


def delete_row(
    session: Session,
    model: type[SQLModel],
    row_id: int,
    *,
    expected_version: int | None,
    what: str,
    label: str | None = None,
    filed: FiledUnder | None = None,
) -> Row:
    table = model.__table__  # type: ignore[attr-defined]
    before = fetch_row(session, model, row_id)
    if before is None:
        raise ConflictError(
            _("This {what} was already deleted by someone else.").format(what=_(what)),
            entity=table_name(model),
            entity_id=row_id,
            current=None,
        )
    if expected_version is not None and before.get("version") != expected_version:
        raise ConflictError(
            _("This {what} was changed by someone else since you opened it.").format(what=_(what)),
            entity=table_name(model),
            entity_id=row_id,
            current=before,
        )
    session.execute(delete(table).where(table.c.id == row_id))
    _audit_row(
        session,
        model,
        row_id,
        action="delete",
        changes={k: (v, None) for k, v in before.items() if v not in (None, "") and k != "version"},
        label=label if label is not None else default_label(session, model, before),
        filed=filed,
    )
    return before
