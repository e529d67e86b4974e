"""The leadership report as Markdown: headings, short lists and pipe tables that read well as plain text."""

import re
from collections.abc import Iterable

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import ATTITUDES, ROLLOUT_STATES
from okr_cockpit.services.audit import entity_word
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.process.raci import render_raci_markdown
from okr_cockpit.services.reporting.facts import CHANGES_LIMIT, EVENT_LIMIT, LIST_LIMIT, Report
from okr_cockpit.services.reporting.text import (
    ACTIONS,
    change_line,
    event_title,
    figure_lines,
    percent,
    title_of,
    wave_decision_text,
    wave_readiness_text,
    word,
)

# Characters that would turn database text into Markdown structure (or HTML in most renderers).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(value: object) -> str:
    """Database text shown literally: Markdown characters escaped, line breaks folded."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def table(header: Iterable[str], rows: Iterable[Iterable[object]], *, right: int = 0) -> list[str]:
    """A pipe table; the last `right` columns are numbers, right-aligned."""
    header = list(header)
    align = ["---"] * (len(header) - right) + ["--:"] * right
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def more(shown: int, total: int) -> list[str]:
    return [f"… and {total - shown} more.", ""] if total > shown else []


def render_markdown(report: Report) -> str:
    sections = [
        header(report),
        rollout(report),
        coaches(report),
        events(report),
        stakeholders(report),
        changes(report),
        raci(report),
    ]
    return "\n".join(line for section in sections for line in section).rstrip() + "\n"


def header(report: Report) -> list[str]:
    lines = [f"# {title_of(report)}", "", f"As of {report.today.isoformat()}.", "", "## Summary", ""]
    lines += [f"- {md(caption)}: **{value}**" for caption, value in figure_lines(report)]
    return [*lines, ""]


def rollout(report: Report) -> list[str]:
    states = [word(s) for s in ROLLOUT_STATES]
    lines = ["## Rollout by wave", ""]
    lines += table(
        ["Wave", "Go-live", "Decision", "Readiness", *states, "Total"],
        (
            [
                md(w.wave),
                w.go_live_on.isoformat() if w.go_live_on else "—",
                wave_decision_text(report, w.wave, w.decision),
                wave_readiness_text(report, w.wave),
                *(w.counts.get(s, 0) for s in ROLLOUT_STATES),
                w.total,
            ]
            for w in report.overview.waves
        ),
        right=len(states) + 1,
    )
    lines += ["## Rollout by division", ""]
    lines += table(
        ["Division", *states, "Total", "Teams needing a coach", "With a primary coach", "Coverage"],
        (
            [
                md(d.name),
                *(d.counts.get(s, 0) for s in ROLLOUT_STATES),
                d.total,
                d.teams_needing_coach,
                d.teams_covered,
                percent(d.teams_covered, d.teams_needing_coach),
            ]
            for d in report.divisions
        ),
        right=len(states) + 4,
    )
    return lines


def coaches(report: Report) -> list[str]:
    cov = report.overview.coverage
    over = report.overview.over_capacity
    lines = ["## Coach coverage and load", ""]
    lines.append(
        f"{cov.teams_covered} of {cov.teams_needing_coach} teams in active waves have a primary coach "
        f"({cov.percent}%); {cov.teams_uncovered} without one."
    )
    lines += ["", f"{len(over)} of {report.overview.coaches_total} coaches are over capacity.", ""]
    loads = sorted(report.loads, key=lambda c: (-(c.load - c.capacity), fold(c.name), c.coach_id))[
        :LIST_LIMIT
    ]
    lines += table(
        ["Coach", "Status", "Load", "Teams", "Capacity"],
        (
            [md(c.name), word(c.status), "over capacity" if c.over_capacity else "ok", c.load, c.capacity]
            for c in loads
        ),
        right=2,
    )
    return lines + more(len(loads), len(report.loads))


def event_rows(found: list[EventInfo]) -> list[str]:
    return table(
        ["Date", "Event", "Facilitator", "Notes"],
        (
            [
                e.start_on.isoformat() if e.start_on else "—",
                md(event_title(e)),
                md(e.facilitator),
                md(e.notes[:80] + ("…" if len(e.notes) > 80 else "")),
            ]
            for e in found[:EVENT_LIMIT]
        ),
    ) + more(min(len(found), EVENT_LIMIT), len(found))


def events(report: Report) -> list[str]:
    found = report.cycle
    if found is None:
        return ["## Events", "", "No cycle is planned yet.", ""]
    lines = [
        f"## Events of cycle {md(found.name)}",
        "",
        f"{found.start_on.isoformat()} – {found.end_on.isoformat()}, {word(found.state)}.",
        "",
    ]
    lines += [f"- {word(kind)}: **{count}**" for kind, count in found.counts.items()]
    lines.append("")
    for title, items in (("Overdue", found.overdue), ("Upcoming", found.upcoming), ("Done", found.done)):
        lines += [f"### {title}", ""]
        lines += event_rows(items) if items else ["None.", ""]
    return lines


def stakeholders(report: Report) -> list[str]:
    overview = report.overview
    lines = ["## Stakeholders", "", "### Attitudes", ""]
    lines += table(
        ["Attitude", "Stakeholders"],
        ([word(a), overview.attitude_counts.get(a, 0)] for a in ATTITUDES),
        right=1,
    )
    if report.key_stakeholders:
        lines += ["### Key stakeholders (influence 4 or 5)", ""]
        lines += table(
            ["Stakeholder", "Role", "Influence", "Interest", "Attitude", "Desired", "Owner"],
            (
                [md(s.name), md(s.role), s.influence, s.interest, word(s.attitude), word(s.desired_attitude)]
                + [md(s.owner)]
                for s in report.key_stakeholders
            ),
        )
    lines += [f"### Overdue follow-ups ({overview.overdue_follow_ups_total})", ""]
    if not report.follow_ups:
        return [*lines, "None.", ""]
    lines += table(
        ["Due", "Stakeholder", "Follow-up", "Owner"],
        ([f.due.isoformat(), md(f.stakeholder), md(f.follow_up), md(f.owner)] for f in report.follow_ups),
    )
    return lines + more(len(report.follow_ups), overview.overdue_follow_ups_total)


def changes(report: Report) -> list[str]:
    found = report.changes
    lines = [f"## Changes since {found.since.isoformat()}", "", f"{found.total} changes were recorded.", ""]
    if not found.total:
        return lines
    entities = sorted({entity for entity, _ in found.by_entity})
    lines += table(
        ["Record", *(label for _, label in ACTIONS)],
        ([entity_word(e), *(found.by_entity.get((e, a), 0) for a, _ in ACTIONS)] for e in entities),
        right=len(ACTIONS),
    )
    lines += [f"Latest {min(found.total, CHANGES_LIMIT)}:", ""]
    for change in found.latest:
        when, sentence, detail = change_line(change)
        lines.append(f"- {when} {md(sentence)}" + (f" — {md(detail)}" if detail else ""))
    return [*lines, ""]


def raci(report: Report) -> list[str]:
    lines = ["## RACI", ""]
    if not report.raci:
        return [*lines, "No RACI activities recorded yet.", ""]
    return [*lines, *render_raci_markdown(report.raci).splitlines(), ""]
