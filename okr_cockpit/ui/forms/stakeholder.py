"""Add or edit a stakeholder in one form; unit and owner are picked by fuzzy name."""

from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.models import ATTITUDES
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.log import (
    StakeholderRecord,
    create_stakeholder,
    find_people,
    find_units,
    update_stakeholder,
)
from okr_cockpit.ui.dialogs.picker import Choice
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import attitude_label

ATTITUDE_OPTIONS = tuple((attitude_label(a), a) for a in ATTITUDES)
SCALE = (  # marked; the select shows _(label)
    (N_("5 very high"), 5),
    (N_("4 high"), 4),
    (N_("3 medium"), 3),
    (N_("2 low"), 2),
    (N_("1 very low"), 1),
)


def unit_choices(session: Session, text: str, limit: int) -> list[Choice]:
    return [Choice(uid, name, kind) for uid, name, kind in find_units(session, text, limit=limit)]


def person_choices(session: Session, text: str, limit: int) -> list[Choice]:
    return [Choice(pid, name, title) for pid, name, title in find_people(session, text, limit=limit)]


FIELDS = [
    FormField("name", N_("Name (a person, or a group such as the works council)")),
    FormField("role", N_("Role"), placeholder=N_("e.g. CFO, works council chair")),
    FormField("is_group", N_("Group, not a person"), kind="bool"),
    FormField("internal", N_("Internal"), kind="bool"),
    FormField("unit_id", N_("Unit"), kind="pick", search=unit_choices, none_label=N_("(no unit)")),
    FormField("influence", N_("Influence"), kind="select", options=SCALE),
    FormField("interest", N_("Interest"), kind="select", options=SCALE),
    FormField("attitude", N_("Attitude now"), kind="select", options=ATTITUDE_OPTIONS),
    FormField("desired_attitude", N_("Desired attitude"), kind="select", options=ATTITUDE_OPTIONS),
    FormField(
        "owner_id", N_("Owner in the PLO"), kind="pick", search=person_choices, none_label=N_("(no owner)")
    ),
    FormField("notes", N_("Notes"), kind="multiline"),
]


def new_stakeholder_dialog() -> FormDialog:
    def save(session: Session, values: dict[str, Any]) -> int:
        return create_stakeholder(session, values=values)

    values = {
        "internal": True,
        "influence": 3,
        "interest": 3,
        "attitude": "neutral",
        "desired_attitude": "supporter",
    }
    return FormDialog(_("New stakeholder"), FIELDS, save, values=values)


def edit_stakeholder_dialog(record: StakeholderRecord) -> FormDialog:
    stakeholder_id = record.values["id"]

    def save(session: Session, values: dict[str, Any]) -> int:
        update_stakeholder(
            session,
            stakeholder_id,
            values=values,
            expected_version=values.get("version"),
            original=values.get("original"),
        )
        return stakeholder_id

    labels = {"unit_id": record.unit, "owner_id": record.owner}
    return FormDialog(
        _("Edit stakeholder"),
        FIELDS,
        save,
        values=record.values,
        pick_labels=labels,
        record=("stakeholder", stakeholder_id),
    )
