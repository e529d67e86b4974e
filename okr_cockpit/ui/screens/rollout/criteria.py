"""The criteria of one wave in a dialog: add a measured check or a manual one, edit, tick, delete.

Each criterion shows ✓/✗ and what was measured, from `services/readiness.py` as everywhere else.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import CRITERION_KINDS
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.rollout.readiness import (
    DEFAULT_COVERAGE_THRESHOLD,
    CriterionResult,
    WaveReadiness,
    measured_name,
    wave_readiness,
)
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.screens.rollout.widgets import met_label, met_width
from okr_cockpit.ui.widgets.list_keys import CursorTable

# Kinds whose form asks for something; the others are added as they are.
FORM_FIELDS: dict[str, list[FormField]] = {
    "coach_coverage": [
        FormField("threshold", N_("Share of teams with a primary coach (percent, 0–100)"), "int")
    ],
    "manual": [
        FormField("name", N_("What must be true")),
        FormField("met", N_("Met"), "bool"),
        FormField("note", N_("Note")),
    ],
}


def kind_choices(_session: Session, query: str, _limit: int) -> list[Choice]:
    words = fold(query).split()
    found = []
    for index, kind in enumerate(CRITERION_KINDS):
        label = measured_name(kind) + (_(" (checkbox with a note)") if kind == "manual" else _(" (measured)"))
        if all(w in fold(label) for w in words):
            found.append(Choice(index, label))
    return found


class CriteriaTable(CursorTable):
    BINDINGS = [
        Binding("a", "screen.add", N_("Add criterion"), id="criteria.add"),
        Binding("e", "screen.edit", N_("Edit"), id="criteria.edit"),
        Binding("space", "screen.toggle", N_("Tick / untick"), key_display="space", id="criteria.toggle"),
        Binding("d", "screen.delete", N_("Delete"), id="criteria.delete"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.items: list[CriterionResult] = []

    def show_items(self, readiness: WaveReadiness, *, select: int | None) -> None:
        keep = select if select is not None else (self.item_at_cursor().id if self.item_at_cursor() else None)
        self.items = list(readiness.criteria)
        self.clear(columns=True)
        self.add_column(_("Met"), width=max(met_width(), len(_("Met"))))
        self.add_column(_("Criterion"), width=40)
        self.add_column(_("Measured"), width=46)
        for item in self.items:
            self.add_row(met_label(item.met), literal(item.name), literal(item.figure))
        ids = [c.id for c in self.items]
        if keep in ids:
            self.move_cursor(row=ids.index(keep))

    def item_at_cursor(self) -> CriterionResult | None:
        row = self.cursor_coordinate.row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None


class CriteriaDialog(ReportsFailures, ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", N_("Close"), id="criteria.close")]
    DEFAULT_CSS = """
    CriteriaDialog { align: center middle; }
    CriteriaDialog > Vertical { width: 100; max-width: 100%; height: 22; max-height: 95%;
        border: thick $primary;
        background: $surface; padding: 0 1; }
    CriteriaDialog CriteriaTable { height: 1fr; }
    CriteriaDialog #criteria-message { height: auto; color: $text-muted; }
    CriteriaDialog #criteria-message.refused { color: $error; text-style: bold; }
    CriteriaDialog #criteria-hint { color: $text-muted; }
    """

    def __init__(self, wave_id: int, wave_name: str, *, today: date) -> None:
        super().__init__()
        self.wave_id = wave_id
        self.wave_name = wave_name
        self.today = today
        self.select_after_load: int | None = None
        self.say_after_load: tuple[str, bool] | None = None  # what a write did, said over the readiness

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = literal(_("Readiness criteria of {name}").format(name=self.wave_name))
        with box:
            yield Static(_("Loading…"), id="criteria-message", markup=False)
            yield CriteriaTable(id="criteria-table")
            yield Static(
                _("a add · e edit · space tick a manual one · d delete · esc close"),
                id="criteria-hint",
                markup=False,
            )

    @property
    def table(self) -> CriteriaTable:
        return self.query_one(CriteriaTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="criteria-load", exit_on_error=False)
    def load(self) -> None:
        found = self.app.db.read(lambda s: wave_readiness(s, wave_id=self.wave_id, today=self.today))
        self.app.call_from_thread(self.show, found)

    def show(self, readiness: WaveReadiness) -> None:
        select, self.select_after_load = self.select_after_load, None
        said, self.say_after_load = self.say_after_load, None
        self.table.show_items(readiness, select=select)
        if said is not None:
            self.say(said[0], refused=said[1])
        elif not readiness.criteria:
            self.say(_("No criteria yet: press a to add one."))
        else:
            self.say(_("Readiness {label}.").format(label=readiness.label))

    def say(self, message: str, *, refused: bool = False) -> None:
        line = self.query_one("#criteria-message", Static)
        line.update(Text(message))
        line.set_class(refused, "refused")

    # -- writes ----------------------------------------------------------------------------
    @work(thread=True, group="criteria-write", exit_on_error=False)
    def run_write(self, fn: Callable[[Session], Any], message: str) -> None:
        try:
            result = self.app.db.write(fn)
        except CockpitError as error:
            self.app.call_from_thread(self.load_saying, str(error), refused=True)
            return
        self.app.call_from_thread(self.written, result, message)

    def written(self, result: Any, message: str) -> None:
        if isinstance(result, int):
            self.select_after_load = result
        self.load_saying(message)

    def load_saying(self, message: str, *, refused: bool = False) -> None:
        """Reload, then say `message`: the load's own line ("Readiness …") must not cover it."""
        self.say_after_load = (message, refused)
        self.load()

    def open_form(self, kind: str, *, item: CriterionResult | None = None) -> None:
        def save(session: Session, values: dict[str, Any]) -> int:
            if item is None:
                return ws.add_criterion(
                    session=session, wave_id=self.wave_id, values={**values, "kind": kind}
                )
            ws.update_criterion(
                session=session,
                criterion_id=item.id,
                values=values,
                expected_version=values["version"],
                original=values["original"],
            )
            return item.id

        def done(criterion_id: int | None) -> None:
            if criterion_id is not None:
                self.select_after_load = criterion_id
                self.load()

        if item is None:
            values: dict[str, Any] = {"threshold": DEFAULT_COVERAGE_THRESHOLD, "met": False}
        else:
            values = {
                "threshold": item.threshold,
                "met": item.met,
                "note": item.note,
                "version": item.version,
            }
            values["name"] = item.name if kind == "manual" else ""
        title = measured_name(kind) if kind != "manual" else _("Manual criterion")
        record = ("wave_criterion", item.id) if item else None
        self.app.push_screen(FormDialog(title, FORM_FIELDS[kind], save, values=values, record=record), done)

    def action_add(self) -> None:
        def picked(choice: Choice | None) -> None:
            if choice is None or choice.id is None:
                return
            kind = CRITERION_KINDS[choice.id]
            if kind in FORM_FIELDS:
                self.open_form(kind)
            else:
                self.run_write(
                    lambda s: ws.add_criterion(session=s, wave_id=self.wave_id, values={"kind": kind}),
                    _("Added: {name}.").format(name=measured_name(kind)),
                )

        self.app.push_screen(PickerDialog(_("Add a criterion"), kind_choices), picked)

    def action_edit(self) -> None:
        item = self.table.item_at_cursor()
        if item is None:
            return
        if item.kind not in FORM_FIELDS:
            self.say(_("'{name}' is measured and has nothing to set.").format(name=item.name), refused=True)
            return
        self.open_form(item.kind, item=item)

    def action_toggle(self) -> None:
        item = self.table.item_at_cursor()
        if item is None:
            return
        if item.kind != "manual":
            self.say(
                _("'{name}' is measured from the data; it cannot be ticked.").format(name=item.name),
                refused=True,
            )
            return
        values = {"name": item.name, "met": not item.met, "note": item.note}
        self.run_write(
            lambda s: ws.update_criterion(
                session=s, criterion_id=item.id, values=values, expected_version=item.version
            ),
            (_("'{name}' is met now.") if not item.met else _("'{name}' is not met now.")).format(
                name=item.name
            ),
        )

    def action_delete(self) -> None:
        item = self.table.item_at_cursor()
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_write(
                    lambda s: ws.delete_criterion(
                        session=s, criterion_id=item.id, expected_version=item.version
                    ),
                    _("Deleted the criterion '{name}'.").format(name=item.name),
                )

        self.app.push_screen(
            ConfirmDialog(_("Delete the criterion '{name}'?").format(name=item.name), yes=_("Delete")),
            confirmed,
        )

    def action_close(self) -> None:
        self.dismiss(None)
