"""What the Timeline screen loads in one worker: Gantt window, cycles, waves, overdue and upcoming events."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from okr_cockpit.services.events import cycles as svc
from okr_cockpit.services.events.cycles import CycleInfo, EventInfo
from okr_cockpit.services.events.time_zone import cockpit_time_zone
from okr_cockpit.services.events.window import TimelineWindow, timeline_window
from okr_cockpit.services.rollout.waves import list_waves
from okr_cockpit.ui.glyphs import decision_label
from okr_cockpit.ui.widgets.gantt_render import WaveSpan

LIST_LENGTH = 6  # the lists below the chart at least: what fits in seven lines under a title


@dataclass(frozen=True)
class TimelineRequest:
    seq: int
    start: date
    end: date
    row_offset: int
    row_limit: int
    list_length: int = LIST_LENGTH  # events in each list below the chart: as many as it has lines for


@dataclass(frozen=True)
class TimelineData:
    request: TimelineRequest
    window: TimelineWindow
    cycles: list[CycleInfo]
    overdue: list[EventInfo]
    overdue_total: int
    upcoming: list[EventInfo]
    time_zone: str  # the cockpit's, in which meeting times are written
    waves: list[WaveSpan]


def fetch_timeline(session: Session, request: TimelineRequest, *, today: date) -> TimelineData:
    window = timeline_window(
        session,
        today=today,
        start=request.start,
        end=request.end,
        row_offset=request.row_offset,
        row_limit=request.row_limit,
    )
    overdue, total = svc.overdue_events(session, today=today, limit=request.list_length)
    upcoming = svc.upcoming_events(session, today=today, limit=request.list_length)
    cycles = svc.list_cycles(session)
    waves = [  # a wave with only one of its dates is drawn on that day
        WaveSpan(w.name, first, w.go_live_on or first, decision_label(w.shown_decision))
        for w in list_waves(session)
        if (first := w.start_on or w.go_live_on)
    ]
    return TimelineData(request, window, cycles, overdue, total, upcoming, cockpit_time_zone(session), waves)
