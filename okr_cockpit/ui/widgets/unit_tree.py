"""The org-unit tree: loads a unit's children in a thread worker when it is expanded, never all units.

Each line is the unit's name (shown literally), its rollout state as glyph and word, and its wave.
`rebuild` redraws the tree from a reload's data and puts the cursor back on the same unit.
"""

from collections.abc import Iterable

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.org import reads
from okr_cockpit.services.org.reads import UnitNode
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import CHANGED_MARK, literal, state_label
from okr_cockpit.ui.widgets.list_keys import list_moves
from okr_cockpit.ui.widgets.marks import MARKED, Marking, mark_keys

# A parent with more children than this shows a "… more" line; `/` finds the rest.
CHILD_LIMIT = 1000

Node = TreeNode[UnitNode | None]


def unit_label(
    unit: UnitNode, *, changed: bool = False, match: bool = False, marked: bool = False, marked_below: int = 0
) -> Text:
    """Mark, name, state, wave; `marked_below`: marks hidden in this collapsed unit's subtree."""
    name = literal(unit.name)
    if match:
        name.stylize("bold underline")
    label = Text(f"{MARKED} ", style="bold") if marked else Text()
    label.append_text(name)
    label.no_wrap, label.overflow = True, "fold"  # the tree scrolls sideways; never cut names
    if marked_below:  # before state and wave, so a narrow pane still shows it
        words = ngettext("{count:,} marked below", "{count:,} marked below", marked_below)
        label.append(f"  {MARKED} " + words.format(count=marked_below), style="bold")
    label.append(f"  {state_label(unit.state)}", style="bold" if unit.state == "live" else "")
    if unit.wave:
        label.append("  · ", style="dim")
        label.append_text(Text(literal(unit.wave).plain, style="dim"))
    if changed:
        label.append(f"  {CHANGED_MARK}", style="bold")
    return label


class UnitTree(ReportsFailures, Marking, Tree[UnitNode | None]):
    """Units by parent; the hidden root holds the top-level units. Space marks units for `b`."""

    BINDINGS = [
        Binding("enter", "open", N_("Coaches of unit"), id="units.open"),
        Binding("l,right", "expand", N_("Expand"), key_display="l/→", show=False, id="units.expand"),
        Binding("h,left", "collapse", N_("Collapse"), key_display="h/←", show=False, id="units.collapse"),
        *list_moves("scroll_home", "scroll_end"),
        *mark_keys(),  # space: mark, instead of Tree's expand/collapse (l/h and arrows do that)
    ]

    class Open(Message):
        """The user pressed enter on a unit."""

        def __init__(self, unit: UnitNode) -> None:
            super().__init__()
            self.unit = unit

    def __init__(self, **kwargs) -> None:
        super().__init__("Organisation", data=None, **kwargs)
        self.show_root = False
        self.auto_expand = False  # enter opens the unit's coaches; l/h and arrows expand
        self.node_of: dict[int, Node] = {}
        self.loaded: set[int | None] = set()  # units whose children are in the tree (None: the top)
        self.changed: set[int] = set()
        self.matches: frozenset[int] = frozenset()
        self.rows_fetched = 0  # units fetched by lazy expansion, for the tests and the status

    # -- reading the tree's state ---------------------------------------------------------
    @property
    def cursor_unit(self) -> UnitNode | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def expanded_ids(self) -> set[int]:
        return {uid for uid, node in self.node_of.items() if node.is_expanded}

    def loaded_ids(self) -> set[int]:
        return {uid for uid in self.loaded if uid is not None}

    # -- filling --------------------------------------------------------------------------
    def fill(self, node: Node, kids: list[UnitNode], *, total: int | None = None) -> None:
        """Replace the children of `node` with `kids` (a page of at most CHILD_LIMIT)."""
        self.forget(node)
        node.remove_children()
        for kid in kids:
            child = node.add(self.label_for(kid), data=kid, allow_expand=kid.child_count > 0, expand=False)
            self.node_of[kid.id] = child
        shown = len(kids)
        if total is not None and total > shown:
            node.add_leaf(
                Text(
                    _("… {value:,} more: press / to find them").format(value=total - shown),
                    style="dim italic",
                )
            )
        self.loaded.add(node.data.id if node.data else None)

    def forget(self, node: Node) -> None:
        """Drop the bookkeeping of everything below `node` (its children are about to go)."""
        stack = list(node.children)
        while stack:
            child = stack.pop()
            if child.data is not None:
                self.node_of.pop(child.data.id, None)
                self.loaded.discard(child.data.id)
            stack.extend(child.children)

    def label_for(self, unit: UnitNode) -> Text:
        changed, match, marked = unit.id in self.changed, unit.id in self.matches, self.is_marked(unit.id)
        node = self.node_of.get(unit.id)
        below = self.marked_below(node) if node is not None and not node.is_expanded and self.marks else 0
        return unit_label(unit, changed=changed, match=match, marked=marked, marked_below=below)

    def marked_below(self, node: Node) -> int:
        """How many marked units a collapsed node hides (a bulk action still applies to them)."""
        count, stack = 0, list(node.children)
        while stack:
            child = stack.pop()
            count += child.data is not None and child.data.id in self.marks
            stack.extend(child.children)
        return count

    # -- marks (see Marking) ----------------------------------------------------------------
    def mark_key(self) -> int | None:
        unit = self.cursor_unit
        return unit.id if unit is not None else None

    def draw_mark(self, key, marked: bool) -> None:
        node = self.node_of.get(key)
        while node is not None and node.data is not None:  # the unit, and the counts of collapsed ancestors
            node.set_label(self.label_for(node.data))
            node = node.parent

    def shown_keys(self) -> list[int]:
        return list(self.node_of)

    def after_mark(self) -> None:
        self.action_cursor_down()

    def rebuild(
        self,
        kids_of: dict[int | None, list[UnitNode]],
        *,
        expanded: Iterable[int],
        select: int | None,
        fallback_line: int,
        partial: bool = False,
    ) -> None:
        """Redraw from `kids_of` (children per loaded unit), expanding `expanded`, cursor on `select`.

        `partial`: the lists are a filter's matches, not all children, so no "… more" lines.
        """
        keep_scroll = self.scroll_y
        self.clear()
        self.node_of, self.loaded = {}, set()
        self.root.expand()
        open_ids = set(expanded)
        pending: list[Node] = [self.root]
        while pending:
            node = pending.pop()
            uid = node.data.id if node.data else None
            if uid not in kids_of:
                continue
            total = node.data.child_count if node.data and not partial else None
            self.fill(node, kids_of[uid], total=total)
            for child in node.children:
                if child.data is None:
                    continue  # a "… more" line
                if child.data.id in open_ids:
                    child.expand()
                pending.append(child)
        self._tree_lines  # noqa: B018 — sizes the tree now, so the old scroll position can be restored
        self.scroll_to(y=keep_scroll, animate=False, immediate=True)
        target = self.node_of.get(select) if select is not None else None
        if target is not None:
            self.place_cursor(target)
        else:
            self.place_cursor_at_line(fallback_line)

    def place_cursor(self, node: Node) -> None:
        self._tree_lines  # noqa: B018 — builds the lines so node.line is current (Textual computes lazily)
        self.cursor_line = node.line
        self.scroll_to_node(node, animate=False)

    def place_cursor_at_line(self, line: int) -> None:
        lines = len(self._tree_lines)
        if lines:
            self.cursor_line = max(0, min(line, lines - 1))

    def relabel(self) -> None:
        for node in self.node_of.values():
            if node.data is not None:
                node.set_label(self.label_for(node.data))

    # -- lazy loading ---------------------------------------------------------------------
    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        node = event.node
        if node.data is not None and node.data.id not in self.loaded:
            self.load_children(node)
        self.marks_folded(node)

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed) -> None:
        self.marks_folded(event.node)

    def marks_folded(self, node: Node) -> None:
        """A collapsed unit says how many marks it hides; expanded, its marked children show them."""
        if self.marks and node.data is not None:
            node.set_label(self.label_for(node.data))

    @work(thread=True, group="unit-children", exit_on_error=False)
    def load_children(self, node: Node) -> None:
        unit = node.data
        assert unit is not None
        kids = self.app.db.read(lambda session: reads.children(session, unit.id, limit=CHILD_LIMIT))
        self.app.call_from_thread(self.children_loaded, node, kids)

    def children_loaded(self, node: Node, kids: list[UnitNode]) -> None:
        if node.data is None or self.node_of.get(node.data.id) is not node:
            return  # the tree was rebuilt meanwhile; the reload brought its own children
        self.rows_fetched += len(kids)
        self.fill(node, kids, total=node.data.child_count)
        if not kids:
            node.allow_expand = False  # its children were removed since the line was drawn

    # -- keys -----------------------------------------------------------------------------
    def action_open(self) -> None:
        unit = self.cursor_unit
        if unit is not None:
            self.post_message(self.Open(unit))

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.is_expanded and node.children:
            self.place_cursor(node.children[0])

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.place_cursor(node.parent)
