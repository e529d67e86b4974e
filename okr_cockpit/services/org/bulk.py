"""Bulk changes of many units at once: set the wave or the rollout state of a scope of units.

A scope is a SELECT of unit ids (a subtree, the units a filter matched, a wave's units). The change
is one UPDATE and one audit entry per unit changed, inside the caller's transaction, so 2,000 units
commit together in well under a second and the history still says what happened to each.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded_like, like_pattern
from okr_cockpit.db.models import ROLLOUT_STATES
from okr_cockpit.db.tables import audit, unit, wave
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.records import actor_of, audit_values
from okr_cockpit.services.validation import one_of

Scope = Select | list[int]


@dataclass(frozen=True)
class BulkPreview:
    """What a bulk change would do: `total` units in scope, `changing` of them get the new value."""

    total: int
    changing: int
    target: str  # "Wave 2", "no wave", "live"

    @property
    def unchanged(self) -> int:
        return self.total - self.changing

    def describe(self) -> str:
        """`→ Wave 2 for 280 of 312 units, 32 already there`."""
        text = ngettext(
            "→ {target} for {changing:,} of {total:,} unit",
            "→ {target} for {changing:,} of {total:,} units",
            self.total,
        )
        text = text.format(total=self.total, changing=self.changing, target=self.target)
        return text + (_(", {count:,} already there").format(count=self.unchanged) if self.unchanged else "")


def _wave_name(session: Session, wave_id: int | None) -> str:
    if wave_id is None:
        return _("no wave")
    name = session.execute(select(wave.c.name).where(wave.c.id == wave_id)).scalar()
    if name is None:
        raise ValidationError(_("That wave no longer exists."), field="wave_id")
    return name


def _preview(session: Session, unit_ids: Scope, column: str, value: Any, target: str) -> BulkPreview:
    differs = unit.c[column].is_distinct_from(value)
    total, changing = session.execute(
        select(func.count(), func.count().filter(differs)).where(unit.c.id.in_(unit_ids))
    ).one()
    return BulkPreview(total=total, changing=changing, target=target)


def preview_wave(session: Session, *, unit_ids: Scope, wave_id: int | None) -> BulkPreview:
    return _preview(session, unit_ids, "wave_id", wave_id, _wave_name(session, wave_id))


def preview_state(session: Session, *, unit_ids: Scope, state: str) -> BulkPreview:
    one_of(state, ROLLOUT_STATES, field="state", what=N_("The state"))
    return _preview(session, unit_ids, "state", state, value_word(state))


def _apply(session: Session, unit_ids: Scope, column: str, value: Any, shown: Any) -> int:
    """Set `column` on every unit in scope that differs; one audit entry per changed unit."""
    differs = unit.c[column].is_distinct_from(value)
    rows = session.execute(
        select(unit.c.id, unit.c.name, unit.c[column]).where(unit.c.id.in_(unit_ids), differs)
    ).all()
    if not rows:
        return 0
    changed = [row.id for row in rows]
    # Chunks keep the IN list under every backend's parameter limit.
    for start in range(0, len(changed), 900):
        chunk = changed[start : start + 900]
        session.execute(
            update(unit).where(unit.c.id.in_(chunk)).values({column: value, "version": unit.c.version + 1})
        )
    actor, now = actor_of(session), datetime.now(UTC)
    entries = [
        audit_values(
            actor, now, entity="org_unit", entity_id=row.id, action="update",
            changes={column: (row[2], value)}, label=row.name,
        )
        for row in rows
    ]  # fmt: skip
    session.execute(insert(audit), entries)
    return len(rows)


def set_wave(session: Session, *, unit_ids: Scope, wave_id: int | None) -> int:
    """Put every unit in scope into the wave (None: no wave); returns how many changed."""
    _wave_name(session, wave_id)
    return _apply(session, unit_ids, "wave_id", wave_id, wave_id)


def set_state(session: Session, *, unit_ids: Scope, state: str) -> int:
    one_of(state, ROLLOUT_STATES, field="state", what=N_("The state"))
    return _apply(session, unit_ids, "state", state, state)


def name_matches(query: str) -> Select:
    """SELECT of the ids of every unit whose name matches, as the Org units filter matches them."""

    return select(unit.c.id).where(folded_like(unit.c.name, like_pattern(query.strip())))


def bulk_targets(session: Session) -> list[tuple[str, str, Any]]:
    """(label, column, value) of every bulk change on offer: each wave, no wave, each state."""
    waves = session.execute(select(wave.c.id, wave.c.name).order_by(wave.c.position, wave.c.id)).all()
    return [
        *((_("Wave → {name}").format(name=name), "wave_id", wave_id) for wave_id, name in waves),
        (_("Wave → {name}").format(name=_("no wave")), "wave_id", None),
        *((_("State → {state}").format(state=value_word(state)), "state", state) for state in ROLLOUT_STATES),
    ]
