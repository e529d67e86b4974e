"""The leadership report as one self-contained HTML page: inline CSS, no external assets, prints well.

Every piece of database text goes through `esc` (html.escape), so a unit called `<b>x</b>` shows
those characters. Tables carry ids (`waves`, `divisions`, ...) so the page can be read back by tools.
"""

from collections.abc import Iterable
from html import escape

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import ATTITUDES, RACI_ROLES, ROLLOUT_STATES
from okr_cockpit.services.audit import entity_word
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.process.raci import LEGEND, ROLE_LABELS
from okr_cockpit.services.reporting.facts import EVENT_LIMIT, LIST_LIMIT, Report
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

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #111; background: #fff; max-width: 70rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #111; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta { color: #444; margin: 0 0 1.2rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
           gap: .6rem; margin: 0; }
.figures div { border: 2px solid #111; border-radius: 6px; padding: .5rem .8rem; }
.figures dt { font-size: .85rem; color: #333; }
.figures dd { margin: 0; font-size: 1.8rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #bbb; vertical-align: top; }
th { border-bottom: 2px solid #111; font-size: .85rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.warn td { font-weight: 700; }
.more, .none { color: #444; font-style: italic; }
ul.changes { padding-left: 1.2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, .figures, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def html_table(
    table_id: str, header: list[str], rows: Iterable[list[object]], *, right: int = 0, warn=None
) -> str:
    """Cells are escaped here; the last `right` columns are numbers. `warn(row)` marks a row."""
    first_number = len(header) - right
    head = "".join(
        f"<th{' class=n' if i >= first_number else ''}>{esc(h)}</th>" for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        cells = "".join(
            f"<td{' class=n' if i >= first_number else ''}>{esc(cell)}</td>" for i, cell in enumerate(row)
        )
        marked = ' class="warn"' if warn is not None and warn(row) else ""
        body.append(f"<tr{marked}>{cells}</tr>")
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def more(shown: int, total: int) -> str:
    return f'<p class="more">… and {total - shown} more.</p>' if total > shown else ""


def render_html(report: Report) -> str:
    body = "\n".join(
        [
            header(report),
            rollout(report),
            coaches(report),
            events(report),
            stakeholders(report),
            changes(report),
            raci(report),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title_of(report))}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def header(report: Report) -> str:
    figures = "".join(
        f"<div><dt>{esc(caption)}</dt><dd>{esc(value)}</dd></div>" for caption, value in figure_lines(report)
    )
    return (
        f"<h1>{esc(title_of(report))}</h1>\n"
        f'<p class="meta">As of {report.today.isoformat()}.</p>\n'
        f'<dl class="figures" id="figures">{figures}</dl>'
    )


def rollout(report: Report) -> str:
    states = [word(s) for s in ROLLOUT_STATES]
    waves = html_table(
        "waves",
        ["Wave", "Go-live", "Decision", "Readiness", *states, "Total"],
        (
            [
                w.wave,
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
    divisions = html_table(
        "divisions",
        ["Division", *states, "Total", "Teams needing a coach", "With a primary coach", "Coverage"],
        (
            [
                d.name,
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
    return f"<h2>Rollout by wave</h2>\n{waves}\n<h2>Rollout by division</h2>\n{divisions}"


def coaches(report: Report) -> str:
    cov = report.overview.coverage
    over = report.overview.over_capacity
    loads = sorted(report.loads, key=lambda c: (-(c.load - c.capacity), fold(c.name), c.coach_id))[
        :LIST_LIMIT
    ]
    table = html_table(
        "coaches",
        ["Coach", "Status", "Load", "Teams", "Capacity"],
        (
            [c.name, word(c.status), "over capacity" if c.over_capacity else "ok", c.load, c.capacity]
            for c in loads
        ),
        right=2,
        warn=lambda row: row[2] != "ok",
    )
    return (
        "<h2>Coach coverage and load</h2>\n"
        f'<p id="coverage">{cov.teams_covered} of {cov.teams_needing_coach} teams in active waves have a '
        f"primary coach ({cov.percent}%); {cov.teams_uncovered} without one.</p>\n"
        f'<p id="over-capacity">{len(over)} of {report.overview.coaches_total} coaches are over '
        "capacity.</p>\n"
        f"{table}{more(len(loads), len(report.loads))}"
    )


def event_table(table_id: str, found: list[EventInfo]) -> str:
    if not found:
        return '<p class="none">None.</p>'
    shown = found[:EVENT_LIMIT]
    rows = (
        [e.start_on.isoformat() if e.start_on else "—", event_title(e), e.facilitator, e.notes] for e in shown
    )
    table = html_table(table_id, ["Date", "Event", "Facilitator", "Notes"], rows)
    return table + more(len(shown), len(found))


def events(report: Report) -> str:
    found = report.cycle
    if found is None:
        return '<h2>Events</h2>\n<p class="none">No cycle is planned yet.</p>'
    counts = html_table(
        "event-counts",
        ["Events", "Number"],
        ([word(kind), count] for kind, count in found.counts.items()),
        right=1,
    )
    span = f"{found.start_on.isoformat()} – {found.end_on.isoformat()}, {esc(word(found.state))}."
    return (
        f"<h2>Events of cycle {esc(found.name)}</h2>\n"
        f'<p class="meta">{span}</p>\n'
        f"{counts}\n<h3>Overdue</h3>\n{event_table('events-overdue', found.overdue)}\n"
        f"<h3>Upcoming</h3>\n{event_table('events-upcoming', found.upcoming)}\n"
        f"<h3>Done</h3>\n{event_table('events-done', found.done)}"
    )


def stakeholders(report: Report) -> str:
    overview = report.overview
    parts = ["<h2>Stakeholders</h2>", "<h3>Attitudes</h3>"]
    parts.append(
        html_table(
            "attitudes",
            ["Attitude", "Stakeholders"],
            ([word(a), overview.attitude_counts.get(a, 0)] for a in ATTITUDES),
            right=1,
        )
    )
    if report.key_stakeholders:
        parts += ["<h3>Key stakeholders (influence 4 or 5)</h3>"]
        parts.append(
            html_table(
                "key-stakeholders",
                ["Stakeholder", "Role", "Influence", "Interest", "Attitude", "Desired", "Owner"],
                (
                    [
                        s.name,
                        s.role,
                        s.influence,
                        s.interest,
                        word(s.attitude),
                        word(s.desired_attitude),
                        s.owner,
                    ]
                    for s in report.key_stakeholders
                ),
            )
        )
    parts.append(f"<h3>Overdue follow-ups ({overview.overdue_follow_ups_total})</h3>")
    if report.follow_ups:
        parts.append(
            html_table(
                "follow-ups",
                ["Due", "Stakeholder", "Follow-up", "Owner"],
                ([f.due.isoformat(), f.stakeholder, f.follow_up, f.owner] for f in report.follow_ups),
            )
        )
        parts.append(more(len(report.follow_ups), overview.overdue_follow_ups_total))
    else:
        parts.append('<p class="none">None.</p>')
    return "\n".join(parts)


def changes(report: Report) -> str:
    found = report.changes
    parts = [
        f"<h2>Changes since {found.since.isoformat()}</h2>",
        f'<p id="changes-total">{found.total} changes were recorded.</p>',
    ]
    if not found.total:
        return "\n".join(parts)
    entities = sorted({entity for entity, _ in found.by_entity})
    parts.append(
        html_table(
            "changes",
            ["Record", *(label for _, label in ACTIONS)],
            ([entity_word(e), *(found.by_entity.get((e, a), 0) for a, _ in ACTIONS)] for e in entities),
            right=len(ACTIONS),
        )
    )
    items = []
    for change in found.latest:
        when, sentence, detail = change_line(change)
        items.append(f"<li>{esc(when)} {esc(sentence)}{' — ' + esc(detail) if detail else ''}</li>")
    parts.append(f'<ul class="changes">{"".join(items)}</ul>')
    return "\n".join(parts)


def raci(report: Report) -> str:
    if not report.raci:
        return '<h2>RACI</h2>\n<p class="none">No RACI activities recorded yet.</p>'
    table = html_table(
        "raci",
        ["Activity", *(ROLE_LABELS[r] for r in RACI_ROLES), "Check"],
        ([row.name, *(row.letters.get(r, "") for r in RACI_ROLES), row.flag] for row in report.raci),
        warn=lambda cells: bool(cells[-1]),
    )
    return f'<h2>RACI</h2>\n{table}\n<p class="meta">{esc(LEGEND)}</p>'
