"""The RACI matrix: activities × roles, one A per activity, and its CSV / Markdown export.

The schema's partial unique index already refuses a second A; the service checks first so the
user gets a sentence naming the role that holds the A instead of a constraint error.
Cells are rows like any other, written through `services/records.py` with their own id and
version, so an edit made on a matrix someone else changed meanwhile is a conflict, not a silent
overwrite. Their audit entries are filed under entity "raci_cell" and the activity's id, one
field per role (`plo: A → None`), so an activity's cells read as one record in the history.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded_equals
from okr_cockpit.db.models import RACI_LETTERS, RACI_ROLES, RaciActivity, RaciCell
from okr_cockpit.db.tables import activity, cell
from okr_cockpit.errors import ConflictError, ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import recent_changes
from okr_cockpit.services.exporting.tables import csv_safe
from okr_cockpit.services.records import (
    FiledUnder,
    delete_row,
    edited_row,
    insert_row,
    require_row,
    update_row,
)
from okr_cockpit.services.validation import clean_name, one_of

ROLE_LABELS = {  # marked; shown through role_label, in the user's language
    "plo": "PLO",
    "coaches": N_("Coaches"),
    "sponsor": N_("Sponsor"),
    "leaders": N_("Leaders"),
    "teams": N_("Teams"),
}
LETTER_WORDS = {"R": N_("responsible"), "A": N_("accountable"), "C": N_("consulted"), "I": N_("informed")}
FLAG_GLYPH = "▲"
LEGEND = N_("R = responsible, A = accountable, C = consulted, I = informed.")


def role_label(role: str) -> str:
    """A role's column name in the user's language ("Leaders" → "Führung")."""
    return _(ROLE_LABELS[role])


def letter_word(letter: str) -> str:
    return _(LETTER_WORDS[letter])


@dataclass(frozen=True)
class RaciRow:
    """One activity and its letters, as the screen, the export and the report show it."""

    id: int
    version: int
    name: str
    position: int
    letters: dict[str, str] = field(default_factory=dict)  # role -> R, A, C or I
    # role -> (cell id, version) as read: what a cell edit expects to find (see `set_cell`)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def accountable(self) -> list[str]:
        return [role for role in RACI_ROLES if self.letters.get(role) == "A"]

    @property
    def problem(self) -> str:
        """'' when the activity has exactly one A, else a short word for what is wrong."""
        count = len(self.accountable)
        if count == 1:
            return ""
        return "no A" if count == 0 else f"{count} A's"

    @property
    def flag(self) -> str:
        """Glyph and word, so the problem never depends on colour."""
        return f"{FLAG_GLYPH} {self.problem}" if self.problem else ""


# -- reads ---------------------------------------------------------------------------------


def raci_rows(session: Session) -> list[RaciRow]:
    """Every activity in display order with its letters (a matrix is small: tens of rows)."""
    found = session.execute(
        select(activity.c.id, activity.c.version, activity.c.name, activity.c.position).order_by(
            activity.c.position, activity.c.id
        )
    ).all()
    letters: dict[int, dict[str, str]] = {row.id: {} for row in found}
    cells: dict[int, dict[str, tuple[int, int]]] = {row.id: {} for row in found}
    stored = select(cell.c.id, cell.c.version, cell.c.activity_id, cell.c.role, cell.c.letter)
    for c in session.execute(stored):
        if c.activity_id in letters:
            letters[c.activity_id][c.role] = c.letter
            cells[c.activity_id][c.role] = (c.id, c.version)
    return [RaciRow(r.id, r.version, r.name, r.position, letters[r.id], cells[r.id]) for r in found]


# -- cells ---------------------------------------------------------------------------------


def _cell_label(name: str, role: str) -> str:
    return f"{name} · {ROLE_LABELS[role]}"


def _filed(activity_id: int, role: str) -> FiledUnder:
    return FiledUnder(activity_id, {"letter": role})


def _current_cell(session: Session, activity_id: int, role: str) -> dict[str, Any] | None:
    found = (
        session.execute(select(cell).where(cell.c.activity_id == activity_id, cell.c.role == role))
        .mappings()
        .first()
    )
    return dict(found) if found else None


def cell_state(session: Session, activity_id: int, role: str) -> tuple[int, int] | None:
    """(id, version) of the cell as stored now, None when empty: what the next edit of it expects."""
    current = _current_cell(session, activity_id, role)
    return (current["id"], current["version"]) if current else None


def _who_changed(session: Session, activity_id: int, role: str) -> str:
    """Who last changed this cell, as the audit log tells (e.g. 'anna'), else 'someone else'."""
    for change in recent_changes(session, entity="raci_cell", entity_id=activity_id, limit=20):
        if any(f.field == role for f in change.fields):
            return change.user
    return _("someone else")


def _check_seen(
    session: Session,
    row: dict[str, Any],
    role: str,
    current: dict[str, Any] | None,
    seen: RaciRow | None,
    wanted: str | None,
) -> None:
    """Refuse a cell edit made on a matrix that is no longer what is stored (nothing is written).

    The cell the user saw is known by its id and version; an empty cell by having none. The same
    letter set by someone else meanwhile is no conflict: the user gets what they asked for.
    """
    if seen is None:
        return
    now = (current["id"], current["version"]) if current else None
    before = seen.cells.get(role)
    if now == before or (current["letter"] if current else None) == wanted:
        return
    where = f"'{row['name']}' · {role_label(role)}"
    what = _("set it to {letter}").format(letter=current["letter"]) if current else _("cleared it")
    mine = _("your {letter} was not saved").format(letter=wanted) if wanted else _("it was not cleared")
    raise ConflictError(
        _("{where}: {_who_changed} {what} meanwhile, so {mine}.").format(
            where=where, _who_changed=_who_changed(session, row["id"], role), what=what, mine=mine
        ),
        entity="raci_cell",
        entity_id=row["id"],
        current=current,
    )


def _cell_as_seen(
    session: Session, activity_id: int, role: str, seen: RaciRow | None, wanted: str | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The activity and the cell as stored, after checking them against what the user saw."""
    if seen is None:
        row = require_row(session, RaciActivity, activity_id, "RACI activity")
    else:  # gone since the user saw it: the "deleted" conflict
        row = edited_row(session, RaciActivity, activity_id, "RACI activity")
    current = _current_cell(session, activity_id, role)
    _check_seen(session, row, role, current, seen, wanted)
    return row, current


def set_cell(
    session: Session, *, activity_id: int, role: str, letter: str, seen: RaciRow | None = None
) -> str | None:
    """Put R, A, C or I in a cell; returns the letter it held before. A second A is refused.

    `seen` is the matrix row the user acted on: if someone else changed or cleared this cell (or
    deleted the activity) since, it is a ConflictError and nothing is written.
    """
    one_of(role, RACI_ROLES, field="role", what=N_("Role"))
    letter = one_of((letter or "").strip().upper(), RACI_LETTERS, field="letter", what=N_("Letter"))
    row, current = _cell_as_seen(session, activity_id, role, seen, letter)
    old = current["letter"] if current else None
    if old == letter:
        return old
    if letter == "A":
        holder = session.execute(
            select(cell.c.role).where(
                cell.c.activity_id == activity_id, cell.c.letter == "A", cell.c.role != role
            )
        ).scalar()
        if holder is not None:
            raise ValidationError(
                _("'{value}' already has an accountable role: {value2}. Clear it first.").format(
                    value=row["name"], value2=role_label(holder)
                ),
                field="letter",
            )
    label = _cell_label(row["name"], role)
    try:
        if current is None:
            insert_row(
                session,
                RaciCell,
                {"activity_id": activity_id, "role": role, "letter": letter},
                label=label,
                filed=_filed(activity_id, role),
            )
        else:
            update_row(
                session,
                RaciCell,
                current["id"],
                expected_version=current["version"],
                changes={"letter": letter},
                what=N_("RACI cell"),
                label=label,
                filed=_filed(activity_id, role),
            )
    except IntegrityError:  # the schema's own guarantee; reached only if the check above raced
        raise ValidationError(
            _("'{value}' already has an accountable role. Clear it first.").format(value=row["name"]),
            field="letter",
        ) from None
    return old


def clear_cell(session: Session, *, activity_id: int, role: str, seen: RaciRow | None = None) -> str | None:
    """Empty a cell; returns the letter it held (None if it was already empty).

    `seen` as for `set_cell`: a cell someone else changed since is not cleared.
    """
    one_of(role, RACI_ROLES, field="role", what=N_("Role"))
    row, current = _cell_as_seen(session, activity_id, role, seen, None)
    if current is None:
        return None
    delete_row(
        session,
        RaciCell,
        current["id"],
        expected_version=current["version"],
        what=N_("RACI cell"),
        label=_cell_label(row["name"], role),
        filed=_filed(activity_id, role),
    )
    return current["letter"]


# -- activities ----------------------------------------------------------------------------


def _unique_name(session: Session, name: str, *, except_id: int | None = None) -> str:
    name = clean_name(name, what=N_("Activity name"))
    query = select(activity.c.id).where(folded_equals(activity.c.name, name))
    if except_id is not None:
        query = query.where(activity.c.id != except_id)
    if session.execute(query).first() is not None:
        raise ValidationError(
            _("An activity called '{name}' already exists.").format(name=name), field="name"
        )
    return name


def add_activity(session: Session, *, name: str) -> int:
    """Add an activity at the end of the matrix; returns its id."""
    name = _unique_name(session, name)
    last = session.execute(select(func.max(activity.c.position))).scalar()
    return insert_row(session, RaciActivity, {"name": name, "position": 0 if last is None else last + 1})


def rename_activity(
    session: Session,
    activity_id: int,
    *,
    name: str,
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> None:
    name = _unique_name(session, name, except_id=activity_id)
    update_row(
        session,
        RaciActivity,
        activity_id,
        expected_version=expected_version,
        changes={"name": name},
        what=N_("RACI activity"),
        original=original,
    )


def remove_activity(session: Session, activity_id: int, *, expected_version: int | None) -> None:
    """Delete an activity and its cells; each removed cell is in the audit log too.

    One transaction: if the activity changed since the user saw it, nothing is removed.
    """
    row = edited_row(session, RaciActivity, activity_id, "RACI activity")
    cells = session.execute(
        select(cell.c.id, cell.c.role).where(cell.c.activity_id == activity_id).order_by(cell.c.id)
    ).all()
    for cell_id, role in cells:
        delete_row(
            session,
            RaciCell,
            cell_id,
            expected_version=None,  # the whole activity goes: its cells as they are now
            what=N_("RACI cell"),
            label=_cell_label(row["name"], role),
            filed=_filed(activity_id, role),
        )
    delete_row(
        session, RaciActivity, activity_id, expected_version=expected_version, what=N_("RACI activity")
    )


def move_activity(session: Session, activity_id: int, *, step: int) -> bool:
    """Swap the activity with its neighbour above (step -1) or below (+1), in one transaction.

    Returns False when it is already first or last. Positions are whatever the data holds; when
    two rows share a position the whole list is renumbered, so the swap is always visible.
    """
    order = session.execute(
        select(activity.c.id, activity.c.position).order_by(activity.c.position, activity.c.id)
    ).all()
    ids = [row.id for row in order]
    if activity_id not in ids:
        raise ValidationError(_("That RACI activity no longer exists."))
    index = ids.index(activity_id)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(ids):
        return False
    positions = [row.position for row in order]
    if len(set(positions)) == len(positions):
        new = dict(zip(ids, positions, strict=True))
        new[ids[index]], new[ids[other]] = positions[other], positions[index]
    else:
        ids[index], ids[other] = ids[other], ids[index]
        new = {row_id: number for number, row_id in enumerate(ids)}
    current = dict(zip([row.id for row in order], positions, strict=True))
    for row_id, position in new.items():
        if current[row_id] != position:
            update_row(
                session,
                RaciActivity,
                row_id,
                expected_version=None,  # a move acts on the order as it is now
                changes={"position": position},
                what=N_("RACI activity"),
            )
    return True


# -- export --------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    """Escape what would break a Markdown table row or turn into formatting in a wiki."""
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def render_raci_markdown(rows: list[RaciRow]) -> str:
    """A GitHub/wiki-style pipe table with a legend; flagged activities say so in their row."""
    header = [_("Activity"), *(role_label(r) for r in RACI_ROLES), _("Check")]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([" --- "] + [" :-: "] * len(RACI_ROLES) + [" --- "]) + "|",
    ]
    for row in rows:
        values = [_md_cell(row.name), *(row.letters.get(r, "") for r in RACI_ROLES), row.flag]
        lines.append("| " + " | ".join(values) + " |")
    if not rows:
        lines.append(_("| (no activities yet) |") + " |" * (len(RACI_ROLES) + 1))
    return "\n".join([*lines, "", _(LEGEND), ""])


def render_raci_csv(rows: list[RaciRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["activity", *RACI_ROLES, "check"])
    for row in rows:
        writer.writerow([csv_safe(row.name), *(row.letters.get(r, "") for r in RACI_ROLES), row.problem])
    return out.getvalue()
