"""Learnings and the process changes decided from them: validated, versioned, audited writes and reads.

A learning belongs to a cycle when it was learned in it (source cycle) or its change takes effect
in it (effective cycle); the cycle filter matches either. `changes_in_effect` is what the
timeline's cycle detail shows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from okr_cockpit.db.folding import folded, folded_like, like_pattern
from okr_cockpit.db.models import CHANGE_STATUSES, LEARNING_SOURCES, Learning
from okr_cockpit.db.tables import cycle, learning, person
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.records import delete_row, insert_row, update_row
from okr_cockpit.services.validation import clean_text, one_of, optional_reference, parse_date

# Statuses under which the change is (or will be) part of the process.
EFFECTIVE_STATUSES = ("accepted", "in_effect")
LIST_LIMIT = 500


@dataclass(frozen=True)
class LearningInfo:
    id: int
    version: int
    learned_on: date
    source: str
    source_cycle_id: int | None
    source_cycle: str
    lesson: str
    change: str
    rationale: str
    owner_id: int | None
    owner: str
    effective_cycle_id: int | None
    effective_cycle: str
    status: str

    def form_values(self) -> dict[str, Any]:
        """The stored values, typed as stored, under the column names a form and `update_learning` use."""
        return {
            "learned_on": self.learned_on,
            "source": self.source,
            "source_cycle_id": self.source_cycle_id,
            "lesson": self.lesson,
            "change": self.change,
            "rationale": self.rationale,
            "owner_id": self.owner_id,
            "effective_cycle_id": self.effective_cycle_id,
            "status": self.status,
            "version": self.version,
        }


@dataclass(frozen=True)
class LearningList:
    items: list[LearningInfo]
    total: int  # matching the filters; more than len(items) when the list was cut at LIST_LIMIT


@dataclass(frozen=True)
class CycleChoice:
    id: int
    name: str
    state: str


# -- reads ---------------------------------------------------------------------------------


def _select():
    source_cycle, effective_cycle = aliased(cycle), aliased(cycle)
    return (
        select(
            learning.c.id,
            learning.c.version,
            learning.c.learned_on,
            learning.c.source,
            learning.c.source_cycle_id,
            func.coalesce(source_cycle.c.name, "").label("source_cycle"),
            learning.c.lesson,
            learning.c.change,
            learning.c.rationale,
            learning.c.owner_id,
            func.coalesce(person.c.name, "").label("owner"),
            learning.c.effective_cycle_id,
            func.coalesce(effective_cycle.c.name, "").label("effective_cycle"),
            learning.c.status,
        )
        .select_from(learning)
        .outerjoin(source_cycle, source_cycle.c.id == learning.c.source_cycle_id)
        .outerjoin(effective_cycle, effective_cycle.c.id == learning.c.effective_cycle_id)
        .outerjoin(person, person.c.id == learning.c.owner_id)
    )


def _filters(cycle_id: int | None, status: str | None) -> list:
    where = []
    if cycle_id is not None:
        where.append(or_(learning.c.source_cycle_id == cycle_id, learning.c.effective_cycle_id == cycle_id))
    if status is not None:
        where.append(learning.c.status == status)
    return where


def list_learnings(
    session: Session, *, cycle_id: int | None = None, status: str | None = None, limit: int = LIST_LIMIT
) -> LearningList:
    """Newest first; `cycle_id` matches the source or the effective cycle."""
    where = _filters(cycle_id, status)
    rows = session.execute(
        _select().where(*where).order_by(learning.c.learned_on.desc(), learning.c.id.desc()).limit(limit)
    ).all()
    total = session.execute(select(func.count()).select_from(learning).where(*where)).scalar_one()
    return LearningList([LearningInfo(**row._mapping) for row in rows], total)


def learning_record(session: Session, learning_id: int) -> LearningInfo | None:
    row = session.execute(_select().where(learning.c.id == learning_id)).first()
    return LearningInfo(**row._mapping) if row else None


def changes_in_effect(session: Session, cycle_id: int) -> list[LearningInfo]:
    """Process changes accepted or in effect that take effect in the cycle, oldest decision first."""
    rows = session.execute(
        _select()
        .where(learning.c.effective_cycle_id == cycle_id, learning.c.status.in_(EFFECTIVE_STATUSES))
        .order_by(learning.c.learned_on, learning.c.id)
    ).all()
    return [LearningInfo(**row._mapping) for row in rows]


def cycle_choices(session: Session) -> list[CycleChoice]:
    """Every cycle, newest first (there are a few per year), for filters and forms."""
    rows = session.execute(select(cycle.c.id, cycle.c.name, cycle.c.state).order_by(cycle.c.start_on.desc()))
    return [CycleChoice(*row) for row in rows]


def find_owners(session: Session, text: str, *, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, title) of active people whose name matches, for the owner picker."""
    rows = session.execute(
        select(person.c.id, person.c.name, person.c.title)
        .where(folded_like(person.c.name, like_pattern(text)), person.c.active.is_(True))
        .order_by(folded(person.c.name), person.c.id)
        .limit(limit)
    )
    return [tuple(row) for row in rows]


# -- writes --------------------------------------------------------------------------------


def clean_learning(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Validate a form's values into a row. Raises ValidationError naming the field."""
    status = one_of(values.get("status") or "proposed", CHANGE_STATUSES, field="status", what=N_("Status"))
    cleaned = {
        "learned_on": parse_date(
            values.get("learned_on"), field="learned_on", what=N_("Learned on"), required=True
        ),
        "source": one_of(values.get("source") or "", LEARNING_SOURCES, field="source", what=N_("Source")),
        "source_cycle_id": optional_reference(
            session,
            values.get("source_cycle_id"),
            table=cycle,
            field="source_cycle_id",
            what=N_("Source cycle"),
        ),
        "lesson": clean_text(values.get("lesson"), field="lesson", what=N_("Lesson"), required=True),
        "change": clean_text(values.get("change"), field="change", what=N_("Change")),
        "rationale": clean_text(values.get("rationale"), field="rationale", what=N_("Rationale")),
        "owner_id": optional_reference(
            session, values.get("owner_id"), table=person, field="owner_id", what=N_("Owner")
        ),
        "effective_cycle_id": optional_reference(
            session,
            values.get("effective_cycle_id"),
            table=cycle,
            field="effective_cycle_id",
            what=N_("Effective cycle"),
        ),
        "status": status,
    }
    if status in EFFECTIVE_STATUSES and not cleaned["change"]:
        raise ValidationError(
            _("A {replace} learning needs the process change it decided; describe it.").format(
                replace=value_word(status)
            ),
            field="change",
        )
    if status == "in_effect" and cleaned["effective_cycle_id"] is None:
        raise ValidationError(
            _("A change in effect needs the cycle it takes effect in."), field="effective_cycle_id"
        )
    return cleaned


def _label(row: dict[str, Any]) -> str:
    return (row.get("change") or row.get("lesson") or "learning")[:80]


def create_learning(session: Session, *, values: dict[str, Any]) -> int:
    row = clean_learning(session, values)
    return insert_row(session, Learning, row, label=_label(row))


def update_learning(
    session: Session,
    learning_id: int,
    *,
    values: dict[str, Any],
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> None:
    update_row(
        session,
        Learning,
        learning_id,
        expected_version=expected_version,
        changes=clean_learning(session, values),
        validate=lambda merged: clean_learning(session, merged),
        what=N_("learning"),
        original=original,
    )


def delete_learning(session: Session, learning_id: int, *, expected_version: int | None) -> None:
    delete_row(session, Learning, learning_id, expected_version=expected_version, what=N_("learning"))
