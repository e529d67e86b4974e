"""Rollout waves: create, edit, delete, order, their criteria, and the go / no-go / postponed decision."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded_equals
from okr_cockpit.db.models import (
    CRITERION_KINDS,
    RECORDED_DECISIONS,
    RolloutWave,
    WaveCriterion,
)
from okr_cockpit.db.tables import criterion, cycle, unit, wave
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.org import bulk
from okr_cockpit.services.records import delete_row, insert_row, require_row, update_row
from okr_cockpit.services.rollout.readiness import DEFAULT_COVERAGE_THRESHOLD, wave_readiness
from okr_cockpit.services.validation import (
    check_order,
    clean_name,
    clean_text,
    int_in_range,
    one_of,
    parse_date,
)

WAVE_FIELDS = ("name", "start_on", "go_live_on", "objective", "entry_criteria", "exit_criteria")
THRESHOLD_KINDS = ("coach_coverage",)


@dataclass(frozen=True)
class WaveInfo:
    id: int
    name: str
    position: int
    start_on: date | None
    go_live_on: date | None
    objective: str
    entry_criteria: str
    exit_criteria: str
    decision: str
    decided_on: date | None
    rationale: str
    postponed: bool
    version: int
    unit_count: int

    @property
    def shown_decision(self) -> str:
        """pending, go, no_go or postponed: what the PLO recorded."""
        return "postponed" if self.postponed and self.decision == "pending" else self.decision


def list_waves(session: Session) -> list[WaveInfo]:
    """Every wave in plan order, with how many units it holds."""
    units = select(func.count(unit.c.id)).where(unit.c.wave_id == wave.c.id).correlate(wave).scalar_subquery()
    rows = session.execute(
        select(
            wave.c.id,
            wave.c.name,
            wave.c.position,
            wave.c.start_on,
            wave.c.go_live_on,
            wave.c.objective,
            wave.c.entry_criteria,
            wave.c.exit_criteria,
            wave.c.decision,
            wave.c.decided_on,
            wave.c.rationale,
            wave.c.postponed,
            wave.c.version,
            units,
        ).order_by(wave.c.position, wave.c.id)
    ).all()
    return [WaveInfo(*row) for row in rows]


def get_wave(session: Session, wave_id: int) -> WaveInfo:
    found = next((w for w in list_waves(session) if w.id == wave_id), None)
    if found is None:
        raise ValidationError(_("That wave no longer exists."))
    return found


# -- waves ----------------------------------------------------------------------------------


def clean_wave(session: Session, values: dict[str, Any], *, wave_id: int | None) -> dict[str, Any]:
    name = clean_name(values.get("name"), what=N_("The wave's name"))
    taken = session.execute(
        select(wave.c.id).where(folded_equals(wave.c.name, name), wave.c.id != (wave_id or 0))
    ).first()
    if taken is not None:
        raise ValidationError(
            _("A wave called '{name}' already exists; choose another name.").format(name=name), field="name"
        )
    start = parse_date(values.get("start_on"), field="start_on", what=N_("Start"))
    go_live = parse_date(values.get("go_live_on"), field="go_live_on", what=N_("Go-live"))
    check_order(start, go_live, field="go_live_on", what=N_("Go-live"))
    clean = {"name": name, "start_on": start, "go_live_on": go_live}
    for field, what in (
        ("objective", N_("Objective")),
        ("entry_criteria", N_("Entry criteria")),
        ("exit_criteria", N_("Exit criteria")),
    ):
        clean[field] = clean_text(values.get(field), field=field, what=what)
    return clean


def create_wave(*, session: Session, values: dict[str, Any]) -> int:
    """A new wave at the end of the plan."""
    clean = clean_wave(session, values, wave_id=None)
    last = session.execute(select(func.max(wave.c.position))).scalar()
    return insert_row(session, RolloutWave, {**clean, "position": (last or 0) + 1})


def update_wave(
    *,
    session: Session,
    wave_id: int,
    values: dict[str, Any],
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> None:
    clean = clean_wave(session, values, wave_id=wave_id)
    update_row(
        session,
        RolloutWave,
        wave_id,
        expected_version=expected_version,
        changes=clean,
        what=N_("wave"),
        original=original,
        validate=lambda merged: clean_wave(session, merged, wave_id=wave_id),
    )


def delete_wave(
    *, session: Session, wave_id: int, expected_version: int | None, units_released: int = 0
) -> int:
    """Delete the wave; its units are kept and lose their wave (each change audited).

    `units_released` is how many units the user was told would lose their wave: a wave with
    units (or with more than the user was told) is refused, so nothing is released unasked.
    """
    row = require_row(session, RolloutWave, wave_id, "wave")
    count = session.execute(select(func.count()).where(unit.c.wave_id == wave_id)).scalar_one()
    if count > units_released:
        raise ValidationError(
            _(
                "'{value}' has {count:,} units; deleting it takes the wave from each of "
                "them (the units are kept). Confirm that to delete the wave."
            ).format(value=row["name"], count=count)
            if not units_released
            else _("'{value}' now has {count:,} units, not {units_released:,}; nothing was deleted.").format(
                value=row["name"], count=count, units_released=units_released
            )
        )
    if count:
        bulk.set_wave(session, unit_ids=select(unit.c.id).where(unit.c.wave_id == wave_id), wave_id=None)
    delete_row(session, RolloutWave, wave_id, expected_version=expected_version, what=N_("wave"))
    return count


def move_wave(*, session: Session, wave_id: int, step: int) -> bool:
    """Swap the wave with its neighbour (step -1 earlier, +1 later); False when already first or last.

    Positions are renumbered 1..n so that the order never depends on ties.
    """
    ids = list(session.execute(select(wave.c.id).order_by(wave.c.position, wave.c.id)).scalars())
    if wave_id not in ids:
        raise ValidationError(_("That wave no longer exists."))
    index = ids.index(wave_id)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(ids):
        return False
    ids[index], ids[other] = ids[other], ids[index]
    current = {row.id: row.position for row in session.execute(select(wave.c.id, wave.c.position))}
    for number, row_id in enumerate(ids, start=1):
        if current[row_id] != number:
            update_row(
                session,
                RolloutWave,
                row_id,
                expected_version=None,
                changes={"position": number},
                what=N_("wave"),
            )
    return True


def record_decision(
    *,
    session: Session,
    wave_id: int,
    decision: str,
    rationale: str,
    today: date,
    expected_version: int | None,
) -> None:
    """Record go / no-go / postponed (or reset to pending); a go with unmet criteria needs a rationale.

    Who decided and when is in the audit entry of this change.
    """
    one_of(decision, RECORDED_DECISIONS, field="decision", what=N_("The decision"))
    text = clean_text(rationale, field="rationale", what=N_("The rationale"))
    if decision == "go" and not text:
        unmet = wave_readiness(session, wave_id=wave_id, today=today).unmet
        if unmet:
            raise ValidationError(
                _("{unmet_count} criteria are not met ({name}…): a go needs a rationale.").format(
                    unmet_count=len(unmet), name=unmet[0].name
                ),
                field="rationale",
            )
    if decision in ("no_go", "postponed") and not text:
        raise ValidationError(_("Say why: a no-go or a postponement needs a rationale."), field="rationale")
    changes = {
        "decision": "pending" if decision == "postponed" else decision,
        "postponed": decision == "postponed",
        "decided_on": None if decision == "pending" else today,
        "rationale": text,
    }
    update_row(
        session, RolloutWave, wave_id, expected_version=expected_version, changes=changes, what=N_("wave")
    )


# -- criteria -------------------------------------------------------------------------------


def clean_criterion(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    kind = one_of(values.get("kind") or "", CRITERION_KINDS, field="kind", what=N_("The kind of check"))
    clean: dict[str, Any] = {"kind": kind, "threshold": None, "cycle_id": None}
    if kind == "manual":
        clean["name"] = clean_name(values.get("name"), what=N_("A manual criterion's text"))
        clean["met"] = bool(values.get("met"))
    else:
        clean["name"] = ""
        clean["met"] = False
    clean["note"] = clean_text(values.get("note"), field="note", what=N_("The note"))
    if kind in THRESHOLD_KINDS:
        raw = values.get("threshold")
        raw = DEFAULT_COVERAGE_THRESHOLD if raw in (None, "") else raw
        clean["threshold"] = int_in_range(raw, 0, 100, field="threshold", what=N_("The threshold (percent)"))
    if kind == "drafting_planned" and values.get("cycle_id") is not None:
        cycle_id = int(values["cycle_id"])
        if session.execute(select(cycle.c.id).where(cycle.c.id == cycle_id)).first() is None:
            raise ValidationError(_("That cycle no longer exists."), field="cycle_id")
        clean["cycle_id"] = cycle_id
    return clean


def criterion_label(session: Session, wave_id: int, kind: str) -> str:
    name = session.execute(select(wave.c.name).where(wave.c.id == wave_id)).scalar()
    return f"{name}: {kind.replace('_', ' ')}"


def add_criterion(*, session: Session, wave_id: int, values: dict[str, Any]) -> int:
    require_row(session, RolloutWave, wave_id, "wave")
    clean = clean_criterion(session, values)
    if clean["kind"] != "manual":
        duplicate = session.execute(
            select(criterion.c.id).where(criterion.c.wave_id == wave_id, criterion.c.kind == clean["kind"])
        ).first()
        if duplicate is not None:
            raise ValidationError(_("The wave already has this check; edit it instead."), field="kind")
    last = session.execute(
        select(func.max(criterion.c.position)).where(criterion.c.wave_id == wave_id)
    ).scalar()
    values = {**clean, "wave_id": wave_id, "position": (last or 0) + 1}
    return insert_row(
        session,
        WaveCriterion,
        values,
        label=criterion_label(session, wave_id, clean["name"] or clean["kind"]),
    )


def update_criterion(
    *,
    session: Session,
    criterion_id: int,
    values: dict[str, Any],
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> None:
    row = require_row(session, WaveCriterion, criterion_id, "criterion")
    clean = clean_criterion(session, {**values, "kind": row["kind"]})
    update_row(
        session,
        WaveCriterion,
        criterion_id,
        expected_version=expected_version,
        changes=clean,
        what=N_("criterion"),
        original=original,
        validate=lambda merged: clean_criterion(session, merged),
    )


def delete_criterion(*, session: Session, criterion_id: int, expected_version: int | None) -> None:
    delete_row(session, WaveCriterion, criterion_id, expected_version=expected_version, what=N_("criterion"))
