"""Words and headline figures shared by the Markdown and the HTML report, so both say the same."""

from okr_cockpit.services.audit import VERBS, Change, describe_fields, entity_word
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.reporting.facts import Report

ACTIONS = (("create", "added"), ("update", "changed"), ("delete", "deleted"))


def word(value: str) -> str:
    """`not_started` → `not started`."""
    return value.replace("_", " ")


def percent(part: int, whole: int) -> str:
    # Same rounding as CoverageSummary.percent; nothing to cover counts as fully covered.
    return f"{round(100 * part / whole) if whole else 100}%"


def title_of(report: Report) -> str:
    return f"OKR rollout report — {report.today.isoformat()}"


def event_title(found: EventInfo) -> str:
    """`check in · Team Payments`."""
    return f"{word(found.kind)} · {found.scope}"


def figure_lines(report: Report) -> list[tuple[str, str]]:
    """The headline figures, as on the Overview: (caption, value)."""
    overview = report.overview
    cov = overview.coverage
    live = overview.state_counts.get("live", 0)
    lines = [
        ("Units live", f"{live} of {overview.units_total}"),
        ("Teams in active waves with a primary coach", f"{cov.teams_covered} of {cov.teams_needing_coach}"),
        ("Coach coverage", f"{cov.percent}%"),
        ("Coaches over capacity", f"{len(overview.over_capacity)} of {overview.coaches_total}"),
        ("Overdue follow-ups", str(overview.overdue_follow_ups_total)),
    ]
    if report.cycle is not None:
        lines.append((f"Overdue events in {report.cycle.name}", str(report.cycle.counts["overdue"])))
    if overview.health_cycle:
        health = overview.health
        shown = f"{health.percent}%" if health.percent is not None else "nothing due yet"
        lines.append(
            (
                f"Process health of {overview.health_cycle} (due events held)",
                f"{shown} ({health.held} of {health.due})",
            )
        )
    lines.append((f"Changes since {report.changes.since.isoformat()}", str(report.changes.total)))
    return lines


def change_line(change: Change) -> tuple[str, str, str]:
    """(when, `anna changed Team Payments`, `state: pilot → live`) for the list of latest changes.

    Only updates carry details: for leadership the fields of a new record are noise.
    """
    what = (
        change.label
        if change.label not in ("", "None")
        else f"{entity_word(change.entity)} #{change.entity_id}"
    )
    sentence = f"{change.user} {VERBS.get(change.action, change.action)} {entity_word(change.entity)} {what}"
    detail = (
        describe_fields(change.fields, action=change.action, width=30) if change.action == "update" else ""
    )
    return change.at.strftime("%Y-%m-%d %H:%M UTC"), sentence, detail


def wave_readiness_text(report: Report, wave: str) -> str:
    """`60% (3 of 5)` for the wave table; `—` for a wave without criteria or the no-wave row."""
    found = report.readiness.get(wave)
    return f"{found.percent}% ({found.met} of {found.total})" if found and found.total else "—"


def wave_decision_text(report: Report, wave: str, stored: str) -> str:
    return word(report.decisions.get(wave, stored)) or "—"
