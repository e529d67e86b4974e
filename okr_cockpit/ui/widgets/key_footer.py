"""The footer of every screen: the keys in force that fit in whole words, then "? more".

One line drawn by one widget (Textual's Footer builds a widget per key and restyles all of them on
every bindings update). The screen's own keys come first, in the order the focused pane and the
screen declare them, then History and Undo; the screen switches are left to the top bar and the rest
to `?`. A key that does not fit is left out whole, never cut. A click on a key presses it.
"""

from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget

from okr_cockpit.i18n import _

GAP = "  "


@dataclass(frozen=True)
class FooterItem:
    key: str  # what a click presses
    shown_keys: str
    description: str
    enabled: bool

    @property
    def width(self) -> int:
        return cell_len(self.shown_keys) + 1 + cell_len(self.description)


def footer_items(screen: Screen, app: App) -> list[FooterItem]:
    """The keys the footer may show, most important first; grouped bindings share one item."""
    ranked: list[tuple[int, Binding, bool]] = []
    seen_actions: set[tuple[object, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or binding.action.startswith("switch_mode(") or binding.id == "app.help":
            continue
        if (active.node, binding.action) in seen_actions:
            continue  # one action bound to several keys is shown once
        seen_actions.add((active.node, binding.action))
        tier = 2 if active.node is app else 1 if binding.id == "screen.history" else 0
        ranked.append((tier, binding, active.enabled))
    ranked.sort(key=lambda entry: entry[0])  # stable: declared order within a tier
    items: list[FooterItem] = []
    for group, members in groupby(ranked, key=lambda entry: entry[1].group):
        members = list(members)
        if group is not None and len(members) > 1:
            shown = " ".join(app.get_key_display(binding) for _tier, binding, _enabled in members)
            enabled = any(enabled for _tier, _binding, enabled in members)
            items.append(FooterItem(members[0][1].key, shown, _(group.description), enabled))
            continue
        for _tier, binding, enabled in members:
            items.append(
                FooterItem(binding.key, app.get_key_display(binding), _(binding.description), enabled)
            )
    return items


def fitting(items: list[FooterItem], width: int, more: FooterItem) -> list[FooterItem]:
    """The first items that fit in `width` beside `more`: the first that does not fit ends the line
    (a later, shorter key in its place would put a less important key before a more important one)."""
    room = width - 1 - more.width - len(GAP)  # a leading space
    shown: list[FooterItem] = []
    for item in items:
        needed = item.width + (len(GAP) if shown else 0)
        if needed > room:
            break
        shown.append(item)
        room -= needed
    return [*shown, more]


class KeyFooter(Widget):
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--disabled"}
    DEFAULT_CSS = """
    KeyFooter { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    KeyFooter > .key-footer--key { color: $footer-key-foreground; text-style: bold; }
    KeyFooter > .key-footer--disabled { color: $text-disabled; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[FooterItem] = []
        self.spans: list[tuple[int, int, str]] = []  # (start, end, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        items = footer_items(screen, self.app)
        if items != self.items:
            self.items = items
            self.refresh()

    def shown_items(self) -> list[FooterItem]:
        more = FooterItem("question_mark", "?", _("more"), True)
        return fitting(self.items, self.size.width, more)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        disabled = self.get_component_rich_style("key-footer--disabled")
        text = Text(" ", no_wrap=True, overflow="crop")
        self.spans = []
        for index, item in enumerate(self.shown_items()):
            if index:
                text.append(GAP)
            start = cell_len(text.plain)
            # The space goes with the key: an SVG screenshot drops a segment's leading space.
            text.append(item.shown_keys + " ", style=key_style if item.enabled else disabled)
            text.append(item.description, style=None if item.enabled else disabled)
            self.spans.append((start, cell_len(text.plain), item.key))
        return text

    def plain(self) -> str:
        """What the footer shows, as text (for tests and the screenshots' checks)."""
        return self.render().plain

    def on_click(self, event: Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
