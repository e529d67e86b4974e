"""The History view: the audit log newest first, filtered by user and entity, old → new.

One row per run (a bulk change is one row, see `audit_runs.runs`); the cursor scrolls through all of
them while the table holds a window (`WindowedTable`): the load finds where each run starts
(`audit_runs.RunIndex`, ids only), a window counts the ids between two starts and reads only the newest
entries of each run, so a bulk change of 100,000 entries costs a window no more than one of ten.

Opened from the palette ("History"), with `H` on any screen (for the selected record where the
screen knows one), or by `app.show_history(entity, entity_id)` from a detail pane.
"""

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from sqlalchemy.orm import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Static

from okr_cockpit.db.folding import fold
from okr_cockpit.i18n import N_, _, current_language, format_moment, format_number, ngettext
from okr_cockpit.services.audit import (
    ENTITY_WORDS,
    Change,
    Names,
    audit_entities,
    audit_users,
    change_ids,
    changes_by_id,
    describe_fields,
    describe_value,
    entity_word,
    field_word,
    names_in,
)
from okr_cockpit.services.audit_runs import RunIndex
from okr_cockpit.services.records import record_name
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.folded_matcher import FoldedMatcher
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.windowed_table import Window, WindowedTable, count_words, load_window

ACTION_WORDS = {
    "create": N_("+ added {what}"),
    "update": N_("✎ changed {what}"),
    "delete": N_("✖ deleted {what}"),
    "replace": N_("⟳ replaced {what}"),
}
RUN_WORDS = {  # a run of the same change: "+ added 181 events"
    "create": N_("+ added {count} {what}"),
    "update": N_("✎ changed {count} {what}"),
    "delete": N_("✖ deleted {count} {what}"),
    "replace": N_("⟳ replaced {count} {what}"),
}


RUN_SHOWN = 50  # of a bulk change, the records its details list by name


@dataclass(frozen=True)
class HistoryRow:
    """One row: a change, or a bulk change (181 events added at once) of `count` entries, of which
    `run` holds the newest RUN_SHOWN + 1 (enough to name them); all of them have ids in (`after_id`,
    run[0].id]."""

    run: tuple[Change, ...]
    names: Names  # (field, id) -> name, for the values shown
    count: int = 1
    after_id: int | None = None


@dataclass(frozen=True)
class HistoryData:
    window: Window
    read: Callable  # (session, offset, limit) -> the HistoryRows there
    changes: int  # entries, of which the rows are the runs
    record: str = ""  # the name of the one record whose history this is


def history_rows(session: Session, offset: int, limit: int, *, starts: array, **filters) -> list[HistoryRow]:
    """Rows offset… (at most `limit`). Row k is the run of the entries with ids in (starts[k + 1],
    starts[k]]: their ids are counted, but only the newest RUN_SHOWN + 1 of each are read, so a window
    costs the same whether a bulk change touched 10 records or 100,000."""
    if offset >= len(starts):
        return []
    end = min(offset + limit, len(starts))
    bounds = [(starts[k], starts[k + 1] if k + 1 < len(starts) else None) for k in range(offset, end)]
    ids = change_ids(session, upto_id=bounds[0][0], after_id=bounds[-1][1], **filters)
    runs_ids, position = [], 0
    for _start, after in bounds:  # ids are newest first, like the runs
        run_end = position
        while run_end < len(ids) and (after is None or ids[run_end] > after):
            run_end += 1
        runs_ids.append(ids[position:run_end])
        position = run_end
    shown = changes_by_id(session, [i for run in runs_ids for i in run[: RUN_SHOWN + 1]])
    by_id = {change.id: change for change in shown}
    names = names_in(session, shown)
    return [
        HistoryRow(tuple(by_id[i] for i in run[: RUN_SHOWN + 1]), names, len(run), after)
        for run, (_start, after) in zip(runs_ids, bounds, strict=True)
        if run
    ]


class HistoryTable(WindowedTable):
    FLEX = {2: 0, 3: 1, 4: 2}  # the record and its changes take the width left over; what only shrinks
    DROP = (4, 1)  # in a narrow terminal the changes go first (⏎ shows them), then who

    def row_key(self, row: HistoryRow) -> int:
        return row.run[0].id

    def cells(self, row: HistoryRow) -> tuple[Text, ...]:
        return history_row(row.run, row.names, row.count)


class HistoryScreen(CockpitScreen):
    MODE = "history"
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="history.back"),
        Binding("w", "pick_user", N_("Who"), id="history.user"),
        Binding("t", "pick_entity", N_("Type"), id="history.entity"),
        Binding("A", "clear_filters", N_("All changes"), id="history.clear"),
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
        self.from_top = False  # the next load puts the cursor on the newest row (new filters)
        self.data: HistoryData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(_("History"), id="history-title", markup=False)
        table = HistoryTable(id="history-table", zebra_stripes=True)
        for label, width in ((_("when"), 19), (_("who"), 16), (_("what"), action_width()), (_("record"), 24)):
            table.add_column(label, key=label, width=max(width, len(label)))
        table.add_column(_("changes (old → new)"), key="changes", width=36)
        yield table
        yield Static("", id="history-page", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.app.history_runs is None:
            self.app.history_runs = RunIndex()

    @property
    def table(self) -> HistoryTable:
        return self.query_one("#history-table", HistoryTable)

    def fetch(self, session: Session) -> HistoryData:
        filters = {"user": self.user, "entity": self.entity, "entity_id": self.entity_id}
        starts, count = self.app.history_runs.starts(session, **filters)
        keep, cursor = (None, 0) if self.from_top else self.table.selection()
        if keep in starts:  # the same entry, wherever newer ones put it
            cursor = starts.index(keep)
        read = partial(history_rows, starts=starts, **filters)
        window = load_window(session, read, len(starts), cursor, self.table.window_size)
        record = record_name(session, self.entity, self.entity_id) if self.entity and self.entity_id else ""
        return HistoryData(window, read, count, record)

    def show(self, data: HistoryData) -> None:
        self.data, self.from_top = data, False
        self.table.show_window(data.window, data.read)
        self.query_one("#history-title", Static).update(self.title_line(data))
        self.show_count()

    @on(WindowedTable.Moved)
    def show_count(self) -> None:
        if self.data is None:
            return
        total, rows = self.data.changes, self.data.window.total
        if not total:
            self.query_one("#history-page", Static).update(self.nothing_recorded())
            return
        count = ngettext("{total:,} change", "{total:,} changes", total).format(total=total)
        if rows != total:  # bulk changes are one row each: say so, or the row number outruns the count
            count += ngettext(" in {rows:,} row", " in {rows:,} rows", rows).format(rows=rows)
        self.query_one("#history-page", Static).update(count_words(self.table, count))

    def nothing_recorded(self) -> str:
        """What an empty History says, and how to see more."""
        if self.entity or self.user:  # (the title names the record, type or user)
            return _("No recorded changes match; A shows all changes.")
        return _("No changes recorded yet: what anyone saves appears here.")

    def title_line(self, data: HistoryData) -> Text:
        text = Text(_("History"), style="bold")
        if self.entity_id is not None and self.entity:
            text.append(_(" of {what} ").format(what=entity_word(self.entity)))
            text.append_text(literal(data.record))
        elif self.entity:
            text.append(_(" · type: {what}").format(what=entity_word(self.entity)))
        else:
            text.append(_(" · all changes"))
        if self.user:
            text.append(_(" · by "))
            text.append_text(literal(self.user))
        return text

    def selected_run(self) -> tuple[Change, ...]:
        row = self.table.current()
        return row.run if row is not None else ()

    def selected_change(self) -> Change | None:
        run = self.selected_run()
        return run[0] if run else None

    # -- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def restart(self) -> None:
        self.from_top = True
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
        kinds: list[str] = []  # the table names behind the words shown, by choice id - 1

        def search(session: Session, query: str, limit: int) -> list[Choice]:
            kinds[:] = [e for e in audit_entities(session) if fold(query) in fold(entity_word(e))][:limit]
            return [Choice(i + 1, entity_word(e)) for i, e in enumerate(kinds)]

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.entity = kinds[choice.id - 1] if choice.id is not None else None
                self.entity_id = None
                self.restart()

        self.app.push_screen(PickerDialog(_("Changes to"), search, allow_none=_("everything")), picked)

    def action_details(self) -> None:
        row = self.table.current()
        if row is not None:
            self.app.push_screen(MessageDialog(_("Change"), change_details(row.run, row.names, row.count)))

    def action_revert(self) -> None:
        """Revert the selected change (a bulk row: all of it) as a new audited change, or say why not."""
        from okr_cockpit.services.undo import revert_step

        row = self.table.current()
        if row is None:
            return
        filters = {"user": self.user, "entity": self.entity, "entity_id": self.entity_id}

        def revert(session: Session) -> str:
            ids = change_ids(session, upto_id=row.run[0].id, after_id=row.after_id, **filters)
            return revert_step(session, ids)

        self.write(
            revert,
            done=lambda what: self.notify(_("Reverted: {what}.").format(what=what), markup=False),
        )

    def selected_record(self) -> tuple[str, int] | None:
        change = self.selected_change()
        return (change.entity, change.entity_id) if change is not None else None

    @on(WindowedTable.Selected)
    def row_selected(self) -> None:
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


def action_width() -> int:
    """The `what` column: as wide as the longest single action in the user's language, but at most 24
    (the record beside it matters more; the rare longer ones end in "…")."""
    entities = [_(entity) for entity in ENTITY_WORDS.values()]
    words = [_(action).format(what=entity) for action in ACTION_WORDS.values() for entity in entities]
    return min(24, max(20, *(len(word) for word in words)))


def plural_entity(entity: str, count: int) -> str:
    """English plural of an entity word; German keeps the word ("181 × Termin": the template says ×)."""
    if count == 1 or current_language() != "en":
        return entity
    return entity[:-1] + "ies" if entity.endswith("y") else entity + "s"


def history_row(run: tuple[Change, ...], names: Names, count: int) -> tuple[Text, ...]:
    """The cells of one row: a change, or the newest entries of a bulk change of `count`."""
    change = run[0]
    record = change.what
    if count > 1:
        more = count - 1
        record = ngettext("{label} and {count} more", "{label} and {count} more", more).format(
            label=change.what, count=format_number(more)
        )
    return (
        Text(format_moment(change.at)),
        literal(change.who),
        Text(action_words(change, count)),
        literal(record),
        literal(describe_fields(change.fields, action=change.action, width=24, names=names)),
    )


def change_details(run: tuple[Change, ...], names: Names, count: int) -> Text:
    """Every field of one entry, full values, one per line; a bulk change of `count` entries lists the
    records it touched (the first RUN_SHOWN)."""
    change = run[0]
    text = Text()
    text.append(f"{format_moment(change.at)} {change.at.astimezone():%Z}  ")
    text.append_text(literal(change.who))
    text.append(f"\n{action_words(change, count)} ")
    if count == 1:
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
    if count > 1:
        text.append("\n")
        for each in run[:RUN_SHOWN]:
            text.append_text(literal(each.what))
            text.append("\n")
        if count > RUN_SHOWN:
            text.append(
                ngettext("… and {count} more", "… and {count} more", count - RUN_SHOWN).format(
                    count=format_number(count - RUN_SHOWN)
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
