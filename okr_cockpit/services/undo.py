"""Undo: revert changes read from the audit log, as a new audited change, or refuse and say why.

A step is the audit entries one write committed (a unit deleted with its assignments is one step).
Reverting writes the old values back through services/records.py, so the revert has its own audit
entries and can itself be reverted. It is refused when the record was changed since the step (by
anyone, in an entry that is not part of the step): the user then sees who changed what instead of
losing someone's work.
"""

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Date, DateTime, Time, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from okr_cockpit.db.models import AuditEntry
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _, format_moment
from okr_cockpit.services.audit import Change, changes_by_id, entity_word, recent_changes
from okr_cockpit.services.records import delete_row, fetch_row, insert_row, model_of, same_value, update_row

_audit = AuditEntry.__table__  # type: ignore[attr-defined]
# Rows filed under another record (RACI cells under their activity) and whole-file entries cannot be reverted.
NOT_REVERTIBLE = {"raci_cell", "database", "setting"}


class UndoRefused(ValidationError):
    """The step cannot be reverted; the message says why."""


def _typed(model: type[SQLModel], field: str, value: Any) -> Any:
    """A value as the audit stored it (ISO text for dates) back in the column's own type."""
    column = model.__table__.c.get(field)  # type: ignore[attr-defined]
    if column is None or not isinstance(value, str):
        return value
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Time):
        return time.fromisoformat(value)
    return value


def _refuse_if_changed_since(session: Session, change: Change, step: set[int]) -> None:
    later = [
        c
        for c in recent_changes(session, entity=change.entity, entity_id=change.entity_id, limit=20)
        if c.id > change.id and c.id not in step
    ]
    if later:
        newest = later[0]
        raise UndoRefused(
            _("Not undone: {who} changed {what} since ({when}).").format(
                who=newest.user, what=change.what, when=format_moment(newest.at, seconds=False)
            )
        )


def revert_step(session: Session, ids: Sequence[int]) -> str:
    """Revert the audit entries `ids`, newest first, in the caller's transaction; returns what was undone."""
    changes = changes_by_id(session, ids)
    if not changes:
        raise UndoRefused(_("Nothing to undo."))
    step = {c.id for c in changes}
    for change in changes:
        _refuse_if_changed_since(session, change, step)
    for change in reversed(changes):
        _revert(session, change)
    if len(changes) > 1:  # a bulk change (space-marked rows) is one step
        return _("{what} and {count:,} more").format(what=changes[-1].what, count=len(changes) - 1)
    return changes[-1].what


def _revert(session: Session, change: Change) -> None:
    model = model_of(change.entity)
    what = entity_word(change.entity)
    if model is None or change.entity in NOT_REVERTIBLE:
        raise UndoRefused(_("A change to a {what} cannot be undone here.").format(what=what))
    current = fetch_row(session, model, change.entity_id)
    if change.action == "update":
        if current is None:
            raise UndoRefused(_("Not undone: {what} was deleted since.").format(what=change.what))
        drifted = [
            f.field for f in change.fields if f.field in current and not same_value(current[f.field], f.new)
        ]
        if drifted:
            raise UndoRefused(_("Not undone: {what} was changed since.").format(what=change.what))
        update_row(
            session,
            model,
            change.entity_id,
            expected_version=current["version"],
            changes={f.field: _typed(model, f.field, f.old) for f in change.fields if f.field in current},
            what=what,
        )
    elif change.action == "create":
        if current is None:
            return  # already gone (deleted with its parent in the same step, or by the step itself)
        delete_row(session, model, change.entity_id, expected_version=current.get("version"), what=what)
    elif change.action == "delete":
        if current is not None:
            raise UndoRefused(_("Not undone: {what} exists again.").format(what=change.what))
        values = {f.field: _typed(model, f.field, f.old) for f in change.fields if f.field != "version"}
        values["id"] = change.entity_id  # ids are never reused, so the record gets its own id back
        try:
            insert_row(session, model, values, label=change.what)
        except IntegrityError:
            raise UndoRefused(
                _("Not undone: {what} refers to a record that no longer exists.").format(what=change.what)
            ) from None
    else:
        raise UndoRefused(_("A change to a {what} cannot be undone here.").format(what=what))


def last_step_of(session: Session, steps: Sequence[Sequence[int]]) -> Sequence[int] | None:
    """The newest step whose entries are all still in the log (a step of a failed write is skipped)."""
    for step in reversed(steps):
        found = session.execute(select(_audit.c.id).where(_audit.c.id.in_(list(step)))).scalars().all()
        if found:
            return step
    return None
