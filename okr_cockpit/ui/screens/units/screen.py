"""Screen 2: the org-unit tree (children load on expand) with a detail pane; add, edit, move, delete, state.

A reload rebuilds only what the user had loaded: the children of every loaded unit, fetched in
one read, plus the path down to the selected unit — so the cursor stays on the same unit after
any change, whoever made it. The `/` filter shows matching units with their ancestors.
The dialog flows behind the keys (add, edit, move, state, delete) are in `dialogs/unit_actions.py`.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static, Tree

from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _, format_number, ngettext
from okr_cockpit.services.org import reads
from okr_cockpit.services.org.reads import SubtreeLevels, UnitDetail, UnitNode
from okr_cockpit.ui.screens.units.actions import UnitActions
from okr_cockpit.ui.screens.units.bulk import bulk_change
from okr_cockpit.ui.widgets.marks import Marking, selected_words
from okr_cockpit.ui.widgets.unit_detail import UnitDetailPane
from okr_cockpit.ui.widgets.unit_tree import CHILD_LIMIT, UnitTree

# `*` loads level by level and stops before a level would take it over this many units.
EXPAND_CAP = 2000
FILTER_LIMIT = 200
FILTER_DELAY = 0.2  # seconds of quiet typing before the filter queries


@dataclass(frozen=True)
class TreeRequest:
    """The tree's state when a reload starts (taken on the UI thread, read in the worker)."""

    seq: int
    loaded: frozenset[int]
    expanded: frozenset[int]
    select: int | None
    filter: str
    first: bool  # nothing shown yet: open the single top unit


@dataclass(frozen=True)
class UnitsView:
    seq: int
    kids_of: dict[int | None, list[UnitNode]]
    expanded: frozenset[int]
    select: int | None
    detail: UnitDetail | None
    waves: list[tuple[int, str]]
    matches: frozenset[int] = frozenset()
    filter: str = ""
    truncated: bool = False
    shown: int = field(default=0)


def depth_first(kids_of: dict[int | None, list[UnitNode]]) -> list[UnitNode]:
    ordered: list[UnitNode] = []
    stack = list(reversed(kids_of.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(kids_of.get(node.id, [])))
    return ordered


class UnitsScreen(UnitActions):
    MODE = "units"
    BINDINGS = [
        Binding("a", "add", N_("Add child"), id="units.add"),
        Binding("e", "edit", N_("Edit"), id="units.edit"),
        Binding("m", "move", N_("Move"), id="units.move"),
        Binding("d", "delete", N_("Delete"), id="units.delete"),
        Binding("t", "set_state", N_("State"), id="units.state"),
        Binding("b", "bulk", N_("Bulk wave/state"), id="units.bulk"),
        Binding("asterisk", "expand_all", N_("Expand all"), key_display="*", id="units.expand_all"),
        Binding("slash", "filter", N_("Filter"), key_display="/", id="units.filter"),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="units.clear_filter"),
    ]
    DEFAULT_CSS = """
    UnitsScreen #units-body { height: 1fr; }
    UnitsScreen #units-left { width: 1fr; min-width: 30; }
    UnitsScreen UnitTree { height: 1fr; }
    UnitsScreen UnitDetailPane { width: 45%; min-width: 34; }
    UnitsScreen #unit-filter { display: none; }
    UnitsScreen #unit-filter.shown { display: block; }
    UnitsScreen #units-message { height: auto; max-height: 3; padding: 0 1; color: $text-muted;
        display: none; }
    UnitsScreen #units-message.said { display: block; }
    UnitsScreen #units-message.refused { color: $error; text-style: bold; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = TreeRequest(0, frozenset(), frozenset(), None, "", True)
        self.seq = 0
        self.said_lasting = False  # see `say`
        self.pending_select: int | None = None
        self.pending_expand: set[int] = set()
        self.pending_since: int | None = None  # the reload that first asked for them
        self.filter_text = ""
        self.before_filter: tuple[frozenset[int], frozenset[int]] | None = None
        self.restore: tuple[frozenset[int], frozenset[int]] | None = None  # used by the next snapshot
        self.view: UnitsView | None = None
        self.detail: UnitDetail | None = None
        self.filter_timer = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="units-body"):
            with Vertical(id="units-left"):
                yield Input(placeholder=_("Filter units by name… (esc clears)"), id="unit-filter")
                yield Static("", id="units-message", markup=False)
                yield UnitTree(id="unit-tree")
            yield UnitDetailPane(id="unit-detail")

    @property
    def tree(self) -> UnitTree:
        return self.query_one(UnitTree)

    def on_mount(self) -> None:
        super().on_mount()
        self.tree.focus()

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        self.request = self.snapshot()
        super().reload()

    def snapshot(self) -> TreeRequest:
        tree = self.tree
        self.seq += 1
        cursor = tree.cursor_unit
        select = self.pending_select or (cursor.id if cursor else None)
        if self.restore is not None:  # leaving the filter: the tree as it was before it
            loaded, expanded = set(self.restore[0]), set(self.restore[1])
            self.restore = None
        else:
            loaded, expanded = tree.loaded_ids(), tree.expanded_ids()
        loaded |= self.pending_expand
        expanded |= self.pending_expand
        first = self.view is None
        # Kept until a view that includes them is shown: a later reload (the screen resuming
        # under a closing dialog) supersedes this one and must still honour them.
        if (self.pending_select is not None or self.pending_expand) and self.pending_since is None:
            self.pending_since = self.seq
        return TreeRequest(self.seq, frozenset(loaded), frozenset(expanded), select, self.filter_text, first)

    def fetch(self, session: Session) -> UnitsView:
        request = self.request
        waves = reads.wave_choices(session)
        if request.filter:
            return self.fetch_filtered(session, request, waves)
        select = request.select
        path = reads.ancestor_path(session, select) if select is not None else []
        if select is not None and not path:
            select = None  # deleted meanwhile: the cursor keeps its line
        kids_of: dict[int | None, list[UnitNode]] = {None: reads.children(session, None, limit=CHILD_LIMIT)}
        expanded = set(request.expanded) | set(path[:-1])
        if request.first and len(kids_of[None]) == 1:
            expanded.add(kids_of[None][0].id)  # open the company, so the first view says something
            select = select or kids_of[None][0].id
        kids_of.update(reads.children_of_many(session, set(request.loaded) | expanded))
        detail = reads.unit_detail(session, select, today=self.app.today()) if select is not None else None
        return UnitsView(request.seq, kids_of, frozenset(expanded), select, detail, waves)

    def fetch_filtered(self, session: Session, request: TreeRequest, waves) -> UnitsView:
        found = reads.filter_units(session, request.filter, limit=FILTER_LIMIT)
        kids_of: dict[int | None, list[UnitNode]] = {}
        for node in found.nodes:
            kids_of.setdefault(node.parent_id, []).append(node)
        parents = frozenset(uid for uid in kids_of if uid is not None)
        select = request.select if request.select in found.matches else None
        if select is None:
            select = next((n.id for n in depth_first(kids_of) if n.id in found.matches), None)
        detail = reads.unit_detail(session, select, today=self.app.today()) if select is not None else None
        return UnitsView(
            request.seq,
            kids_of,
            parents,
            select,
            detail,
            waves,
            matches=found.matches,
            filter=request.filter,
            truncated=found.truncated,
            shown=len(found.matches),
        )

    def show(self, view: UnitsView) -> None:
        tree = self.tree
        tree.changed = self.recently_changed("org_unit")
        if view is self.view:
            tree.relabel()  # only the change marks expired
            return
        if view.seq < self.seq:
            return  # a newer reload is on its way (e.g. reveal right after the screen resumed)
        self.view = view
        if self.pending_since is not None and view.seq >= self.pending_since:
            self.pending_select, self.pending_expand, self.pending_since = None, set(), None
        tree.matches = view.matches
        self.detail = view.detail
        line = max(tree.cursor_line, 0)
        tree.rebuild(
            view.kids_of,
            expanded=view.expanded,
            select=view.select,
            fallback_line=line,
            partial=bool(view.filter),
        )
        self.query_one(UnitDetailPane).show(view.detail if view.select is not None else None)
        if view.select is None:
            self.load_detail_for_cursor()
        if view.filter:
            self.show_filter_status(view)
        elif not self.said_lasting and not self.query_one("#units-message", Static).has_class("refused"):
            self.say(self.marks_line())

    def show_filter_status(self, view: UnitsView) -> None:
        if not view.matches:
            self.say(_("No unit matches '{text}' — escape clears the filter.").format(text=view.filter))
        elif view.truncated:
            self.say(
                _("The first {shown} matches for {filter!r}; type more to narrow.").format(
                    shown=view.shown, filter=view.filter
                )
            )
        else:
            self.say(
                ngettext(
                    "{shown:,} unit matches {filter!r} (shown with the units above it).",
                    "{shown:,} units match {filter!r} (shown with the units above them).",
                    view.shown,
                ).format(shown=view.shown, filter=view.filter)
            )

    def say(self, message: str, *, refused: bool = False, lasting: bool = False) -> None:
        """The line above the tree: refusals, the filter's result, notes about `*`, what a change did
        (`lasting`: kept through the reloads that change causes, until the next key)."""
        self.said_lasting = lasting
        line = self.query_one("#units-message", Static)
        line.update(message)
        line.set_class(refused, "refused")
        line.set_class(bool(message), "said")

    # -- the detail pane follows the cursor ----------------------------------------------------
    @on(Tree.NodeHighlighted)
    def cursor_moved(self, event: Tree.NodeHighlighted) -> None:
        unit = event.node.data
        if unit is not None and (self.detail is None or self.detail.id != unit.id):
            self.load_detail(unit.id)

    def load_detail_for_cursor(self) -> None:
        unit = self.tree.cursor_unit
        if unit is not None:
            self.load_detail(unit.id)
        else:
            self.detail = None
            self.query_one(UnitDetailPane).show(None)

    def load_detail(self, unit_id: int) -> None:
        today = self.app.today()
        self.load_latest(
            "unit-detail",
            lambda session: reads.unit_detail(session, unit_id, today=today),
            lambda detail: self.detail_loaded(unit_id, detail),
        )

    def detail_loaded(self, unit_id: int, detail: UnitDetail | None) -> None:
        cursor = self.tree.cursor_unit
        if cursor is None or cursor.id != unit_id:
            return  # the cursor moved on; its own load is coming
        self.detail = detail
        self.query_one(UnitDetailPane).show(detail)

    # -- navigation ------------------------------------------------------------------------
    def selected_record(self) -> tuple[str, int] | None:
        unit = self.tree.cursor_unit
        return ("org_unit", unit.id) if unit else None

    def reveal(self, entity: str, entity_id: int) -> None:
        if entity != "org_unit":
            return
        self.pending_select, self.pending_since = entity_id, None
        if not self.query(UnitTree):
            return  # just created by the palette's switch: its first load (on resume) reveals it
        if self.filter_text:
            self.restore = self.end_filter()
        else:
            self.end_filter()
        self.reload()
        self.tree.focus()

    @on(UnitTree.Open)
    def open_coaches(self, event: UnitTree.Open) -> None:
        scope = getattr(self.open_in("coaches"), "scope_to_unit", None)
        if callable(scope):
            scope(event.unit.id)

    # -- filter ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#unit-filter", Input)
        if not box.has_class("shown"):
            tree = self.tree
            self.before_filter = (frozenset(tree.loaded_ids()), frozenset(tree.expanded_ids()))
            box.add_class("shown")
        box.focus()

    @on(Input.Changed, "#unit-filter")
    def filter_typed(self, event: Input.Changed) -> None:
        if self.filter_timer is not None:
            self.filter_timer.stop()
        value = event.value.strip()
        self.filter_timer = self.set_timer(FILTER_DELAY, lambda: self.apply_filter(value))

    def apply_filter(self, value: str) -> None:
        if value == self.filter_text:
            return
        self.filter_text = value
        if not value:
            self.restore = self.before_filter
        self.reload()

    @on(Input.Submitted, "#unit-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.apply_filter(event.value.strip())
        self.tree.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#unit-filter", Input)
        if not box.has_class("shown") and not self.filter_text:
            self.go_back()  # nothing to clear: back along the path Enter took (from Coaches), if it did
            return
        had_filter = bool(self.filter_text)
        restore = self.end_filter()
        self.tree.focus()
        if had_filter:
            self.restore = restore
            self.reload()

    def end_filter(self) -> tuple[frozenset[int], frozenset[int]] | None:
        """Hide and empty the filter box; return the (loaded, expanded) units from before filtering."""
        if self.filter_timer is not None:
            self.filter_timer.stop()
        box = self.query_one("#unit-filter", Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.remove_class("shown")
        self.filter_text = ""
        restore = self.before_filter
        self.before_filter = None
        self.say("")
        return restore

    # -- expand everything under the cursor ------------------------------------------------
    def action_expand_all(self) -> None:
        unit = self.tree.cursor_unit
        if unit is None or not unit.child_count:
            return
        self.say(_("Loading everything under {name}…").format(name=unit.name))
        self.load_subtree(unit.id, unit.name)

    @work(thread=True, exclusive=True, group="unit-subtree", exit_on_error=False)
    def load_subtree(self, unit_id: int, name: str) -> None:
        levels = self.app.db.read(lambda session: reads.subtree_levels(session, unit_id, cap=EXPAND_CAP))
        self.app.call_from_thread(self.subtree_loaded, unit_id, name, levels)

    def subtree_loaded(self, unit_id: int, name: str, levels: SubtreeLevels) -> None:
        tree = self.tree
        pending = [unit_id]
        while pending:
            uid = pending.pop()
            node = tree.node_of.get(uid)
            if node is None or uid not in levels.children:
                continue
            tree.fill(node, levels.children[uid], total=node.data.child_count if node.data else None)
            node.expand()
            pending.extend(kid.id for kid in levels.children[uid])
        if levels.complete:
            self.say("")
        else:
            self.say(
                ngettext(
                    "Expanded {levels} level under {name}: the next level has {size} units (over {cap}).",
                    "Expanded {levels} levels under {name}: the next level has {size} units (over {cap}).",
                    levels.levels,
                ).format(
                    levels=levels.levels,
                    name=name,
                    size=format_number(levels.next_level_size),
                    cap=format_number(EXPAND_CAP),
                )
                + " "
                + _("Expand further by hand or use /.")
            )

    # -- writes ----------------------------------------------------------------------------
    def worker_failed(self, error: BaseException | None) -> None:
        """A refused write is said above the tree, where the user is looking, and as a notice."""
        if isinstance(error, ValidationError):
            self.refuse(str(error))
            return
        super().worker_failed(error)

    def refuse(self, message: str) -> None:
        self.say(message, refused=True)
        self.notify(message, severity="error", markup=False)

    def clear_refusal(self) -> None:
        if self.query_one("#units-message", Static).has_class("refused"):
            self.say("")

    def changed(self, unit_id: int | None, *, expand: int | None = None) -> None:
        """After a form saved: keep or put the cursor on `unit_id`, then reload."""
        if unit_id is None:
            return
        self.pending_select, self.pending_since = unit_id, None
        if expand is not None:
            self.pending_expand.add(expand)
        self.reload()

    def action_bulk(self) -> None:
        bulk_change(self)  # the marked units, else every unit the filter matches, else the subtree

    @on(Marking.Changed)
    def marks_changed(self) -> None:
        marks = self.marks_line()
        if marks or not self.said_lasting:
            self.say(marks)

    def on_key(self, _event: events.Key) -> None:
        self.said_lasting = False  # the user moved on

    def marks_line(self) -> str:
        """While units are marked, the line above the tree says how many and what to press."""
        count = len(self.tree.marked())
        if not count:
            return ""
        return _("{selected} — b changes their wave or state, esc clears the marks.").format(
            selected=selected_words(count)
        )
