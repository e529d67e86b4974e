"""Coach dialogs: the edit and new-coach forms, and the pickers for a coach (with load) or a team."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.models import COACH_STATUSES
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.coaching.coaches import (
    RosterRow,
    create_coach,
    find_coaches,
    find_non_coaches,
    find_teams,
    update_coach,
)
from okr_cockpit.ui.dialogs.picker import Choice, ChoiceSearch
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import COACH_STATUS_GLYPHS, WARNING, word

STATUS_OPTIONS = tuple((f"{COACH_STATUS_GLYPHS[s]} {word(s)}", s) for s in COACH_STATUSES)
COACH_FIELDS = [
    FormField("capacity", N_("Capacity (teams, 0 or more)"), kind="int"),
    FormField("status", N_("Status"), kind="select", options=STATUS_OPTIONS),
    FormField("cohort", N_("Cohort"), placeholder=N_("e.g. 2026-A")),
    FormField("certified_on", N_("Certified since"), kind="date"),
]


def edit_coach_dialog(row: RosterRow) -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> Any:
        return update_coach(
            session=session,
            coach_id=row.coach_id,
            expected_version=values.get("version"),
            values=values,
            original=values.get("original"),
        )

    values = {
        "capacity": row.capacity,
        "status": row.status,
        "cohort": row.cohort,
        "certified_on": row.certified_on.isoformat() if row.certified_on else "",
        "version": row.version,
    }
    return FormDialog(
        _("Edit coach {name}").format(name=row.name),
        COACH_FIELDS,
        save,
        values=values,
        record=("coach", row.coach_id),
    )


def person_search(session: Session, text: str, limit: int) -> list[Choice]:
    return [Choice(pid, name, email) for pid, name, email in find_non_coaches(session, text, limit=limit)]


def new_coach_dialog() -> FormDialog:
    fields = [
        FormField(
            "person_id",
            _("Person (an existing one, or leave as new and fill in name and e-mail)"),
            kind="pick",
            search=person_search,
            none_label=_("(a new person)"),
        ),
        FormField("name", _("Name of the new person")),
        FormField("email", _("E-mail of the new person"), placeholder="optional"),
        *COACH_FIELDS,
    ]

    def save(session: Session, values: dict[str, Any]) -> int:
        return create_coach(session=session, values=values)

    values = {"person_id": None, "capacity": 4, "status": "active", "cohort": "", "certified_on": ""}
    return FormDialog(_("New coach"), fields, save, values=values)


def coach_detail(row: RosterRow, *, near: bool = False) -> str:
    """`● active · 3/4 teams`, with `▲ full` when another team would put them over."""
    text = _("{glyph} {status} · {load}/{capacity} teams").format(
        glyph=COACH_STATUS_GLYPHS.get(row.status, "?"),
        status=word(row.status),
        load=row.load,
        capacity=row.capacity,
    )
    if row.load >= row.capacity:
        text += f" · {WARNING} " + (_("over") if row.over_capacity else _("full"))
    return text + (_(" · same division") if near else "")


def coach_search(today: date, seen: dict[int, RosterRow], division_id: int | None = None) -> ChoiceSearch:
    """Coaches with their load, the team's division first; remembers the rows shown, to warn on capacity."""

    def search(session: Session, text: str, limit: int) -> list[Choice]:
        found = find_coaches(session, text, today=today, division_id=division_id, limit=limit)
        seen.update({row.coach_id: row for row, _ in found})
        return [Choice(row.coach_id, row.name, coach_detail(row, near=near)) for row, near in found]

    return search


def team_search(session: Session, text: str, limit: int) -> list[Choice]:
    return [Choice(uid, name, parent) for uid, name, parent in find_teams(session, text, limit=limit)]


def over_capacity_question(row: RosterRow, team: str) -> str:
    return _(
        "{name} already coaches {load} of {capacity} teams.\n"
        "Assigning {team} puts them over capacity ({after}/{capacity}). Assign anyway?"
    ).format(name=row.name, load=row.load, capacity=row.capacity, team=team, after=row.load + 1)
