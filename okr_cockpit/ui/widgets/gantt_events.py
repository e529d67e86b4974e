"""One-line descriptions of events for the timeline's list and status line, and new-cycle defaults."""

from datetime import date, timedelta
from typing import Any

from rich.text import Text

from okr_cockpit.i18n import _, format_day, month_abbreviation
from okr_cockpit.i18n.values import kind_short
from okr_cockpit.services.events.cycles import CycleInfo, EventInfo
from okr_cockpit.ui.glyphs import EVENT_STATUS_GLYPHS, OVERDUE, literal, word


def status_mark(item: EventInfo, today: date) -> str:
    """Glyph and word; an overdue planned event says so, since colour alone must never tell."""
    if item.is_overdue(today):
        return _("{overdue} overdue").format(overdue=OVERDUE)
    if item.start_on is None:
        return _("? unscheduled")
    return f"{EVENT_STATUS_GLYPHS.get(item.status, '?')} {word(item.status)}"


def dates_of(item: EventInfo) -> str:
    if item.start_on is None:
        return _("not scheduled")
    if item.end_on and item.end_on != item.start_on:
        return f"{format_day(item.start_on)} – {format_day(item.end_on)}"
    times = clock_of(item)
    return f"{format_day(item.start_on)} {times}" if times else format_day(item.start_on)


def clock_of(item: EventInfo) -> str:
    """`09:30–10:30` for a meeting, "" for an all-day event."""
    if item.start_time is None or item.ends_at is None:
        return ""
    return f"{item.start_time:%H:%M}–{item.ends_at:%H:%M}"


def short_date(day: date | None) -> str:
    return _("{month} {day:>2}").format(month=month_abbreviation(day.month), day=day.day) if day else "—"


def event_line(item: EventInfo, today: date, *, long: bool = False) -> Text:
    """Compact for the lists (`! Oct 29 check-in Service Desk · Lena Engel`), or the full status line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    overdue = item.is_overdue(today)
    if long:
        text.append(f"{status_mark(item, today)} · {dates_of(item)} · {word(item.kind)} · ")
    else:
        glyph = OVERDUE if overdue else EVENT_STATUS_GLYPHS.get(item.status, "?")
        text.append(f"{glyph} {short_date(item.start_on)} {kind_short(item.kind):<10} ")
    text.append_text(literal(item.scope))
    text.append(" · ")
    text.append_text(literal(item.facilitator))
    if long:
        text.append(_(" · cycle {cycle}").format(cycle=item.cycle))
    if overdue:
        text.stylize("bold")
    return text


def next_cycle_defaults(last: CycleInfo | None, today: date) -> dict[str, Any]:
    """Suggest the quarter after the last cycle (or the current quarter), named like 2027-Q1."""
    start = last.end_on + timedelta(days=1) if last else date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter = (start.month - 1) // 3 + 1
    if start.day == 1 and start.month in (1, 4, 7, 10):
        end_month = start.month + 2
        end = date(start.year, end_month % 12 + 1, 1) if end_month < 12 else date(start.year + 1, 1, 1)
        return {
            "name": f"{start.year}-Q{quarter}",
            "start_on": start.isoformat(),
            "end_on": (end - timedelta(days=1)).isoformat(),
            "state": "planned",
        }
    return {
        "name": "",
        "start_on": start.isoformat(),
        "end_on": (start + timedelta(weeks=13) - timedelta(days=1)).isoformat(),
        "state": "planned",
    }
