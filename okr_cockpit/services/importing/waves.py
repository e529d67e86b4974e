"""`import waves FILE.csv`: the rollout plan from a spreadsheet — name, position, start, go-live, objective,
entry and exit criteria (text) and the readiness criteria (see docs/IMPORT.md).

A wave is found by its name (case folded); the same rules as the Rollout plan's form apply. A file
with a `criteria` column replaces each of its waves' criteria: `coach_coverage: 80 | unit_leads |
manual: Works council informed`.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import CRITERION_KINDS, RolloutWave
from okr_cockpit.db.tables import criterion, wave
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.importing.rows import (
    CsvFile,
    Problem,
    Progress,
    Row,
    RowChecks,
    Spec,
    changed_fields,
    check_each,
)
from okr_cockpit.services.records import insert_row, update_row
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.validation import int_in_range, parse_date

CRITERIA_SEPARATOR = "|"


@dataclass(frozen=True)
class PlannedWave:
    existing: dict[str, Any] | None
    values: dict[str, Any]
    criteria: list[dict[str, Any]] | None  # None: the file has no criteria column


def parse_criteria(session: Session, text: str) -> list[dict[str, Any]]:
    """`coach_coverage: 80 | sponsor | manual: Works council informed` → checked criterion values."""
    found = []
    for part in (p.strip() for p in text.split(CRITERIA_SEPARATOR)):
        if not part:
            continue
        kind, _colon, argument = part.partition(":")
        kind = "_".join(kind.strip().lower().replace("-", " ").split())
        if kind not in CRITERION_KINDS:
            raise ValidationError(
                _("Criterion {part!r}: the kind must be one of {value}.").format(
                    part=part, value=", ".join(CRITERION_KINDS)
                ),
                field="criteria",
            )
        values: dict[str, Any] = {"kind": kind}
        if kind == "coach_coverage" and argument.strip():
            values["threshold"] = int_in_range(
                argument.strip(),
                0,
                100,
                field="criteria",
                what=_("The threshold of {part!r}").format(part=part),
            )
        elif kind == "manual":
            values["name"] = argument.strip()
        found.append(ws.clean_criterion(session, values))
    kinds = [c["kind"] for c in found if c["kind"] != "manual"]
    twice = sorted({k for k in kinds if kinds.count(k) > 1})
    if twice:
        raise ValidationError(
            _("Criteria: {value} appears twice.").format(value=", ".join(twice)), field="criteria"
        )
    return found


def check_waves(
    session: Session, file: CsvFile, problems: list[Problem], progress: Progress
) -> list[PlannedWave]:
    existing = {fold(row["name"]): dict(row) for row in session.execute(select(wave)).mappings()}
    seen: dict[str, int] = {}

    def check_row(row: Row, check: RowChecks) -> PlannedWave:
        v = row.values
        key = fold(v["name"].strip())
        if key in seen:
            check(
                fail,
                _("The wave {name!r} appears twice in the file (first on line {line}).").format(
                    name=v["name"], line=seen[key]
                ),
                field="name",
            )
        seen.setdefault(key, row.line)
        found = existing.get(key)
        form = {f: (found or {}).get(f) for f in ws.WAVE_FIELDS} | {"name": v["name"]}
        for field, column in DATE_COLUMNS.items():
            if column in v:
                day = check(parse_date, v[column], field=column, what=column.replace("_", "-").capitalize())
                form[field] = day.isoformat() if day else ""
        for field in ("objective", "entry_criteria", "exit_criteria"):
            if field in v:
                form[field] = v[field]
        values = check(clean_wave_row, session, form, wave_id=found["id"] if found else None) or {}
        if v.get("position"):
            values["position"] = check(
                int_in_range, v["position"], 1, 10_000, field="position", what=N_("Position")
            )
        criteria = check(parse_criteria, session, v["criteria"]) if "criteria" in v else None
        return PlannedWave(found, values, criteria)

    return [planned for _row, planned in check_each(file, problems, progress, check_row)]


DATE_COLUMNS = {"start_on": "start", "go_live_on": "go_live"}


def clean_wave_row(session: Session, form: dict[str, Any], *, wave_id: int | None) -> dict[str, Any]:
    """The form's rules, with a date problem named by the file's column rather than the form's field."""
    try:
        return ws.clean_wave(session, form, wave_id=wave_id)
    except ValidationError as error:
        raise ValidationError(str(error), field=DATE_COLUMNS.get(error.field or "", error.field)) from None


def fail(message: str, *, field: str | None = None) -> None:
    raise ValidationError(message, field=field)


def apply_waves(session: Session, planned: list[PlannedWave], progress: Progress) -> tuple[int, int, int]:
    counts = [0, 0, 0]
    last = session.execute(select(func.max(wave.c.position))).scalar() or 0
    for done, item in enumerate(planned, start=1):
        if item.existing is None:
            if "position" not in item.values:
                last += 1
            wave_id = insert_row(session, RolloutWave, {"position": last, **item.values})
            counts[0] += 1
        else:
            wave_id = item.existing["id"]
            changes = changed_fields(item.existing, item.values)
            if changes:
                update_row(
                    session,
                    RolloutWave,
                    wave_id,
                    expected_version=item.existing["version"],
                    changes=changes,
                    what=N_("wave"),
                )
            criteria_change = item.criteria is not None and stored_criteria(session, wave_id) != item.criteria
            counts[1 if changes or criteria_change else 2] += 1
            if not criteria_change:
                progress("writing", done, len(planned))
                continue
        if item.criteria is not None:
            replace_criteria(session, wave_id, item.criteria)
        progress("writing", done, len(planned))
    return counts[0], counts[1], counts[2]


def stored_criteria(session: Session, wave_id: int) -> list[dict[str, Any]]:
    """The wave's criteria as `parse_criteria` gives them, to tell an unchanged file."""
    columns = [criterion.c[name] for name in ("kind", "threshold", "cycle_id", "name", "met", "note")]
    rows = session.execute(
        select(*columns).where(criterion.c.wave_id == wave_id).order_by(criterion.c.position, criterion.c.id)
    ).mappings()
    return [dict(row) for row in rows]


def replace_criteria(session: Session, wave_id: int, criteria: list[dict[str, Any]]) -> None:
    old = session.execute(select(criterion.c.id).where(criterion.c.wave_id == wave_id)).scalars().all()
    for criterion_id in old:
        ws.delete_criterion(session=session, criterion_id=criterion_id, expected_version=None)
    for values in criteria:
        ws.add_criterion(session=session, wave_id=wave_id, values=values)


WAVES_SPEC = Spec(
    "waves",
    ("name",),
    ("position", "start", "go_live", "objective", "entry_criteria", "exit_criteria", "criteria"),
    check_waves,
    apply_waves,
    aliases={
        "name": ("Welle", "Bezeichnung"),
        "position": ("Reihenfolge", "Nr"),
        "start": ("Beginn", "Start am"),
        "go_live": ("Go-live am", "Einführung", "Livegang"),
        "objective": ("Ziel", "Zielsetzung"),
        "entry_criteria": ("Eingangskriterien",),
        "exit_criteria": ("Ausgangskriterien", "Abschlusskriterien"),
        "criteria": ("Kriterien", "Readiness-Kriterien"),
    },
)
