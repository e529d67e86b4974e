"""The Org units screen's dialog flows: add a child, edit, move, set the state, delete (with its impact).

`UnitActions` is the base of `UnitsScreen`; it declares below what the screen provides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from sqlalchemy.orm import Session
from textual import work

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import ROLLOUT_STATES, UNIT_KINDS
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _, format_number, ngettext
from okr_cockpit.services.org import reads
from okr_cockpit.services.org import units as svc
from okr_cockpit.services.org.people import search_people
from okr_cockpit.services.org.reads import UnitDetail, UnitNode
from okr_cockpit.services.org.units import DeletionImpact
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import literal, state_label, word
from okr_cockpit.ui.screens.base import CockpitScreen

if TYPE_CHECKING:
    from okr_cockpit.ui.screens.units.screen import UnitsView
    from okr_cockpit.ui.widgets.unit_tree import UnitTree


def person_choices(session: Session, query: str, limit: int) -> list[Choice]:
    return [Choice(*row) for row in search_people(session, query, limit)]


def unit_choices(session: Session, query: str, limit: int) -> list[Choice]:
    return [Choice(*row) for row in reads.search_units(session, query, limit)]


def state_choices(_session: Session, query: str, _limit: int) -> list[Choice]:
    words = fold(query).split()
    return [
        Choice(index, state_label(state))
        for index, state in enumerate(ROLLOUT_STATES)
        if all(w in fold(word(state)) for w in words)
    ]


def titled(*parts: str) -> Text:
    """A dialog title naming a unit: a Text, so the name is never read as markup."""
    return literal("".join(parts))


def kinds_below(kind: str | None) -> list[str]:
    rank = reads.KIND_RANK[kind] if kind else -1
    return [k for k in UNIT_KINDS if reads.KIND_RANK[k] > rank]


class UnitActions(CockpitScreen):
    """The actions behind the Org units keys; UnitsScreen adds layout and loading."""

    view: UnitsView | None
    detail: UnitDetail | None

    @property
    def tree(self) -> UnitTree:
        raise NotImplementedError

    def refuse(self, message: str) -> None:
        """Say why an action cannot be done, where the user looks."""
        raise NotImplementedError

    def clear_refusal(self) -> None:
        raise NotImplementedError

    def changed(self, unit_id: int | None, *, expand: int | None = None) -> None:
        """After a form saved: put the cursor on `unit_id`, then reload."""
        raise NotImplementedError

    def wave_options(self) -> tuple[tuple[str, Any], ...]:
        waves = self.view.waves if self.view else []
        return ((_("no wave"), None), *((name, wid) for wid, name in waves))

    def unit_fields(self, kinds: Sequence[str]) -> list[FormField]:
        """What the add form asks and the edit form starts with: name, kind, wave and state."""
        return [
            FormField("name", _("Name")),
            FormField("kind", _("Kind"), "select", options=tuple((word(k), k) for k in kinds)),
            FormField("wave_id", _("Wave"), "select", options=self.wave_options()),
            FormField(
                "state",
                _("Rollout state"),
                "select",
                options=tuple((state_label(s), s) for s in ROLLOUT_STATES),
            ),
        ]

    def action_add(self) -> None:
        self.clear_refusal()
        if not self.can_write():
            return
        parent = self.tree.cursor_unit
        kinds = kinds_below(parent.kind if parent else None)
        if parent is not None and not kinds:
            self.refuse(
                _("A {kind} cannot have units below it; add the unit to its parent instead.").format(
                    kind=parent.kind
                )
            )
            return
        fields = self.unit_fields(kinds)
        parent_id = parent.id if parent else None
        wave_of_parent = (
            self.detail.wave_id if self.detail and parent and self.detail.id == parent.id else None
        )

        def save(session: Session, values: dict[str, Any]) -> int:
            return svc.create_unit(
                session=session,
                parent_id=parent_id,
                name=values["name"],
                kind=values["kind"],
                wave_id=values["wave_id"],
                state=values["state"],
            )

        where = (
            _("Add a unit under {name}").format(name=parent.name)
            if parent
            else _("Add a unit at the top level")
        )
        self.app.push_screen(
            FormDialog(
                titled(where),
                fields,
                save,
                values={"kind": kinds[0], "wave_id": wave_of_parent, "state": "not_started"},
            ),
            lambda new_id: self.changed(new_id, expand=parent_id),
        )

    def action_edit(self) -> None:
        self.clear_refusal()
        unit = self.tree.cursor_unit
        if unit is not None and self.can_write():
            self.open_edit(unit.id)

    @work(thread=True, exclusive=True, group="unit-edit", exit_on_error=False)
    def open_edit(self, unit_id: int) -> None:
        # Read fresh: the form's version must be the one the user sees in it.
        detail = self.app.db.read(lambda session: reads.unit_detail(session, unit_id, today=self.app.today()))
        if detail is None:
            raise ValidationError(_("That unit no longer exists."))
        self.app.call_from_thread(self.show_edit_form, detail)

    def show_edit_form(self, detail: UnitDetail) -> None:
        fields = [
            *self.unit_fields(UNIT_KINDS),
            FormField("lead_id", _("Lead"), "pick", search=person_choices, none_label=_("(no lead)")),
            FormField(
                "sponsor_id", _("Sponsor"), "pick", search=person_choices, none_label=_("(no sponsor)")
            ),
            FormField(
                "plo_owner_id", _("PLO owner"), "pick", search=person_choices, none_label=_("(no PLO owner)")
            ),
            FormField("external_id", _("External id (HR system)"), placeholder=_("e.g. HR-000123")),
            FormField("exempt", _("Exempt (needs no coach)"), "bool"),
            FormField("notes", _("Notes"), "multiline"),
        ]
        values = {name: getattr(detail, name) for name in svc.EDITABLE}
        values["external_id"] = detail.external_id or ""
        values["version"] = detail.version
        labels = {"lead_id": detail.lead, "sponsor_id": detail.sponsor, "plo_owner_id": detail.plo_owner}

        def save(session: Session, form: dict[str, Any]) -> int:
            svc.update_unit(
                session=session,
                unit_id=detail.id,
                expected_version=form["version"],
                values=form,
                original=form.get("original"),
            )
            return detail.id

        self.app.push_screen(
            FormDialog(
                titled(_("Edit {name}").format(name=detail.name)),
                fields,
                save,
                values=values,
                pick_labels={k: v for k, v in labels.items() if v},
                record=("org_unit", detail.id),
            ),
            self.changed,
        )

    def action_move(self) -> None:
        self.clear_refusal()
        unit = self.tree.cursor_unit
        if unit is None or not self.can_write():
            return

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.run_move(unit, choice.id)

        self.app.push_screen(
            PickerDialog(
                titled(_("Move {name} under…").format(name=unit.name)),
                unit_choices,
                allow_none=_("(top level)"),
            ),
            picked,
        )

    @work(thread=True, group="write", exit_on_error=False)
    def run_move(self, unit: UnitNode, new_parent_id: int | None) -> None:
        self.app.db.write(
            lambda session: svc.move_unit(
                session=session, unit_id=unit.id, expected_version=unit.version, new_parent_id=new_parent_id
            )
        )
        self.app.call_from_thread(self.changed, unit.id)

    def action_set_state(self) -> None:
        self.clear_refusal()
        unit = self.tree.cursor_unit
        if unit is None or not self.can_write():
            return

        def picked(choice: Choice | None) -> None:
            if choice is None or choice.id is None:
                return
            state = ROLLOUT_STATES[choice.id]
            self.write(
                lambda session: svc.set_state(
                    session=session, unit_id=unit.id, expected_version=unit.version, state=state
                ),
                done=lambda _before: self.changed(unit.id),
            )

        title = titled(_("State of {name} (now {state})").format(name=unit.name, state=word(unit.state)))
        self.app.push_screen(PickerDialog(title, state_choices), picked)

    def action_delete(self) -> None:
        self.clear_refusal()
        unit = self.tree.cursor_unit
        if unit is not None and self.can_write():
            self.ask_delete(unit)

    @work(thread=True, exclusive=True, group="unit-impact", exit_on_error=False)
    def ask_delete(self, unit: UnitNode) -> None:
        impact = self.app.db.read(lambda session: svc.deletion_impact(session, unit.id))
        self.app.call_from_thread(self.confirm_delete, unit, impact)

    def confirm_delete(self, unit: UnitNode, impact: DeletionImpact) -> None:
        kind = word(unit.kind)
        question = _("Delete the {kind} {name}?").format(kind=kind, name=unit.name)
        if impact.needs_cascade:
            question = _(
                "{name} is not empty: {impact} would be deleted with it.\n"
                "Delete the {kind} and everything below it?"
            ).format(name=unit.name, impact=impact.describe(), kind=kind)
        elif impact.events:
            question += "\n" + _("Its {impact} would be deleted with it.").format(impact=impact.describe())
        kept = [
            ngettext("{count} stakeholder", "{count} stakeholders", impact.stakeholders).format(
                count=format_number(impact.stakeholders)
            )
            if impact.stakeholders
            else "",
            ngettext("{count} person's home unit", "{count} people's home unit", impact.people).format(
                count=format_number(impact.people)
            )
            if impact.people
            else "",
        ]
        kept = [k for k in kept if k]
        if kept:
            question += "\n" + _("{kept} will be unlinked, not deleted.").format(kept=_(" and ").join(kept))

        def delete(session: Session, version: int | None) -> DeletionImpact:
            return svc.delete_unit(
                session=session,
                unit_id=unit.id,
                expected_version=version,
                cascade=impact.needs_cascade,
                confirmed=impact,
            )

        self.delete_record(
            label=unit.name,
            delete=delete,
            version=unit.version,
            question=question,
            done=lambda _impact: self.notify(_("Deleted {name}.").format(name=unit.name), markup=False),
        )
