"""Screen 7: the rollout plan — waves in order with measured readiness and decisions, and process health.

Two tabs; `tab` switches. The wave table's keys add, edit, delete, reorder and decide waves, set
their criteria and add units by subtree; the health tab shows whether the cycle's events are held.
The dialog flows live in `actions.py`.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.events.cycles import list_cycles
from okr_cockpit.services.rollout import health as hs
from okr_cockpit.services.rollout import waves as ws
from okr_cockpit.services.rollout.detail import WaveDetail, wave_detail
from okr_cockpit.services.rollout.health import ProcessHealth
from okr_cockpit.services.rollout.readiness import WaveReadiness, waves_readiness
from okr_cockpit.services.rollout.waves import WaveInfo
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.screens.rollout import actions
from okr_cockpit.ui.screens.rollout.widgets import HealthView, WaveTable, health_text, wave_detail_text


@dataclass(frozen=True)
class RolloutData:
    waves: list[WaveInfo]
    readiness: dict[int, WaveReadiness]
    details: dict[int, WaveDetail]
    health: ProcessHealth | None  # loaded only while its tab is shown: it is the costly part
    cycle_ids: tuple[int, ...] = ()  # every cycle in date order, for [ and ] on the health tab


class RolloutScreen(CockpitScreen):
    MESSAGE_LINE = "rollout-message"
    MODE = "rollout"
    BINDINGS = [
        Binding("tab", "switch_tab", N_("Plan ⇄ health"), key_display="tab", id="rollout.switch_tab"),
    ]
    DEFAULT_CSS = """
    RolloutScreen TabbedContent { height: 1fr; }
    RolloutScreen TabPane { padding: 0; }
    RolloutScreen #rollout-message { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    RolloutScreen #rollout-message.refused { color: $error; text-style: bold; }
    RolloutScreen #wave-detail { height: 1fr; padding: 0 1; border-top: solid $panel; }
    RolloutScreen HealthView { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.data: RolloutData | None = None
        self.select_after_load: int | None = None
        self.health_cycle_id: int | None = None  # None: the cycle running today
        self.health_shown = False

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="rollout-tabs", initial="plan-pane"):
            with TabPane(_("Waves"), id="plan-pane"):
                yield Static(_("Loading…"), id="rollout-message", markup=False)
                yield WaveTable(id="wave-table")
                with VerticalScroll(id="wave-detail"):
                    yield Static("", id="wave-detail-text")
            with TabPane(_("Process health"), id="health-pane"), HealthView(id="health-view"):
                yield Static("", id="health-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Tabs).can_focus = False  # `tab` switches; the strip would only take keys
        self.table.focus()

    @property
    def table(self) -> WaveTable:
        return self.query_one("#wave-table", WaveTable)

    # -- loading ---------------------------------------------------------------------------
    def fetch(self, session: Session) -> RolloutData:
        today = self.app.today()
        waves = ws.list_waves(session)
        if not self.health_shown:
            health = None
        elif self.health_cycle_id is not None:
            health = hs.process_health(session, cycle_id=self.health_cycle_id, today=today)
        else:
            health = hs.current_health(session, today=today)
        return RolloutData(
            waves=waves,
            readiness=waves_readiness(session, today=today, wave_ids=[w.id for w in waves]),
            details={w.id: wave_detail(session, wave_id=w.id, today=today) for w in waves},
            health=health,
            cycle_ids=tuple(c.id for c in list_cycles(session)) if self.health_shown else (),
        )

    def show(self, data: RolloutData) -> None:
        self.data = data
        select, self.select_after_load = self.select_after_load, None
        self.table.show_waves(
            data.waves, data.readiness, marked=self.recently_changed("rollout_wave"), select=select
        )
        if not data.waves:
            self.say(_("No waves yet: press n to add the first one."))
        elif self.query_one("#rollout-message", Static).render().plain == _("Loading…"):
            count = len(data.waves)
            self.say(
                ngettext("{count} wave in plan order.", "{count} waves in plan order.", count).format(
                    count=count
                )
            )
        self.show_detail()
        shown = health_text(data.health) if self.health_shown else _("Loading…")
        self.query_one("#health-text", Static).update(shown)

    @on(DataTable.RowHighlighted, "#wave-table")
    def show_detail(self) -> None:
        item = self.table.wave_at_cursor()
        target = self.query_one("#wave-detail-text", Static)
        if item is None or self.data is None:
            target.update("")
            return
        target.update(
            wave_detail_text(item, self.data.readiness.get(item.id), self.data.details.get(item.id))
        )

    # -- messages --------------------------------------------------------------------------
    def changed(self, wave_id: int | None, message: str) -> None:
        """After a write: say what happened, put the cursor on the wave, reload."""
        self.say(message)
        self.select_after_load = wave_id
        self.reload()

    # -- tabs ------------------------------------------------------------------------------
    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "health-pane" if tabs.active == "plan-pane" else "plan-pane"

    @on(TabbedContent.TabActivated)
    def focus_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        (self.query_one(HealthView) if active == "health-pane" else self.table).focus()
        if active == "health-pane" and not self.health_shown:
            self.health_shown = True  # from now on every reload keeps it current
            self.reload()

    # -- actions (the flows are in actions.py) ----------------------------------------------
    def selected_wave(self) -> WaveInfo | None:
        item = self.table.wave_at_cursor()
        if item is None:
            self.say(_("There is no wave yet: press n to add one."), refused=True)
        return item

    def action_add_wave(self) -> None:
        actions.add_wave(self)

    def action_edit_wave(self) -> None:
        actions.edit_wave(self)

    @on(DataTable.RowSelected, "#wave-table")
    def open_selected(self) -> None:
        actions.edit_wave(self)  # enter on a wave opens it

    def action_delete_wave(self) -> None:
        actions.delete_wave(self)

    def action_move_wave(self, step: int) -> None:
        actions.move_wave(self, step)

    def action_decide(self) -> None:
        actions.decide(self)

    def action_add_units(self) -> None:
        actions.add_units(self)

    def action_criteria(self) -> None:
        actions.edit_criteria(self)

    def action_health_cycle(self, step: int) -> None:
        """The previous / next cycle's health; at either end it stays."""
        data = self.data
        if data is None or data.health is None or data.health.cycle_id not in data.cycle_ids:
            return
        index = data.cycle_ids.index(data.health.cycle_id) + step
        if 0 <= index < len(data.cycle_ids):
            self.health_cycle_id = data.cycle_ids[index]
            self.reload()
        else:  # said, so the key is not taken for broken
            self.notify(_("No earlier cycle.") if step < 0 else _("No later cycle."))

    def action_health_today(self) -> None:
        self.health_cycle_id = None
        self.reload()

    # -- navigation ------------------------------------------------------------------------
    def reveal(self, entity: str, entity_id: int) -> None:
        if entity == "rollout_wave":
            self.query_one(TabbedContent).active = "plan-pane"
            self.select_after_load = entity_id
            if self.data is not None:
                self.table.show_waves(self.data.waves, self.data.readiness, marked=set(), select=entity_id)

    def selected_record(self) -> tuple[str, int] | None:
        item = self.table.wave_at_cursor()
        return ("rollout_wave", item.id) if item else None
