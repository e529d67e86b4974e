"""Words and headline figures shared by every format of the report, so all of them say the same."""

from datetime import date
from zoneinfo import ZoneInfo

from okr_cockpit.i18n import N_, _, format_day, format_percent
from okr_cockpit.i18n.values import value_word as word
from okr_cockpit.services.audit import Change, describe_fields, entity_word, verb
from okr_cockpit.services.events.cycles import EventInfo
from okr_cockpit.services.reporting.facts import Report

ACTIONS = (("create", N_("added")), ("update", N_("changed")), ("delete", N_("deleted")))


def day(value: date) -> str:
    return format_day(value)


def percent(part: int, whole: int) -> str:
    # Same rounding as CoverageSummary.percent; nothing to cover counts as fully covered.
    return format_percent(round(100 * part / whole) if whole else 100)


def title_of(report: Report) -> str:
    return _("OKR rollout report — {day}").format(day=day(report.today))


def event_title(found: EventInfo) -> str:
    """`check in · Team Payments`."""
    return f"{word(found.kind)} · {found.scope}"


def figure_lines(report: Report) -> list[tuple[str, str]]:
    """The headline figures, as on the Overview: (caption, value)."""
    overview = report.overview
    cov = overview.coverage
    live = overview.state_counts.get("live", 0)
    of = _("{part} of {whole}")
    lines = [
        (_("Units live"), of.format(part=live, whole=overview.units_total)),
        (
            _("Teams in active waves with a primary coach"),
            of.format(part=cov.teams_covered, whole=cov.teams_needing_coach),
        ),
        (_("Coach coverage"), format_percent(cov.percent)),
        (
            _("Coaches over capacity"),
            of.format(part=len(overview.over_capacity), whole=overview.coaches_total),
        ),
        (_("Overdue follow-ups"), str(overview.overdue_follow_ups_total)),
    ]
    if report.cycle is not None:
        lines.append(
            (
                _("Overdue events in {cycle}").format(cycle=report.cycle.name),
                str(report.cycle.counts["overdue"]),
            )
        )
    if overview.health_cycle:
        health = overview.health
        shown = format_percent(health.percent) if health.percent is not None else _("nothing due yet")
        lines.append(
            (
                _("Process health of {cycle} (due events held)").format(cycle=overview.health_cycle),
                _("{shown} ({held} of {due})").format(shown=shown, held=health.held, due=health.due),
            )
        )
    lines.append((_("Changes since {day}").format(day=day(report.changes.since)), str(report.changes.total)))
    return lines


def change_line(change: Change, *, zone: str = "UTC") -> tuple[str, str, str]:
    """(when, `anna changed Team Payments`, `state: pilot → live`) for the list of latest changes.

    Times are in the cockpit's time zone, the one its users live in. Only updates carry details:
    for leadership the fields of a new record are noise.
    """
    what = (
        change.label
        if change.label not in ("", "None")
        else f"{entity_word(change.entity)} #{change.entity_id}"
    )
    sentence = f"{change.user} {verb(change.action)} {entity_word(change.entity)} {what}"
    detail = (
        describe_fields(change.fields, action=change.action, width=30) if change.action == "update" else ""
    )
    local = change.at.astimezone(ZoneInfo(zone))
    return f"{format_day(local.date())} {local:%H:%M} {local.tzname()}", sentence, detail


def wave_readiness_text(report: Report, wave: str) -> str:
    """`60% (3 of 5)` (German `60 % (3 von 5)`) for the wave table; `—` for a wave without criteria
    or the no-wave row."""
    found = report.readiness.get(wave)
    if not (found and found.total):
        return "—"
    return _("{percent} ({met} of {total})").format(
        percent=format_percent(found.percent), met=found.met, total=found.total
    )


def wave_decision_text(report: Report, wave: str, stored: str) -> str:
    return word(report.decisions.get(wave, stored)) or "—"
