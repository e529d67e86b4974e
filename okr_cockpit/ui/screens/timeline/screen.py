"""Screen 4: the OKR cycles and their events as a terminal Gantt, with the overdue and upcoming list below.

The chart widget keeps the view; this screen fetches the window around it in a worker (rows and
dates in view plus a margin) and only fetches again when the view leaves that window.
"""

from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.cycles import CycleInfo, EventInfo
from okr_cockpit.services.labels import event_label
from okr_cockpit.ui.dialogs.event_details import event_details, process_changes
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.template_plan import TemplatePlanDialog
from okr_cockpit.ui.forms.event import (
    add_cycle_dialog,
    add_event_dialog,
    edit_cycle_dialog,
    edit_event_dialog,
)
from okr_cockpit.ui.glyphs import word
from okr_cockpit.ui.messages import DatabaseChanged
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.event_list import EventList
from okr_cockpit.ui.widgets.gantt import GanttChart
from okr_cockpit.ui.widgets.gantt_data import LIST_LENGTH, TimelineData, TimelineRequest, fetch_timeline
from okr_cockpit.ui.widgets.gantt_events import event_line, next_cycle_defaults
from okr_cockpit.ui.widgets.gantt_render import Band
from okr_cockpit.ui.widgets.list_keys import list_moves


def key(k: str, action: str, description: str, *, show: bool = True, display: str | None = None) -> Binding:
    return Binding(
        k, action, description, show=show, key_display=display, id=f"timeline.{action.split('(')[0]}"
    )


class TimelineScreen(CockpitScreen):
    MODE = "timeline"
    BINDINGS = [
        # Footer order: what a user does most on this screen first; `?` lists every key.
        key("a", "add_event", N_("Add event")),
        key("e", "edit_event", N_("Edit event")),
        key("x", "mark_done", N_("Mark done")),
        key("X", "cancel_event", N_("Cancel event")),
        key("d", "delete_event", N_("Delete event")),
        key("enter", "details", N_("Details"), display="⏎"),
        key("p", "plan", N_("Plan from template")),
        key("z", "zoom", N_("Zoom week/month/quarter")),
        key("t", "today", N_("Today")),
        key("h", "pan(-4)", N_("Earlier"), show=False),
        key("l", "pan(4)", N_("Later"), show=False),
        Binding("less_than_sign", "page(-1)", N_("Page earlier"), key_display="<", show=False,
                id="timeline.page_earlier"),
        Binding("greater_than_sign", "page(1)", N_("Page later"), key_display=">", show=False,
                id="timeline.page_later"),
        Binding(
            "left_square_bracket",
            "cycle(-1)",
            N_("Previous cycle"),
            key_display="[",
            show=False,
            id="timeline.prev",
        ),
        Binding(
            "right_square_bracket",
            "cycle(1)",
            N_("Next cycle"),
            key_display="]",
            show=False,
            id="timeline.next",
        ),
        *list_moves("rows(-1000000)", "rows(1000000)", down="rows(1)", up="rows(-1)"),
        Binding("pagedown", "rows(10)", N_("Rows down a page"), show=False, id="timeline.page_down"),
        Binding("pageup", "rows(-10)", N_("Rows up a page"), show=False, id="timeline.page_up"),
        key("n", "add_cycle", N_("New cycle"), show=False),
        key("E", "edit_cycle", N_("Edit cycle"), show=False),
    ]
    DEFAULT_CSS = """
    TimelineScreen #tl-selected { height: 1; padding: 0 1; background: $panel; }
    TimelineScreen #tl-lists { height: 25%; min-height: 7; }  /* a taller terminal lists more events */
    TimelineScreen .tl-list { width: 1fr; height: 100%; border: none;
        text-wrap: nowrap; text-overflow: ellipsis; }
    TimelineScreen .tl-list:focus { border: none; background: $boost; }
    """

    def compose_body(self) -> ComposeResult:
        yield GanttChart(today=self.app.today(), id="gantt")
        yield Static("", id="tl-selected", markup=False)
        with Horizontal(id="tl-lists"):
            yield EventList(id="tl-overdue", classes="tl-list")
            yield EventList(id="tl-upcoming", classes="tl-list")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seq = 0
        self.shown_seq = -1
        self.request: TimelineRequest | None = None
        self.cycles: list[CycleInfo] = []
        self.listed: dict[str, EventInfo] = {}
        self.pending_cycle: int | None = None  # a reveal that arrived before the cycles were loaded
        self.pinned_cycle: int | None = None
        self.time_zone = "UTC"  # the cockpit's, from the last load

    def on_mount(self) -> None:
        super().on_mount()
        self.chart.focus()

    @property
    def chart(self) -> GanttChart:
        return self.query_one("#gantt", GanttChart)

    # -- loading ---------------------------------------------------------------------------
    def on_database_changed(self, message: DatabaseChanged) -> None:
        # The message would bubble back to the app, which posts it to the screen again: a reload loop.
        message.stop()
        message.prevent_default()
        self.reload()

    def reload(self) -> None:
        chart = self.chart
        start, end = chart.view_range()
        span = end - start
        rows = chart.visible_rows
        self.seq += 1
        self.request = TimelineRequest(
            self.seq, start - span, end + span, max(0, chart.top - rows), rows * 3, self.list_length()
        )
        self.load()

    def list_length(self) -> int:
        """Events for each list below the chart: as many as its lines under the title."""
        return max(LIST_LENGTH, self.query_one("#tl-overdue", EventList).size.height - 1)

    def on_resize(self) -> None:
        self.call_after_refresh(self.resized)  # the lists have their new height after the refresh

    def resized(self) -> None:
        if self.request is not None and self.list_length() != self.request.list_length:
            self.reload()

    def fetch(self, session: Session) -> TimelineData:
        return fetch_timeline(session, self.request, today=self.app.today())

    def show(self, data: TimelineData) -> None:
        if data.request.seq < self.shown_seq:
            return  # an older window that finished after a newer one
        self.shown_seq = data.request.seq
        self.cycles = data.cycles
        self.time_zone = data.time_zone
        self.chart.set_window(data.window)
        self.chart.set_waves(data.waves)
        self.show_list(data)
        if self.pending_cycle is not None:
            self.jump_to_cycle(self.pending_cycle)
            self.pending_cycle = None
        self.view_moved()

    def show_list(self, data: TimelineData) -> None:
        self.listed = {}
        title = (
            _("Overdue ({count})").format(count=data.overdue_total)
            if data.overdue_total
            else _("Overdue: none")
        )
        self.fill_list("#tl-overdue", title, "o", data.overdue)
        upcoming = _("Upcoming") if data.upcoming else _("Upcoming: none planned")
        self.fill_list("#tl-upcoming", upcoming, "u", data.upcoming)

    def fill_list(self, selector: str, title: str, prefix: str, items: list[EventInfo]) -> None:
        rows = []
        for item in items:
            rows.append((f"{prefix}{item.id}", event_line(item, self.app.today())))
            self.listed[f"{prefix}{item.id}"] = item
        self.query_one(selector, EventList).fill(title, rows)

    @on(GanttChart.ViewChanged)
    def view_moved(self) -> None:
        chart = self.chart
        chart.set_cycles(
            [Band(c.id, c.name, c.start_on, c.end_on) for c in self.cycles], self.current_cycle_id()
        )
        selected = chart.selected_event()
        status = self.query_one("#tl-selected", Static)
        status.update(
            event_line(selected, self.app.today(), long=True)
            if selected
            else _("No event in view on this row.")
        )
        start, end = chart.view_range()
        window = chart.window
        if window is not None and not window.covers(start, end, chart.top, chart.top + chart.visible_rows):
            self.reload()

    # -- view ------------------------------------------------------------------------------
    def current_cycle_id(self) -> int | None:
        """The cycle jumped to (while it is in view), else the one at the chart's focus date."""
        start, end = self.chart.view_range()
        pinned = next((c for c in self.cycles if c.id == self.pinned_cycle), None)
        if pinned is not None and pinned.start_on <= end and pinned.end_on >= start:
            return pinned.id
        focus = self.chart.focus_date()
        inside = [c for c in self.cycles if c.contains(focus)]
        if inside:
            return inside[-1].id
        before = [c for c in self.cycles if c.start_on <= focus]
        return before[-1].id if before else (self.cycles[0].id if self.cycles else None)

    def current_cycle(self) -> CycleInfo | None:
        wanted = self.current_cycle_id()
        return next((c for c in self.cycles if c.id == wanted), None)

    def jump_to_cycle(self, cycle_id: int) -> None:
        found = next((c for c in self.cycles if c.id == cycle_id), None)
        if found is not None:
            self.pinned_cycle = found.id
            self.chart.center_on(found.start_on, at=0.1)
            self.chart.changed()

    def reveal(self, entity: str, entity_id: int) -> None:
        if entity != "cycle":
            return
        if self.cycles and self.is_mounted:
            self.jump_to_cycle(entity_id)
        else:
            self.pending_cycle = entity_id

    def action_pan(self, columns: int) -> None:
        self.chart.pan(columns)

    def action_page(self, pages: int) -> None:
        self.chart.page(pages)

    def action_zoom(self) -> None:
        self.chart.next_zoom()
        self.notify(_("Zoom: {zoom_name}").format(zoom_name=_(self.chart.zoom_name)), timeout=1.5)

    def action_today(self) -> None:
        self.pinned_cycle = None
        self.chart.show_date(self.app.today())

    def action_cycle(self, step: int) -> None:
        current = self.current_cycle()
        if current is None:
            self.notify(_("There are no cycles yet; n adds one."), severity="warning")
            return
        index = self.cycles.index(current) + step
        if 0 <= index < len(self.cycles):
            self.jump_to_cycle(self.cycles[index].id)
        else:
            self.jump_to_cycle(current.id)

    def action_rows(self, rows: int) -> None:
        self.chart.move_cursor(rows)

    # -- events ----------------------------------------------------------------------------
    def target_event(self) -> EventInfo | None:
        """The event the keys act on: the list's highlighted one when the list has focus, else the chart's."""
        for listing in self.query(".tl-list").results(OptionList):
            if listing.has_focus:  # never the chart's event while the user looks at a list
                index = listing.highlighted
                option = None if index is None else listing.get_option_at_index(index)
                found = self.listed.get(option.id or "") if option is not None else None
                if found is None:
                    warning = _("No event of this list is highlighted: move to one with j/k.")
                    self.notify(warning, severity="warning")
                return found
        found = self.chart.selected_event()
        if found is None:
            self.notify(_("No event selected: move to a row with an event in view."), severity="warning")
        return found

    @on(OptionList.OptionSelected, ".tl-list")
    def list_selected(self, event: OptionList.OptionSelected) -> None:
        item = self.listed.get(event.option.id or "")
        if item is not None:
            self.open_details(item)

    def action_details(self) -> None:
        item = self.target_event()
        if item is not None:
            self.open_details(item)

    @work(thread=True, group="details", exit_on_error=False)
    def open_details(self, item: EventInfo) -> None:
        current, changes = self.app.db.read(
            lambda session: (svc.get_event(session, item.id), process_changes(session, item.cycle_id))
        )
        if current is None:
            self.app.call_from_thread(
                self.notify, _("That event was deleted by someone else."), severity="warning"
            )
            return
        body = event_details(current, changes, today=self.app.today(), time_zone=self.time_zone)
        self.app.call_from_thread(
            self.app.push_screen,
            MessageDialog(event_label(current.kind, current.scope, current.start_on), body),
        )

    def saved(self, message: str):
        def done(result) -> None:
            if result is not None:
                self.notify(message)
                self.reload()

        return done

    def action_add_event(self) -> None:
        if not self.can_write():
            return
        if not self.cycles:
            self.notify(_("Add a cycle first (n): every event belongs to one."), severity="warning")
            return
        row = self.chart.row_at(self.chart.cursor)
        current = self.current_cycle()
        defaults = {"cycle_id": current.id if current else None}
        labels = {}
        if row is not None:
            defaults.update(kind=row.kind, unit_id=row.unit_id)
            labels["unit_id"] = row.scope if row.unit_id is not None else ""
        self.app.push_screen(
            add_event_dialog(self.cycles, defaults=defaults, labels=labels, time_zone=self.time_zone),
            self.saved(_("Event added.")),
        )

    def action_edit_event(self) -> None:
        item = self.target_event()
        if item is not None and self.can_write():
            dialog = edit_event_dialog(self.cycles, item, time_zone=self.time_zone)
            self.app.push_screen(dialog, self.saved(_("Event saved.")))

    def marked_events(self) -> list[EventInfo]:
        return [self.listed[key] for listing in self.query(EventList) for key in listing.marked()]

    def set_status(self, status: str, message: str) -> None:
        marked = self.marked_events()
        if marked:
            self.set_status_of_marked(marked, status)
            return
        item = self.target_event()
        if item is None:
            return
        if item.status == status:
            self.notify(_("This event is already {status}.").format(status=word(status)))
            return
        self.write(
            lambda s: svc.set_event_status(
                session=s, event_id=item.id, status=status, expected_version=item.version
            ),
            done=lambda _result: self.notify(message),
        )

    def set_status_of_marked(self, marked: list[EventInfo], status: str) -> None:
        """x / X with events marked: all of them at once, those already so left as they are."""
        changing = [item for item in marked if item.status != status]
        if not changing:
            self.notify(_("The marked events are already {status}.").format(status=word(status)))
            return
        count = len(changing)

        def apply(session: Session) -> int:
            for item in changing:  # each with the version the user saw: a changed one refuses them all
                svc.set_event_status(
                    session=session, event_id=item.id, status=status, expected_version=item.version
                )
            return count

        def done(_count: int) -> None:
            for listing in self.query(EventList):
                listing.clear_marks()
            self.notify(
                ngettext(
                    "{count:,} event is now {status}.", "{count:,} events are now {status}.", count
                ).format(count=count, status=word(status))
            )

        question = (
            ngettext("Mark {count:,} event done?", "Mark {count:,} events done?", count)
            if status == "done"
            else ngettext("Cancel {count:,} event?", "Cancel {count:,} events?", count)
        )
        self.confirm_bulk(
            question.format(count=count),
            yes=_("Mark done") if status == "done" else _("Cancel events"),
            apply=apply,
            names=[event_line(item, self.app.today()).plain for item in changing],
            done=done,
        )

    def action_mark_done(self) -> None:
        self.set_status("done", _("Marked done."))

    def action_cancel_event(self) -> None:
        self.set_status("cancelled", _("Event cancelled."))

    def action_delete_event(self) -> None:
        item = self.target_event()
        if item is None:
            return
        line = event_line(item, self.app.today(), long=True)
        self.delete_record(
            label=_("The {word} event of {scope}").format(word=word(item.kind), scope=item.scope),
            delete=lambda s, version: svc.delete_event(session=s, event_id=item.id, expected_version=version),
            version=item.version,
            done=lambda _result: self.notify(_("Event deleted.")),
            question=_("Delete this event?") + f"\n\n{line.plain}",
        )

    def selected_record(self) -> tuple[str, int] | None:
        item = self.chart.selected_event()
        return ("cycle_event", item.id) if item is not None else None

    # -- cycles ----------------------------------------------------------------------------
    def action_add_cycle(self) -> None:
        if self.can_write():
            defaults = next_cycle_defaults(self.cycles[-1] if self.cycles else None, self.app.today())
            self.app.push_screen(add_cycle_dialog(defaults), self.saved(_("Cycle added.")))

    def action_edit_cycle(self) -> None:
        current = self.current_cycle()
        if current is None:
            self.notify(_("There are no cycles yet; n adds one."), severity="warning")
        elif self.can_write():
            self.app.push_screen(edit_cycle_dialog(current), self.saved(_("Cycle saved.")))

    def action_plan(self) -> None:
        if not self.can_write():
            return
        if not self.cycles:
            self.notify(_("Add a cycle first (n), then plan its events."), severity="warning")
            return
        dialog = TemplatePlanDialog(self.cycles, cycle_id=self.current_cycle_id(), today=self.app.today())
        self.app.push_screen(dialog, self.planned)

    def planned(self, created: int | None) -> None:
        if created is not None:
            self.notify(_("Created {created} events from the template.").format(created=created))
            self.reload()
