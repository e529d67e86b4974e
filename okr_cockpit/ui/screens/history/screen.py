"""The History view: recent changes from the audit log, paged, filtered by user and entity, old → new.

Opened from the palette ("History"), with `H` on any screen (for the selected record where the
screen knows one), or by `app.show_history(entity, entity_id)` from a detail pane.
"""

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import DataTable, Static

from okr_cockpit.db.folding import fold
from okr_cockpit.i18n import N_, _, current_language, format_number, ngettext
from okr_cockpit.services.audit import (
    Change,
    Names,
    audit_entities,
    audit_users,
    count_changes,
    describe_fields,
    describe_value,
    entity_word,
    field_word,
    names_in,
    recent_changes,
    runs,
)
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.folded_matcher import FoldedMatcher
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.list_keys import CursorTable

PAGE_SIZE = 100
ACTION_WORDS = {
    "create": N_("+ added {what}"),
    "update": N_("✎ changed {what}"),
    "delete": N_("✖ deleted {what}"),
}
RUN_WORDS = {  # a run of the same change: "+ added 181 events"
    "create": N_("+ added {count} {what}"),
    "update": N_("✎ changed {count} {what}"),
    "delete": N_("✖ deleted {count} {what}"),
}


@dataclass(frozen=True)
class HistoryPage:
    changes: tuple[Change, ...]
    total: int
    has_older: bool
    names: Names = None  # type: ignore[assignment]  # (field, id) -> name, for the values shown

    @property
    def runs(self) -> list[tuple[Change, ...]]:
        """The rows shown: a bulk change (181 events added at once) is one row."""
        return runs(self.changes)


class HistoryScreen(CockpitScreen):
    MODE = "history"
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="history.back"),
        Binding("w", "pick_user", N_("Who"), id="history.user"),
        Binding("t", "pick_entity", N_("Type"), id="history.entity"),
        Binding("A", "clear_filters", N_("All changes"), id="history.clear"),
        Binding("right_square_bracket,pagedown", "older", N_("Older"), key_display="]", id="history.older"),
        Binding("left_square_bracket,pageup", "newer", N_("Newer"), key_display="[", id="history.newer"),
        Binding("r", "revert", N_("Revert"), id="history.revert"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #history-title { height: 1; padding: 0 1; text-style: bold; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-page { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, entity: str | None = None, entity_id: int | None = None) -> None:
        super().__init__()
        self.entity = entity
        self.entity_id = entity_id
        self.user: str | None = None
        # Keyset paging: the `before_id` of each page shown so far; the last one is in view.
        self.pages: list[int | None] = [None]
        self.page: HistoryPage | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(_("History"), id="history-title", markup=False)
        table = CursorTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("when"), _("who"), _("what"), _("record"), _("changes (old → new)"))
        yield table
        yield Static("", id="history-page", markup=False)

    def fetch(self, session: Session) -> HistoryPage:
        filters = {"user": self.user, "entity": self.entity, "entity_id": self.entity_id}
        found = recent_changes(session, **filters, before_id=self.pages[-1], limit=PAGE_SIZE + 1)
        page = tuple(found[:PAGE_SIZE])
        return HistoryPage(
            page, count_changes(session, **filters), len(found) > PAGE_SIZE, names_in(session, page)
        )

    def show(self, data: HistoryPage) -> None:
        selected = self.selected_change()  # from the page still on screen
        self.page = data
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for run in data.runs:
            table.add_row(*history_row(run, data.names), key=str(run[0].id))
        if selected is not None and str(selected.id) in {str(run[0].id) for run in data.runs}:
            # Keep the cursor on the same entry when newer ones arrive above it.
            table.move_cursor(row=table.get_row_index(str(selected.id)))
        self.query_one("#history-title", Static).update(self.title_line(data))
        first = len(self.pages) - 1
        shown = f"{first * PAGE_SIZE + 1}–{first * PAGE_SIZE + len(data.changes)}" if data.changes else "0"
        more = "  ] older" if data.has_older else ""
        newer = "  [ newer" if first else ""
        self.query_one("#history-page", Static).update(f"{shown} of {format_number(data.total)}{newer}{more}")

    def title_line(self, data: HistoryPage) -> Text:
        text = Text(_("History"), style="bold")
        if self.entity_id is not None and self.entity:
            label = data.changes[0].what if data.changes else f"#{self.entity_id}"
            text.append(f" of {entity_word(self.entity)} ")
            text.append_text(literal(label))
        elif self.entity:
            text.append(f" · {entity_word(self.entity)}s")
        else:
            text.append(_(" · all changes"))
        if self.user:
            text.append(_(" · by "))
            text.append_text(literal(self.user))
        return text

    def selected_run(self) -> tuple[Change, ...]:
        table = self.query_one("#history-table", DataTable)
        if self.page is None or not table.row_count:
            return ()
        row, shown = table.cursor_row, self.page.runs
        return shown[row] if 0 <= row < len(shown) else ()

    def selected_change(self) -> Change | None:
        run = self.selected_run()
        return run[0] if run else None

    # -- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_older(self) -> None:
        if self.page is not None and self.page.has_older and self.page.changes:
            self.pages.append(self.page.changes[-1].id)
            self.reload()

    def action_newer(self) -> None:
        if len(self.pages) > 1:
            self.pages.pop()
            self.reload()

    def restart(self) -> None:
        self.pages = [None]
        self.reload()

    def action_clear_filters(self) -> None:
        self.user = self.entity = self.entity_id = None
        self.restart()

    def action_pick_user(self) -> None:
        def search(session: Session, query: str, limit: int) -> list[Choice]:
            users = [u for u in audit_users(session) if fold(query) in fold(u)]
            return [Choice(i + 1, user) for i, user in enumerate(users[:limit])]

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.user = choice.label if choice.id is not None else None
                self.restart()

        self.app.push_screen(PickerDialog(_("Changes by"), search, allow_none=_("everyone")), picked)

    def action_pick_entity(self) -> None:
        def search(session: Session, query: str, limit: int) -> list[Choice]:
            kinds = [e for e in audit_entities(session) if fold(query) in fold(entity_word(e))]
            return [Choice(i + 1, entity_word(e), detail=e) for i, e in enumerate(kinds[:limit])]

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.entity = choice.detail if choice.id is not None else None
                self.entity_id = None
                self.restart()

        self.app.push_screen(PickerDialog(_("Changes to"), search, allow_none=_("everything")), picked)

    def action_details(self) -> None:
        run = self.selected_run()
        if run and self.page is not None:
            self.app.push_screen(MessageDialog(_("Change"), change_details(run, self.page.names)))

    def action_revert(self) -> None:
        """Revert the selected change (a bulk row: all of it) as a new audited change, or say why not."""
        from okr_cockpit.services.undo import revert_step

        ids = tuple(change.id for change in self.selected_run())
        if not ids:
            return
        self.write(
            lambda session: revert_step(session, ids),
            done=lambda what: self.notify(_("Reverted: {what}.").format(what=what), markup=False),
        )

    def selected_record(self) -> tuple[str, int] | None:
        change = self.selected_change()
        return (change.entity, change.entity_id) if change is not None else None

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_details()


def action_words(change: Change, count: int = 1) -> str:
    """`✎ changed unit`, or `+ added 181 events` for a run."""
    entity = entity_word(change.entity)
    if count == 1:
        template = ACTION_WORDS.get(change.action)
        return _(template).format(what=entity) if template else f"· {change.action} {entity}"
    template = RUN_WORDS.get(change.action)
    if template is None:
        return f"· {change.action} {format_number(count)} {plural_entity(entity, count)}"
    return _(template).format(count=format_number(count), what=plural_entity(entity, count))


def plural_entity(entity: str, count: int) -> str:
    """English plural of an entity word; German keeps the word ("181 × Termin": the template says ×)."""
    if count == 1 or current_language() != "en":
        return entity
    return entity[:-1] + "ies" if entity.endswith("y") else entity + "s"


def history_row(run: tuple[Change, ...] | Change, names: Names | None = None) -> tuple[Text, ...]:
    run = run if isinstance(run, tuple) else (run,)
    change = run[0]
    when = change.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    record = change.what
    if len(run) > 1:
        more = len(run) - 1
        record = ngettext("{label} and {count} more", "{label} and {count} more", more).format(
            label=change.what, count=format_number(more)
        )
    return (
        Text(when),
        literal(change.who),
        Text(action_words(change, len(run))),
        literal(record),
        literal(describe_fields(change.fields, action=change.action, width=24, names=names)),
    )


def change_details(run: tuple[Change, ...] | Change, names: Names | None = None) -> Text:
    """Every field of one entry, full values, one per line; a run lists the records it touched."""
    run = run if isinstance(run, tuple) else (run,)
    change = run[0]
    text = Text()
    text.append(f"{change.at.astimezone():%Y-%m-%d %H:%M:%S %Z}  ")
    text.append_text(literal(change.who))
    text.append(f"\n{action_words(change, len(run))} ")
    if len(run) == 1:
        text.append_text(literal(change.what))
    text.append("\n\n")
    for field in change.fields:
        if field.field in ("version", "id"):
            continue
        text.append(f"{field_word(field.field)}: ", style="bold")
        if change.action == "update":
            old = describe_value(field.old, width=2000, field=field.field, names=names)
            text.append_text(literal(old))
            text.append(" → ")
        value = field.old if change.action == "delete" else field.new
        text.append_text(literal(describe_value(value, width=2000, field=field.field, names=names)))
        text.append("\n")
    if len(run) > 1:
        text.append("\n")
        for each in run[:50]:
            text.append_text(literal(each.what))
            text.append("\n")
        if len(run) > 50:
            text.append(
                ngettext("… and {count} more", "… and {count} more", len(run) - 50).format(
                    count=format_number(len(run) - 50)
                )
            )
    return text


class HistoryProvider(Provider):
    """The palette's "History" entry."""

    TITLE = N_("History: recent changes by everyone")

    async def discover(self) -> Hits:
        yield DiscoveryHit(_(self.TITLE), partial(self.app.show_history))

    async def search(self, query: str) -> Hits:
        matcher = FoldedMatcher(query, match_style=self.match_style)
        score = matcher.match(_(self.TITLE))
        if score > 0:
            yield Hit(score, matcher.highlight(_(self.TITLE)), partial(self.app.show_history))
