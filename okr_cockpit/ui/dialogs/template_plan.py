"""Plan a cycle from the template: choose cycle and unit subtree, read the preview, then confirm.

Nothing is written until the user confirms; then every new event is written in one transaction.
Dismisses with the number of events created, or None when cancelled.
"""

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.events.cycles import CycleInfo
from okr_cockpit.services.events.template import TemplatePlan, apply_template_plan, plan_from_template
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.forms.event import cycle_label, unit_choices
from okr_cockpit.ui.glyphs import WARNING, literal, word

WHOLE_ORG = N_("Whole organisation")
PREVIEW_ROWS = 300  # the table shows the first events; the counts above it cover all


def preview_body(plan: TemplatePlan) -> Group:
    summary = Text()
    summary.append(_("Cycle {cycle} · ").format(cycle=plan.cycle), style="bold")
    summary.append_text(literal(plan.root))
    summary.append(_("\n{teams} teams get the standard events").format(teams=plan.teams))
    if plan.teams_skipped:
        summary.append(
            _("; {teams_skipped} skipped (not started, paused or exempt)").format(
                teams_skipped=plan.teams_skipped
            )
        )
    summary.append(_("\n{count} new events").format(count=len(plan.new_events)), style="bold")
    if plan.existing:
        summary.append(_(", {existing} already exist and are left alone").format(existing=plan.existing))
    if plan.teams_without_coach:
        names = ", ".join(plan.teams_without_coach[:5])
        extra = len(plan.teams_without_coach) - 5
        more = _(" and {count} more").format(count=extra) if extra > 0 else ""
        summary.append(
            _("\n{WARNING} no primary coach, so no facilitator: {names}{more}").format(
                WARNING=WARNING, names=names, more=more
            )
        )
    table = Table(box=None, pad_edge=False, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column(_("dates"), no_wrap=True)
    table.add_column(_("kind"), no_wrap=True)
    table.add_column(_("scope"), ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column(_("facilitator"), ratio=1, no_wrap=True, overflow="ellipsis")
    for item in plan.events[:PREVIEW_ROWS]:
        dates = format_day(item.start_on) + (
            f" – {item.end_on:%m-%d}" if item.end_on != item.start_on else ""
        )
        table.add_row(
            "=" if item.exists else "+",
            dates,
            word(item.kind),
            literal(item.scope),
            literal(item.facilitator),
        )
    footer = Text(_("+ new   = exists (skipped)"), style="dim")
    if len(plan.events) > PREVIEW_ROWS:
        footer.append(_("   … {value} more not listed").format(value=len(plan.events) - PREVIEW_ROWS))
    return Group(summary, Text(""), table, footer)


class TemplatePlanDialog(ReportsFailures, ModalScreen[int | None]):
    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("Create events"), id="template.confirm"),
        Binding("escape", "cancel", N_("Cancel"), id="template.cancel"),
    ]
    DEFAULT_CSS = """
    TemplatePlanDialog { align: center middle; }
    TemplatePlanDialog > Vertical { width: 100; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; }
    TemplatePlanDialog .row { height: auto; }
    TemplatePlanDialog Select { width: 1fr; }
    TemplatePlanDialog #tpl-unit { width: 1fr; }
    TemplatePlanDialog VerticalScroll { height: 1fr; border: round $panel; }
    TemplatePlanDialog #tpl-buttons { height: auto; align-horizontal: right; }
    TemplatePlanDialog #tpl-buttons Button { margin-left: 2; }
    """

    def __init__(self, cycles: list[CycleInfo], *, cycle_id: int | None, today) -> None:
        super().__init__()
        self.cycles = cycles
        self.cycle_id = cycle_id if cycle_id is not None else cycles[-1].id
        self.unit_id: int | None = None
        self.today = today
        self.plan: TemplatePlan | None = None

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = _("Plan from template")
        with box:
            with Horizontal(classes="row"):
                options = [(cycle_label(c), c.id) for c in reversed(self.cycles)]
                yield Select(options, value=self.cycle_id, allow_blank=False, id="tpl-cycle")
                yield Button(_("{WHOLE_ORG}  ⏎ change").format(WHOLE_ORG=_(WHOLE_ORG)), id="tpl-unit")
            with VerticalScroll():
                yield Static(_("Preparing the preview…"), id="tpl-preview", markup=False)
            with Horizontal(id="tpl-buttons"):
                yield Button(_("Create events (ctrl+s)"), id="tpl-create", variant="primary", disabled=True)
                yield Button(_("Cancel (esc)"), id="tpl-cancel")

    def on_mount(self) -> None:
        self.refresh_preview()

    @on(Select.Changed, "#tpl-cycle")
    def cycle_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.cycle_id:
            self.cycle_id = event.value
            self.refresh_preview()

    @on(Button.Pressed, "#tpl-unit")
    def pick_unit(self) -> None:
        def picked(choice: Choice | None) -> None:
            if choice is None:
                return
            self.unit_id = choice.id
            label = choice.label if choice.id is not None else _(WHOLE_ORG)
            self.query_one("#tpl-unit", Button).label = _("{WHOLE_ORG}  ⏎ change").format(WHOLE_ORG=label)
            self.refresh_preview()

        self.app.push_screen(PickerDialog(_("Unit subtree"), unit_choices, allow_none=_(WHOLE_ORG)), picked)

    @on(Button.Pressed, "#tpl-create")
    def create_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#tpl-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def refresh_preview(self) -> None:
        self.plan = None
        self.query_one("#tpl-create", Button).disabled = True
        self.query_one("#tpl-preview", Static).update(_("Preparing the preview…"))
        self.make_preview(self.cycle_id, self.unit_id)

    @work(thread=True, exclusive=True, group="template-preview", exit_on_error=False)
    def make_preview(self, cycle_id: int, unit_id: int | None) -> None:
        try:
            plan = self.app.db.read(
                lambda session: plan_from_template(
                    session, cycle_id=cycle_id, root_unit_id=unit_id, today=self.today
                )
            )
        except CockpitError as error:
            self.app.call_from_thread(self.query_one("#tpl-preview", Static).update, str(error))
            return
        self.app.call_from_thread(self.show_plan, plan)

    def show_plan(self, plan: TemplatePlan) -> None:
        if plan.cycle_id != self.cycle_id or plan.root_unit_id != self.unit_id:
            return  # an older preview arriving late
        self.plan = plan
        self.query_one("#tpl-preview", Static).update(preview_body(plan))
        create = self.query_one("#tpl-create", Button)
        create.label = _("Create {count} events (ctrl+s)").format(count=len(plan.new_events))
        create.disabled = not plan.new_events

    def action_confirm(self) -> None:
        if self.plan is None or not self.plan.new_events:
            self.notify(_("Nothing to create for this choice."), severity="warning")
            return
        self.query_one("#tpl-create", Button).disabled = True
        self.write_plan(self.plan)

    @work(thread=True, exclusive=True, group="template-write", exit_on_error=False)
    def write_plan(self, plan: TemplatePlan) -> None:
        try:
            created = self.app.db.write(lambda session: apply_template_plan(session, plan=plan))
        except CockpitError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            self.app.call_from_thread(self.refresh_preview)
            return
        self.app.call_from_thread(self.dismiss, created)

    def action_cancel(self) -> None:
        self.dismiss(None)
