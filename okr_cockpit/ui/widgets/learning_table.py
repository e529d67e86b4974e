"""The log of learnings and process changes as a table, and the detail text of the selected one.

The table has one line per learning: when, status (glyph and word), the cycle its change takes
effect in, and the change (or the lesson while there is none). Everything else is in the detail.
"""

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.process.learnings import LearningInfo
from okr_cockpit.ui.glyphs import CHANGED_MARK, literal, word
from okr_cockpit.ui.widgets.list_keys import CursorTable

CHANGE_STATUS_GLYPHS = {"proposed": "○", "accepted": "◑", "in_effect": "●", "dropped": "×"}
FIXED_WIDTHS = {"learned": 12, "status": 12, "effective": 9}  # the mark is part of "learned"
MIN_TEXT_WIDTH = 20


def status_label(status: str) -> str:
    return f"{CHANGE_STATUS_GLYPHS.get(status, '?')} {word(status)}"


def headline(item: LearningInfo) -> str:
    return item.change or _("(lesson) {lesson}").format(lesson=item.lesson)


class LearningTable(CursorTable):
    """Shows `LearningInfo`s; keys act on the screen."""

    BINDINGS = [
        Binding("n,a", "screen.add_learning", N_("Add learning"), key_display="n/a", id="learnings.add"),
        Binding("e", "screen.edit_learning", N_("Edit"), id="learnings.edit"),
        Binding("d", "screen.delete_learning", N_("Delete learning"), id="learnings.delete"),
        Binding("c", "screen.filter_cycle", N_("Filter by cycle"), id="learnings.filter_cycle"),
        Binding("t", "screen.filter_status", N_("Next status filter"), id="learnings.filter_status"),
        Binding("escape", "screen.clear_filters", N_("Clear filters"), show=False, id="learnings.clear"),
    ]
    DEFAULT_CSS = """
    LearningTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, show_row_labels=False, **kwargs)
        self.items: list[LearningInfo] = []
        self.marked: set[int] = set()
        self.text_width = 0

    def show_items(self, items: list[LearningInfo], *, marked: set[int]) -> None:
        """Replace the rows; the cursor stays on the same learning (or the same place)."""
        current = self.item_at_cursor()
        row_index = self.cursor_coordinate.row
        self.items, self.marked = list(items), set(marked)
        self.text_width = self.available_text_width()
        self.clear(columns=True)
        self.add_column(_("Learned"), width=FIXED_WIDTHS["learned"])
        self.add_column(_("Status"), width=FIXED_WIDTHS["status"])
        self.add_column(_("Effective"), width=FIXED_WIDTHS["effective"])
        self.add_column(_("Change (or lesson)"), width=self.text_width)
        for item in items:
            learned = Text(f"{CHANGED_MARK} " if item.id in marked else "  ")
            learned.append(format_day(item.learned_on))
            self.add_row(
                learned,
                status_label(item.status),
                literal(item.effective_cycle or "—"),
                literal(headline(item)),
                key=str(item.id),
            )
        ids = [item.id for item in items]
        if current is not None and current.id in ids:
            row_index = ids.index(current.id)
        if items:
            self.move_cursor(row=min(row_index, len(items) - 1), animate=False)

    def available_text_width(self) -> int:
        # Each column has one cell of padding either side; the rest of the width goes to the text.
        fixed = sum(FIXED_WIDTHS.values()) + 2 * (len(FIXED_WIDTHS) + 1) + 2  # + scrollbar
        return max(MIN_TEXT_WIDTH, (self.size.width or 80) - fixed)

    def on_resize(self) -> None:
        if self.items and self.available_text_width() != self.text_width:
            self.show_items(self.items, marked=self.marked)

    def select_learning(self, learning_id: int) -> None:
        ids = [item.id for item in self.items]
        if learning_id in ids:
            self.move_cursor(row=ids.index(learning_id), animate=False)

    def item_at_cursor(self) -> LearningInfo | None:
        index = self.cursor_coordinate.row
        return self.items[index] if 0 <= index < len(self.items) else None


def learning_detail(item: LearningInfo | None) -> Table | Text:
    """Every field of one learning, the texts in full."""
    if item is None:
        return Text(_("No learning selected."), style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=10)
    table.add_column("value", ratio=1)
    source = word(item.source) + (
        _(" in {cycle}").format(cycle=item.source_cycle) if item.source_cycle else ""
    )
    effective = item.effective_cycle or _("no cycle yet")
    for label, value in (
        (_("Lesson"), item.lesson),
        (_("Change"), item.change or "—"),
        (_("Rationale"), item.rationale or "—"),
    ):
        text = Text("".join(ch if ch.isprintable() else "�" for ch in value))  # literal, may wrap
        table.add_row(label, text)
    facts = Text(_("{status_label} · takes effect in ").format(status_label=status_label(item.status)))
    facts.append_text(literal(effective))
    facts.append(
        _(" · learned {date} from {source} · owner ").format(date=format_day(item.learned_on), source=source)
    )
    facts.append_text(literal(item.owner or _("no one")))
    table.add_row(_("Status"), facts)
    return table
