"""The suggestion as a list the PLO accepts whole, row by row (space marks) or discards; it writes nothing."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_cockpit.i18n import N_, _, ngettext
from okr_cockpit.services.coaching.suggest import Proposal, Suggestion
from okr_cockpit.ui.glyphs import literal
from okr_cockpit.ui.widgets.coach_roster import load_label
from okr_cockpit.ui.widgets.list_keys import CursorTable

MARKED, UNMARKED = "[x]", "[ ]"
HINT = N_("space mark · enter accept marked · A accept all · esc discard")


class ProposalTable(CursorTable):
    pass


class SuggestDialog(ModalScreen[list[Proposal] | None]):
    """Dismisses with the proposals to write (all, or the marked ones), or None when discarded."""

    BINDINGS = [
        Binding("space", "toggle", N_("Mark/unmark"), id="suggest.toggle"),
        Binding("enter", "accept_marked", N_("Accept marked"), priority=True, id="suggest.accept_marked"),
        Binding("A", "accept_all", N_("Accept all"), id="suggest.accept_all"),
        Binding("escape", "discard", N_("Discard"), id="suggest.discard"),
    ]
    DEFAULT_CSS = """
    SuggestDialog { align: center middle; }
    SuggestDialog > Vertical { width: 110; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; }
    SuggestDialog ProposalTable { height: 1fr; }
    SuggestDialog #suggest-hint { color: $text-muted; }
    SuggestDialog #suggest-hint.refused { color: $warning; text-style: bold; }
    """

    def __init__(self, suggestion: Suggestion, *, scope: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion
        self.scope = scope
        self.marked: set[int] = set()  # indexes into suggestion.proposals

    def compose(self) -> ComposeResult:
        s = self.suggestion
        box = Vertical()
        where = _(" in {scope}").format(scope=self.scope) if self.scope else ""
        box.border_title = _(
            "Suggested primary coaches{where}: {proposals_count} of {uncovered} uncovered teams"
        ).format(where=where, proposals_count=len(s.proposals), uncovered=s.uncovered)
        with box:
            summary = _("{count} proposals, balancing load, never over capacity.").format(
                count=len(s.proposals)
            )
            if s.left_open:
                summary += _(" {count} teams stay open: no active coach has a free place.").format(
                    count=s.left_open
                )
            replacing = sum(1 for p in s.proposals if p.replaces)
            if replacing:
                summary += ngettext(
                    " {count} team has a primary coach who is away (↺): accepting makes them its backup.",
                    " {count} teams have a primary coach who is away (↺): accepting makes them their backup.",
                    replacing,
                ).format(count=replacing)
            summary += _(" Nothing is written until you accept.")
            yield Static(summary, id="suggest-summary", markup=False)
            yield ProposalTable(cursor_type="row", id="proposals")
            yield Static(_(HINT), id="suggest-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(ProposalTable)
        # Names are never cut (two teams must not read alike), and every column has a header.
        for label, width in (
            (_("pick"), 4),
            (_("team"), None),
            (_("coach"), None),
            (_("load after"), 10),
            (_("division"), None),
            (_("same division"), 13),
        ):
            table.add_column(label, width=max(width, len(label)) if width else None)
        for index, p in enumerate(self.suggestion.proposals):
            table.add_row(*self.cells(p, marked=False), key=str(index))
        table.focus()

    @staticmethod
    def cells(p: Proposal, *, marked: bool) -> tuple:
        same = Text(_("same") if p.same_division else _("other"), style="" if p.same_division else "dim")
        return (
            Text(MARKED if marked else UNMARKED),
            literal(p.team),
            literal(coach_words(p)),
            load_label(p.load_after, p.capacity, width=4),
            literal(p.division or "—"),
            same,
        )

    def action_toggle(self) -> None:
        table = self.query_one(ProposalTable)
        if not table.row_count:
            return
        index = table.cursor_row
        self.marked ^= {index}
        table.update_cell_at((index, 0), Text(MARKED if index in self.marked else UNMARKED))
        table.move_cursor(row=min(index + 1, table.row_count - 1))
        self.show_hint(_(HINT))

    def show_hint(self, text: str, *, refused: bool = False) -> None:
        """The key line, or in its place why a key did nothing (in the dialog, gone with it; no toast)."""
        hint = self.query_one("#suggest-hint", Static)
        hint.update(text)
        hint.set_class(refused, "refused")

    def action_accept_marked(self) -> None:
        if not self.marked:
            self.show_hint(_("Nothing marked: mark rows with space, or accept all with A."), refused=True)
            return
        self.dismiss([p for i, p in enumerate(self.suggestion.proposals) if i in self.marked])

    def action_accept_all(self) -> None:
        self.dismiss(list(self.suggestion.proposals))

    def action_discard(self) -> None:
        self.dismiss(None)


def coach_words(p: Proposal) -> str:
    """`Ida Kraus`, or `Ida Kraus ↺ for Dario Santos` when the team's away primary becomes its backup."""
    return _("{coach} ↺ for {away}").format(coach=p.coach, away=p.replaces) if p.replaces else p.coach
