"""Presentation mode: a light high-contrast theme, read-only, less chrome, big headline figures.

For a projector or a shared screen in a workshop. The theme paints its own white background, so it
looks the same whatever the terminal's colours are. While presenting, the cockpit cannot change
anything: `db.read_only` is set, which both the screens (`can_write`) and `Database.write` obey.
The app's `-present` class lets `app.tcss` hide the footer, status line and banner and lets the
Overview show its figures with `Digits`. Under NO_COLOR Textual turns everything monochrome; every
status is a glyph and a word, so nothing is lost.
"""

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from okr_cockpit.i18n import N_, _

# Textual's own palette commands (textual.app.App.get_system_commands), marked for the catalog.
TEXTUAL_COMMAND_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
PRESENT_CLASS = "-present"
PRESENT_REASON = N_("Presentation mode is read-only.")
STARTED_PRESENTING = N_("Opened for a presentation (--present); start without --present to make changes.")

# Dark ink on white: every colour passes WCAG AA as text on the white background.
PRESENT_THEME = Theme(
    name="okr-present",
    primary="#0b3a82",
    secondary="#005a4e",
    accent="#7a2e00",
    warning="#8a4b00",
    error="#a4001d",
    success="#1b5e20",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e4e7ec",
    boost="#0b3a82",
    dark=False,
    variables={
        "footer-background": "#e4e7ec",
        "block-cursor-background": "#0b3a82",
        "block-cursor-foreground": "#ffffff",
        "border": "#0b3a82",
        "border-blurred": "#4a5668",
    },
)


class PresentationMixin:
    """Mixed into CockpitApp: `setup_presentation()` on mount, a palette entry, `toggle_presentation`."""

    presenting: bool = False

    def setup_presentation(self) -> None:
        """Register the theme; enter presentation mode at once when started with `--present`."""
        self.register_theme(PRESENT_THEME)
        if self.present:
            theme, reason = self.theme, self.read_only_reason_outside_presentation()
            self.set_presentation(True)
            # The file was opened read-only for the presentation: it stays read-only afterwards.
            self._before_presenting = (True, reason, theme)

    def read_only_reason_outside_presentation(self) -> str:
        if self.read_only_reason and self.read_only_reason != PRESENT_REASON:
            return self.read_only_reason
        return STARTED_PRESENTING

    def set_presentation(self, on: bool) -> None:
        if on == self.presenting:
            return
        if on:
            self._before_presenting = (self.db.read_only, self.read_only_reason, self.theme)
            self.db.read_only = True
            self.read_only_reason = PRESENT_REASON
            self.theme = PRESENT_THEME.name
        else:
            self.db.read_only, self.read_only_reason, self.theme = self._before_presenting
        self.presenting = on
        self.set_class(on, PRESENT_CLASS)
        self.refresh_banners()

    def action_toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)
        self.notify(
            _("Presentation mode on (read-only).") if self.presenting else _("Presentation mode off.")
        )

    def refresh_banners(self) -> None:
        from okr_cockpit.ui.widgets.banner import Banner

        # Every mode keeps its own screen stack; the banners of the hidden ones must change too.
        stacks = getattr(self, "_screen_stacks", {"": self.screen_stack}).values()
        for screen in {screen for stack in stacks for screen in stack}:
            for banner in screen.query(Banner):
                banner.show_message(self.banner_text)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's, in the user's language
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(
            _("Presentation mode"),
            _("Light high-contrast theme, read-only, big figures (toggle)"),
            self.action_toggle_presentation,
        )

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))
