"""The body of an event's details dialog, including the process changes in effect for its cycle.

Process changes come from `services/learnings.py` (issue 9) when it exists; without it the details
say that no change log is available rather than failing.
"""

from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.ui.glyphs import literal, word
from okr_cockpit.ui.widgets.gantt_events import clock_of, dates_of, status_mark


def process_changes(session: Session, cycle_id: int) -> list[Any] | None:
    """The changes in effect for the cycle, or None when the learnings service is not there."""
    try:
        from okr_cockpit.services.process.learnings import changes_in_effect
    except ImportError:
        return None
    return list(changes_in_effect(session, cycle_id))


def describe_change(item: Any) -> Text:
    """A change as one line, whatever shape the learnings service gives it."""
    if isinstance(item, str):
        return literal(item)
    text = Text()
    for name in ("change", "lesson", "summary", "title", "name"):
        value = getattr(item, name, None)
        if value:
            text.append_text(literal(value))
            break
    else:
        text.append_text(literal(item))
    status = getattr(item, "status", None)
    if status:
        text.append(f"  ({word(str(status))})", style="dim")
    owner = getattr(item, "owner", None)
    if owner:
        text.append(_("  owner: "), style="dim")
        text.append_text(literal(owner))
    return text


def time_of(item: EventInfo, time_zone: str) -> str:
    """`09:30–10:30 (60 min, Europe/Berlin)`, or all day."""
    clock = clock_of(item)
    if not clock:
        return _("all day")
    return _("{clock} ({minutes} min, {time_zone})").format(
        clock=clock, minutes=item.duration_minutes, time_zone=time_zone
    )


def event_details(item: EventInfo, changes: list[Any] | None, *, today: date, time_zone: str) -> Group:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value")
    for label, value in (
        (N_("Kind"), word(item.kind)),
        (N_("Status"), status_mark(item, today)),
        (N_("Dates"), dates_of(item)),
        (N_("Time"), time_of(item, time_zone)),
        (N_("Scope"), literal(item.scope)),
        (N_("Facilitator"), literal(item.facilitator)),
        (N_("Cycle"), literal(item.cycle)),
        (N_("Notes"), literal(item.notes or "—")),
    ):
        table.add_row(_(label), value)
    heading = Text(
        _("\nProcess changes in effect for cycle {cycle}").format(cycle=item.cycle), style="underline"
    )
    if changes is None:
        body = Text(_("(The learnings log is not available in this version.)"), style="dim")
    elif not changes:
        body = Text(_("None recorded for this cycle."), style="dim")
    else:
        body = Text("\n").join(Text("• ") + describe_change(change) for change in changes)
    return Group(table, heading, body)
