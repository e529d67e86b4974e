"""The detail pane of the Org units screen: one unit's facts, coach coverage, events, people, changes."""

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from okr_cockpit.i18n import _, format_day, format_moment, ngettext
from okr_cockpit.i18n.values import kind_short
from okr_cockpit.services.audit import describe_fields, verb
from okr_cockpit.services.org.reads import UnitDetail
from okr_cockpit.ui.glyphs import ATTITUDE_GLYPHS, WARNING, literal, state_label, word


class UnitDetailPane(VerticalScroll):
    """Shows a `UnitDetail`; every database text through `literal()`."""

    DEFAULT_CSS = """
    UnitDetailPane { border: round $primary-darken-2; padding: 0 1; }
    UnitDetailPane:focus-within { border: round $primary; }
    UnitDetailPane > Static { width: 100%; }
    """

    def compose(self):
        yield Static(_("Select a unit."), id="unit-detail-body", markup=False)

    def show(self, detail: UnitDetail | None) -> None:
        body = self.query_one("#unit-detail-body", Static)
        if detail is None:
            self.border_title = _("Unit")
            body.update(_("Select a unit."))
            return
        self.border_title = f"{word(detail.kind).capitalize()}"
        body.update(render_detail(detail))


def facts_table(detail: UnitDetail) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("what", style="dim", no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    none = Text("—", style="dim")

    def person_or_none(name: str | None) -> Text:
        return literal(name) if name else none

    table.add_row(_("Kind"), word(detail.kind))
    table.add_row(_("In"), literal(detail.parent) if detail.parent else Text(_("top level"), style="dim"))
    table.add_row(_("State"), state_label(detail.state))
    table.add_row(_("Wave"), literal(detail.wave) if detail.wave else Text(_("no wave"), style="dim"))
    table.add_row(_("Lead"), person_or_none(detail.lead))
    table.add_row(_("Sponsor"), person_or_none(detail.sponsor))
    table.add_row(_("PLO owner"), person_or_none(detail.plo_owner))
    table.add_row(_("External id"), literal(detail.external_id) if detail.external_id else none)
    table.add_row(_("Exempt"), _("yes — needs no coach") if detail.exempt else _("no"))
    return table


def coverage_text(detail: UnitDetail) -> Text:
    text = Text()
    below = (
        _("{count:,} this team")
        if detail.kind == "team"
        else ngettext("{count:,} team below", "{count:,} teams below", detail.teams_below)
    )
    text.append(below.format(count=detail.teams_below), style="bold")
    if not detail.teams_below:
        return text
    # The Overview's definition: only teams in active waves that are not exempt need a coach.
    text.append(
        ngettext(
            "\n  {teams_needing_coach:,} in active waves needs a primary coach",
            "\n  {teams_needing_coach:,} in active waves need a primary coach",
            detail.teams_needing_coach,
        ).format(teams_needing_coach=detail.teams_needing_coach)
    )
    text.append(
        _("\n  ● {teams_with_primary:,} with a primary coach").format(
            teams_with_primary=detail.teams_with_primary
        )
    )
    uncovered = detail.teams_without_primary
    text.append(
        _("\n  {mark} {count:,} without").format(mark=WARNING if uncovered else "○", count=uncovered),
        style="bold" if uncovered else "",
    )
    return text


def events_table(detail: UnitDetail) -> RenderableType:
    if not detail.next_events:
        return Text(_("No planned events ahead."), style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("cycle", no_wrap=True, style="dim")
    table.add_column("scope", ratio=1, no_wrap=True, overflow="ellipsis")
    for line in detail.next_events:
        table.add_row(format_day(line.start_on), kind_short(line.kind), line.cycle, literal(line.scope))
    return table


def stakeholders_text(detail: UnitDetail) -> Text:
    if not detail.stakeholders:
        return Text(_("No stakeholders linked to this unit."), style="dim")
    text = Text()
    for index, line in enumerate(detail.stakeholders):
        if index:
            text.append("\n")
        text.append(f"{ATTITUDE_GLYPHS.get(line.attitude, '?')} ")
        text.append_text(literal(line.name))
        if line.role:
            text.append("  ")
            text.append_text(Text(literal(line.role).plain, style="dim"))
    more = detail.stakeholders_total - len(detail.stakeholders)
    if more > 0:
        text.append(_("\n… and {more} more").format(more=more), style="dim")
    return text


def changes_text(detail: UnitDetail) -> Text:
    if not detail.changes:
        return Text(_("No recorded changes."), style="dim")
    text = Text()
    for index, change in enumerate(detail.changes):
        if index:
            text.append("\n")
        text.append(f"{format_moment(change.at, seconds=False)} ", style="dim")
        text.append_text(literal(change.user))
        text.append(f" {verb(change.action)}: ")
        text.append_text(literal(describe_fields(change.fields, action=change.action, width=24)))
    return text


def heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def render_detail(detail: UnitDetail) -> RenderableType:
    name = literal(detail.name)
    name.stylize("bold")
    name.no_wrap, name.overflow = False, "fold"
    parts: list[RenderableType] = [name, facts_table(detail)]
    if detail.notes:
        notes = literal(detail.notes.replace("\n", " "))
        notes.no_wrap, notes.overflow = False, "fold"
        parts += [heading(_("Notes")), notes]
    parts += [
        heading(_("Coach coverage")),
        coverage_text(detail),
        heading(_("Next events")),
        events_table(detail),
        heading(_("Stakeholders ({count})").format(count=detail.stakeholders_total)),
        stakeholders_text(detail),
        heading(_("Last changes")),
        changes_text(detail),
    ]
    return Group(*parts)
