"""The one row builder of the report: every section, table row and sentence, in the user's language.

Markdown, HTML and PDF are Jinja2 templates over the `Document` made here, so the formats of one report
carry the same figures by construction; a template only escapes and lays out. Cells are plain text.
"""

from dataclasses import dataclass, field

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import ATTITUDES, RACI_ROLES, ROLLOUT_STATES
from okr_cockpit.i18n import N_, _, format_percent
from okr_cockpit.services.audit import entity_word
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.process.raci import LEGEND, role_label
from okr_cockpit.services.reporting.facts import EVENT_LIMIT, LIST_LIMIT, Report
from okr_cockpit.services.reporting.text import (
    ACTIONS,
    change_line,
    day,
    event_title,
    figure_lines,
    percent,
    title_of,
    wave_decision_text,
    wave_readiness_text,
    word,
)
from okr_cockpit.services.reporting.trend import sparkline

AUDIENCES = ("leadership", "plo")
SECTIONS = ("summary", "waves", "divisions", "coaches", "events", "stakeholders", "changes", "raci")
# What leadership may read of stakeholders: counts by attitude, no names, no notes (works council).
PRIVATE_ENTITIES = ("stakeholder", "interaction")


@dataclass(frozen=True)
class Table:
    id: str
    header: list[str]
    rows: list[list[str]]
    right: int = 0  # the last `right` columns are numbers
    warn: list[bool] = field(default_factory=list)  # rows to stress

    @property
    def first_number(self) -> int:
        return len(self.header) - self.right


@dataclass(frozen=True)
class Block:
    """One piece of a section: `kind` is heading, text, figures, list, table, chart or more."""

    kind: str
    text: str = ""
    items: list = field(default_factory=list)
    table: Table | None = None
    id: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Document:
    title: str
    meta: str
    language: str
    figures: list[tuple[str, str, str]]
    risks: list[str]
    sections: list[Section]
    charts: dict = field(default_factory=dict)  # chart id -> data, drawn by charts.py


def heading(text: str) -> Block:
    return Block("heading", text)


def text(value: str, id: str = "") -> Block:
    return Block("text", value, id=id)


def table(*args, **kwargs) -> Block:
    return Block("table", table=Table(*args, **kwargs))


def more(shown: int, total: int) -> list[Block]:
    return [Block("more", _("… and {count} more.").format(count=total - shown))] if total > shown else []


def risks(report: Report) -> list[str]:
    """The three biggest risks, in words from the data, most urgent first; nothing invented."""
    found: list[tuple[int, str]] = []
    cov = report.overview.coverage
    if cov.teams_uncovered:
        found.append(
            (
                cov.teams_uncovered,
                _("{count} teams in active waves have no primary coach (coverage {percent}).").format(
                    count=cov.teams_uncovered, percent=format_percent(cov.percent)
                ),
            )
        )
    over = report.overview.over_capacity
    if over:
        extra = sum(c.load - c.capacity for c in over)
        found.append(
            (
                len(over),
                _("{count} coaches are over capacity, {extra} teams beyond what they can take.").format(
                    count=len(over), extra=extra
                ),
            )
        )
    if report.sponsor_blockers:
        found.append(
            (
                report.sponsor_blockers * 3,
                _("{count} sponsors are recorded as blockers or sceptics of the rollout.").format(
                    count=report.sponsor_blockers
                ),
            )
        )
    overdue = report.cycle.counts["overdue"] if report.cycle else 0
    if overdue:
        found.append(
            (
                overdue,
                _("{count} events of cycle {cycle} are overdue (planned, date passed, not done).").format(
                    count=overdue, cycle=report.cycle.name
                ),
            )
        )
    if report.overview.overdue_follow_ups_total:
        found.append(
            (
                report.overview.overdue_follow_ups_total,
                _("{count} stakeholder follow-ups are overdue.").format(
                    count=report.overview.overdue_follow_ups_total
                ),
            )
        )
    return [sentence for _weight, sentence in sorted(found, key=lambda f: -f[0])[:3]]


def build_document(
    report: Report, *, audience: str = "leadership", sections: tuple[str, ...] = SECTIONS
) -> Document:
    from okr_cockpit.i18n import current_language

    builders = {
        "summary": summary,
        "waves": waves,
        "divisions": divisions,
        "coaches": coaches,
        "events": events,
        "stakeholders": stakeholders,
        "changes": changes,
        "raci": raci,
    }
    private = audience != "plo"
    chosen = [builders[s](report, private=private) for s in SECTIONS if s in sections]
    return Document(
        title=title_of(report),
        meta=_("As of {day}. Audience: {audience}.").format(
            day=day(report.today), audience=_(AUDIENCE_WORDS[audience])
        ),
        language=current_language(),
        figures=headline(report),
        risks=risks(report),
        sections=chosen,
        charts=chart_data(report),
    )


AUDIENCE_WORDS = {"leadership": N_("leadership (stakeholders as counts only)"), "plo": N_("PLO (everything)")}


def chart_data(report: Report) -> dict:
    return {
        "waves": [(w.wave, {s: w.counts.get(s, 0) for s in ROLLOUT_STATES}) for w in report.overview.waves],
        "divisions": [
            (d.name, round(100 * d.teams_covered / d.teams_needing_coach))
            for d in report.divisions
            if d.teams_needing_coach
        ],
        "attitudes": {a: report.overview.attitude_counts.get(a, 0) for a in ATTITUDES},
        "trend": report.trend,
    }


# Headline figure (its index in figure_lines) -> the trend point's value for it.
TREND_OF = {
    0: lambda p: p.live,
    2: lambda p: p.coverage_percent,
    3: lambda p: p.over_capacity,
    4: lambda p: p.overdue_follow_ups,
}


def figure_trend(report: Report, value_of) -> str:
    """`+3 since the last report (2026-11-02) · 6 months: 20 → 30 ▁▃▅█`; "" without a history."""
    points = report.trend
    if len(points) < 2:
        return ""
    now = value_of(points[-1])
    since = report.changes.since
    before = [p for p in points[:-1] if p.day <= since] or points[:1]
    delta = now - value_of(before[-1])
    values = [value_of(p) for p in points]
    return _("{delta:+d} since {day} · 6 months: {first} → {last} {spark}").format(
        delta=delta, day=day(before[-1].day), first=values[0], last=now, spark=sparkline(values)
    )


def headline(report: Report) -> list[tuple[str, str, str]]:
    """(caption, value, trend) for each headline figure."""
    return [
        (caption, value, figure_trend(report, TREND_OF[i]) if i in TREND_OF else "")
        for i, (caption, value) in enumerate(figure_lines(report))
    ]


def summary(report: Report, *, private: bool) -> Section:
    blocks = [Block("figures", items=headline(report), id="figures")]
    found = risks(report)
    if found:
        blocks += [heading(_("Biggest risks")), Block("list", items=found, id="risks")]
    if report.trend:
        blocks.append(Block("chart", id="trend"))
    return Section("summary", _("Summary"), blocks)


def state_words() -> list[str]:
    return [word(s) for s in ROLLOUT_STATES]


def waves(report: Report, *, private: bool) -> Section:
    rows = [
        [
            w.wave,
            day(w.go_live_on) if w.go_live_on else "—",
            wave_decision_text(report, w.wave, w.decision),
            wave_readiness_text(report, w.wave),
            *(str(w.counts.get(s, 0)) for s in ROLLOUT_STATES),
            str(w.total),
        ]
        for w in report.overview.waves
    ]
    header = [_("Wave"), _("Go-live"), _("Decision"), _("Readiness"), *state_words(), _("Total")]
    return Section(
        "waves",
        _("Rollout by wave"),
        [Block("chart", id="waves"), table("waves", header, rows, right=len(ROLLOUT_STATES) + 1)],
    )


def divisions(report: Report, *, private: bool) -> Section:
    rows = [
        [
            d.name if d.name != report.outside_divisions else _("(outside any division)"),
            *(str(d.counts.get(s, 0)) for s in ROLLOUT_STATES),
            str(d.total),
            str(d.teams_needing_coach),
            str(d.teams_covered),
            percent(d.teams_covered, d.teams_needing_coach),
        ]
        for d in report.divisions
    ]
    header = [
        _("Division"),
        *state_words(),
        _("Total"),
        _("Teams needing a coach"),
        _("With a primary coach"),
        _("Coverage"),
    ]
    return Section(
        "divisions",
        _("Rollout by division"),
        [Block("chart", id="divisions"), table("divisions", header, rows, right=len(ROLLOUT_STATES) + 4)],
    )


def coaches(report: Report, *, private: bool) -> Section:
    cov = report.overview.coverage
    over = report.overview.over_capacity
    loads = sorted(report.loads, key=lambda c: (-(c.load - c.capacity), fold(c.name), c.coach_id))
    shown = loads[:LIST_LIMIT]
    rows = [
        [
            c.name,
            word(c.status),
            _("over capacity") if c.over_capacity else _("ok"),
            str(c.load),
            str(c.capacity),
        ]
        for c in shown
    ]
    blocks = [
        text(
            _(
                "{covered} of {needing} teams in active waves have a primary coach ({percent}); "
                "{uncovered} without one."
            ).format(
                covered=cov.teams_covered,
                needing=cov.teams_needing_coach,
                percent=format_percent(cov.percent),
                uncovered=cov.teams_uncovered,
            ),
            id="coverage",
        ),
        text(
            _("{over} of {total} coaches are over capacity.").format(
                over=len(over), total=report.overview.coaches_total
            ),
            id="over-capacity",
        ),
        table(
            "coaches",
            [_("Coach"), _("Status"), _("Load"), _("Teams"), _("Capacity")],
            rows,
            right=2,
            warn=[c.over_capacity for c in shown],
        ),
        *more(len(shown), len(loads)),
    ]
    return Section("coaches", _("Coach coverage and load"), blocks)


def event_blocks(table_id: str, found: list[EventInfo]) -> list[Block]:
    if not found:
        return [Block("none", _("None."))]
    shown = found[:EVENT_LIMIT]
    rows = [
        [
            day(e.start_on) if e.start_on else "—",
            event_title(e),
            e.facilitator,
            e.notes[:80] + ("…" if len(e.notes) > 80 else ""),
        ]
        for e in shown
    ]
    header = [_("Date"), _("Event"), _("Facilitator"), _("Notes")]
    return [table(table_id, header, rows), *more(len(shown), len(found))]


def events(report: Report, *, private: bool) -> Section:
    found = report.cycle
    if found is None:
        return Section("events", _("Events"), [Block("none", _("No cycle is planned yet."))])
    counts = [[word(kind), str(count)] for kind, count in found.counts.items()]
    blocks = [
        text(f"{day(found.start_on)} – {day(found.end_on)}, {word(found.state)}."),
        table("event-counts", [_("Events"), _("Number")], counts, right=1),
    ]
    for title, table_id, items in (
        (_("Overdue"), "events-overdue", found.overdue),
        (_("Upcoming"), "events-upcoming", found.upcoming),
        (_("Done"), "events-done", found.done),
    ):
        blocks += [heading(title), *event_blocks(table_id, items)]
    return Section("events", _("Events of cycle {name}").format(name=found.name), blocks)


def stakeholders(report: Report, *, private: bool) -> Section:
    overview = report.overview
    blocks = [
        heading(_("Attitudes")),
        Block("chart", id="attitudes"),
        table(
            "attitudes",
            [_("Attitude"), _("Stakeholders")],
            [[word(a), str(overview.attitude_counts.get(a, 0))] for a in ATTITUDES],
            right=1,
        ),
    ]
    total = overview.overdue_follow_ups_total
    if private:
        blocks.append(
            text(
                _(
                    "{count} follow-ups are overdue. Names and notes are left out of this report; "
                    "the PLO has them in the cockpit."
                ).format(count=total),
                id="follow-up-count",
            )
        )
        return Section("stakeholders", _("Stakeholders"), blocks)
    if report.key_stakeholders:
        blocks += [
            heading(_("Key stakeholders (influence 4 or 5)")),
            table(
                "key-stakeholders",
                [
                    _("Stakeholder"),
                    _("Role"),
                    _("Influence"),
                    _("Interest"),
                    _("Attitude"),
                    _("Desired"),
                    _("Owner"),
                ],
                [
                    [s.name, s.role, str(s.influence), str(s.interest), word(s.attitude)]
                    + [word(s.desired_attitude), s.owner]
                    for s in report.key_stakeholders
                ],
            ),
        ]
    blocks.append(heading(_("Overdue follow-ups ({count})").format(count=total)))
    if report.follow_ups:
        blocks.append(
            table(
                "follow-ups",
                [_("Due"), _("Stakeholder"), _("Follow-up"), _("Owner")],
                [[day(f.due), f.stakeholder, f.follow_up, f.owner] for f in report.follow_ups],
            )
        )
        blocks += more(len(report.follow_ups), total)
    else:
        blocks.append(Block("none", _("None.")))
    return Section("stakeholders", _("Stakeholders"), blocks)


def changes(report: Report, *, private: bool) -> Section:
    found = report.changes
    title = _("Changes since {day}").format(day=day(found.since))
    blocks = [text(_("{count} changes were recorded.").format(count=found.total), id="changes-total")]
    if not found.total:
        return Section("changes", title, blocks)
    entities = sorted({entity for entity, _action in found.by_entity})
    blocks.append(
        table(
            "changes",
            [_("Record"), *(_(label) for _action, label in ACTIONS)],
            [[entity_word(e), *(str(found.by_entity.get((e, a), 0)) for a, _l in ACTIONS)] for e in entities],
            right=len(ACTIONS),
        )
    )
    # Leadership sees that stakeholders changed, never whom or what was noted.
    latest = [c for c in found.latest if not (private and c.entity in PRIVATE_ENTITIES)]
    lines = []
    for change in latest:
        when, sentence, detail = change_line(change, zone=report.time_zone)
        lines.append(f"{when} {sentence}" + (f" — {detail}" if detail else ""))
    if lines:
        blocks += [heading(_("Latest changes")), Block("list", items=lines, id="latest-changes")]
    return Section("changes", title, blocks)


def raci(report: Report, *, private: bool) -> Section:
    if not report.raci:
        return Section("raci", "RACI", [Block("none", _("No RACI activities recorded yet."))])
    rows = [[row.name, *(row.letters.get(r, "") for r in RACI_ROLES), row.flag] for row in report.raci]
    return Section(
        "raci",
        "RACI",
        [
            table(
                "raci",
                [_("Activity"), *(role_label(r) for r in RACI_ROLES), _("Check")],
                rows,
                warn=[bool(r[-1]) for r in rows],
            ),
            text(_(LEGEND)),
        ],
    )
