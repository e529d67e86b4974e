"""The cockpit app: wiring of screens, global keys, palette, live refresh. `make_app` builds it on an
open database; `start_app` builds it so that the first frame comes before the database is opened.

The start path imports Textual and the cockpit's chrome only: SQLAlchemy, the models and the services
(about half a second of imports) are imported in the thread that opens the database, while the top bar
is already on screen. So nothing at module level here may import them; they come with the screens.
"""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from okr_cockpit.i18n import N_, _
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.help import help_dialog
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.messages import DatabaseChanged, ServerReachable
from okr_cockpit.ui.present import PRESENT_REASON, PRESENT_THEME, PresentationMixin
from okr_cockpit.ui.screen_list import SCREEN_BY_MODE, SCREENS
from okr_cockpit.ui.widgets.key_footer import KeyFooter
from okr_cockpit.ui.widgets.top_bar import TopBar
from okr_cockpit.user_settings import load_settings, remember_started_empty, update_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from okr_cockpit.db.engine import Database
    from okr_cockpit.db.location import Location

Clock = Callable[[], date]
Opener = Callable[[], "tuple[Database, str]"]  # the open database and why it is read-only ("" if not)


OPENED_READ_ONLY = N_("Opened read-only (--read-only).")  # reasons are kept in English, shown translated
SERVER_UNREACHABLE = N_(
    "The database server cannot be reached; reconnecting… (changes are not saved meanwhile)"
)


def is_cockpit_screen(screen: object) -> bool:
    from okr_cockpit.ui.screens.base import CockpitScreen

    return isinstance(screen, CockpitScreen)


# The palette's providers, imported when the palette first opens (Textual takes callables).
def go_to_provider():
    from okr_cockpit.ui.commands import GoToProvider

    return GoToProvider


def screens_provider():
    from okr_cockpit.ui.commands import ScreensProvider

    return ScreensProvider


def history_provider():
    from okr_cockpit.ui.screens.history.screen import HistoryProvider

    return HistoryProvider


class StartScreen(Screen):
    """What the first frame shows while the database opens: the top bar, a line, the footer."""

    def compose(self) -> ComposeResult:
        yield TopBar("overview")
        yield Static(_("Opening the database…"), id="start-message")
        yield KeyFooter()


class CockpitApp(ReportsFailures, PresentationMixin, App):
    TITLE = "okr-cockpit"
    CSS_PATH = "app.tcss"
    MODES = {entry.mode: entry.load for entry in SCREENS}
    COMMANDS = App.COMMANDS | {go_to_provider, screens_provider, history_provider}
    BINDINGS = [
        *(Binding(e.key, f"switch_mode({e.mode!r})", e.short, id=f"screen.{e.mode}") for e in SCREENS),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="app.help"),
        Binding("q", "quit", N_("Quit"), id="app.quit"),
        Binding("u,ctrl+z", "undo", N_("Undo"), key_display="u", id="app.undo"),
    ]

    def __init__(
        self,
        *,
        db: "Database | None" = None,
        opener: Opener | None = None,
        clock: Clock = date.today,
        read_only_reason: str = "",
        present: bool = False,
    ) -> None:
        super().__init__()
        self.today = clock
        self.present = present
        self.opener = opener
        self.db: Any = None  # a TrackedDatabase once open
        self.read_only_reason = ""
        self.start_error: BaseException | None = None  # the database could not be opened
        self.first_mode = "overview"  # a screen key pressed while the database opens is kept
        self.watcher: Any = None
        self.screens_imported = False
        self.undone = False  # `u` undid something (then "nothing more to undo", not "nothing changed")
        self.history_runs: Any = None  # the History's audit_runs.RunIndex, kept from one opening to the next
        if db is not None:
            self.attach(db, read_only_reason)

    def attach(self, db: "Database", read_only_reason: str) -> None:
        from okr_cockpit.services.audit import TrackedDatabase

        # Every write through the app remembers its audit ids: its own changes are not someone else's.
        self.db = db if isinstance(db, TrackedDatabase) else TrackedDatabase(db)
        self.read_only_reason = read_only_reason or (OPENED_READ_ONLY if db.read_only else "")

    @property
    def read_only_message(self) -> str:
        """Why an edit key does nothing, in the user's language."""
        return _(self.read_only_reason) if self.read_only_reason else _("The cockpit is read-only.")

    @property
    def banner_text(self) -> str:
        if self.db is None or not self.db.read_only:
            return ""
        return _("READ-ONLY · {reason}").format(reason=_(self.read_only_reason))

    def on_mount(self) -> None:
        saved = load_settings()
        if saved.theme in self.available_themes and not self.present:
            self.theme = saved.theme
        self.settings_ready = True  # from now on a theme change is the user's, and remembered
        self.set_keymap(saved.keys)  # the user's own keys, by binding id
        if self.db is not None:
            self.start()
        else:
            if self.present:  # the first frame is already in the presentation's light theme
                self.register_theme(PRESENT_THEME)
                self.theme = PRESENT_THEME.name
            self.push_screen(StartScreen())
            self.open_in_background()

    @work(thread=True, exit_on_error=False)
    def open_in_background(self) -> None:
        try:
            db, reason = self.opener()
            # The first screen's code too, while the UI thread has nothing to do (about 0.3 s of
            # imports that switch_mode would otherwise spend on the UI thread).
            SCREEN_BY_MODE[self.first_mode].import_class()
        except BaseException as error:  # said on the command line once the terminal is back
            self.start_error = error
            self.call_from_thread(self.exit, None, 1)
            return
        self.call_from_thread(self.database_opened, db, reason)

    def database_opened(self, db: "Database", reason: str) -> None:
        self.attach(db, reason)
        self.start()

    def action_switch_mode(self, mode: str) -> None:
        if self.db is None:  # still opening: that screen comes first
            self.first_mode = mode
            return
        self.switch_mode(mode)

    def start(self) -> None:
        from okr_cockpit.ui.watcher import DataVersionWatcher, NotifyListener

        self.setup_presentation()  # before the first screen, so it never flashes the dark theme
        self.switch_mode(self.first_mode)
        path = self.db.location.path
        if path is not None:
            self.watcher = DataVersionWatcher(path, self.notice_commit)
            self.start_watching(self.watcher)
        elif self.db.location.is_server:
            self.watcher = NotifyListener(
                self.db.location.conninfo,
                self.notice_commit,
                lambda reachable: self.post_message(ServerReachable(reachable)),
            )
            self.start_watching(self.watcher)
        if not self.db.read_only:
            self.offer_demo_data()

    def first_data_shown(self) -> None:
        """Called by the first screen once its data is on screen: the other screens' code comes now."""
        if not self.screens_imported:
            self.screens_imported = True
            self.import_screens()

    @work(thread=True, exit_on_error=False)
    def import_screens(self) -> None:
        # About 0.1 s of imports a screen that its first visit would otherwise spend on the UI thread.
        for entry in SCREENS:
            entry.import_class()

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is kept in the settings file for the next start."""
        mine = getattr(self, "settings_ready", False) and theme != PRESENT_THEME.name
        if mine and load_settings().theme != theme:
            update_settings(theme=theme)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    @work(thread=True, exit_on_error=False)
    def start_watching(self, watcher: Any) -> None:
        try:
            self.db.start_noticing()  # what the log holds now is nobody's news
        finally:
            watcher.start()  # a watcher stopped meanwhile ends at once

    def notice_commit(self) -> None:
        """In the watcher's thread: a commit to the file; only someone else's reloads the screen."""
        if self.db.others_committed():
            # post_message is thread-safe and, unlike call_from_thread, never blocks the watcher.
            self.post_message(DatabaseChanged())

    def on_database_changed(self, message: DatabaseChanged) -> None:
        # The screen under an open form reloads right away; the form itself is never touched
        # (a dialog on top that listens, like FormDialog, only says that its record changed).
        if not self.screen_stack:  # a commit noticed while the app is closing
            return
        for screen in reversed(self.screen_stack):
            if is_cockpit_screen(screen):
                screen.post_message(DatabaseChanged())
                break
        if not is_cockpit_screen(self.screen) and hasattr(self.screen, "on_database_changed"):
            self.screen.post_message(DatabaseChanged())

    def on_server_reachable(self, message: ServerReachable) -> None:
        from okr_cockpit.ui.widgets.status_line import StatusLine

        problem = "" if message.reachable else _(SERVER_UNREACHABLE)
        for screen in self.screen_stack:
            for line in screen.query(StatusLine):
                line.show_problem(problem)

    def show_history(self, entity: str | None = None, entity_id: int | None = None) -> None:
        """Open the History view, for everything or for one record."""
        from okr_cockpit.ui.screens.history.screen import HistoryScreen

        self.push_screen(HistoryScreen(entity=entity, entity_id=entity_id))

    async def run_in_thread_read(self, work_fn: "Callable[[Session], Any]") -> Any:
        """Run a read off the event loop and await its result (for palette providers)."""
        import asyncio

        return await asyncio.to_thread(self.db.read, work_fn)

    def action_help(self) -> None:
        self.push_screen(help_dialog(self.screen, self))

    def go_to(self, entity: str, entity_id: int) -> None:
        """Switch to the screen that shows `entity` and select the record there."""
        from okr_cockpit.ui.commands import SCREEN_FOR_ENTITY

        self.switch_mode(SCREEN_FOR_ENTITY[entity])
        screen = self.screen
        if is_cockpit_screen(screen):
            screen.reveal(entity, entity_id)

    @work(thread=True, exit_on_error=False)
    def offer_demo_data(self) -> None:
        from okr_cockpit.services.demo.generate import database_is_empty

        if self.database_key() in load_settings().started_empty:
            return
        if database_is_empty(self.db):
            self.call_from_thread(
                self.push_screen,
                ConfirmDialog(
                    _(
                        "This database is empty. Load the demo data "
                        "(a believable rollout of Northwind Group)?\n"
                        "You can also run `okr-cockpit demo` later."
                    ),
                    yes=_("Load demo"),
                    no=_("Start empty"),
                ),
                self.load_demo_if,
            )

    def load_demo_if(self, answer: bool | None) -> None:
        if answer:
            self.load_demo()
        elif answer is False:  # "Start empty": not asked again for this database
            remember_started_empty(self.database_key())

    def database_key(self) -> str:
        """How the settings file names this database: its absolute path, or its URL without a password."""
        path = self.db.location.path
        return str(path.resolve()) if path else self.db.engine.url.render_as_string(hide_password=True)

    @work(thread=True, exit_on_error=False)
    def load_demo(self) -> None:
        from okr_cockpit.services.demo.generate import load_demo

        self.call_from_thread(self.notify, _("Loading demo data…"))
        load_demo(self.db, size="small", today=self.today())
        self.call_from_thread(self.notify, _("Demo data loaded."))
        self.call_from_thread(self.refresh_screen)

    def action_undo(self) -> None:
        """Revert this cockpit's own last change (one write), as a new audited change."""
        screen = self.screen
        if self.db is None or (is_cockpit_screen(screen) and not screen.can_write()):
            return
        if not self.db.undo_steps:
            if self.undone:
                self.notify(_("Nothing more to undo: your changes since the cockpit started are all undone."))
            else:
                self.notify(_("Nothing to undo: you have not changed anything since the cockpit started."))
            return
        self.run_undo(self.db.undo_steps[-1])

    @work(thread=True, group="undo", exclusive=True, exit_on_error=False)
    def run_undo(self, step: tuple[int, ...]) -> None:
        from okr_cockpit.services.undo import revert_step

        what = self.db.write(lambda session: revert_step(session, step), undoable=False)
        if self.db.undo_steps and self.db.undo_steps[-1] == step:
            self.db.undo_steps.pop()
        self.undone = True
        self.call_from_thread(self.notify, _("Undone: {what}.").format(what=what), markup=False)
        self.call_from_thread(self.refresh_screen)

    def refresh_screen(self) -> None:
        if is_cockpit_screen(self.screen):
            self.screen.reload()


def open_for_app(given: "str | Location | None", *, read_only: bool, present: bool) -> "tuple[Database, str]":
    """The database at `given` (a path or URL; None: $OKR_COCKPIT_DB or the default), and why the app
    may not change it ("" if it may). Raises CockpitError."""
    from okr_cockpit.db.location import resolve
    from okr_cockpit.db.open import open_database

    opened = open_database(resolve(given), read_only=read_only or present)
    if opened.read_only_reason:
        return opened.db, opened.read_only_reason
    return opened.db, PRESENT_REASON if present and not read_only else ""


def make_app(
    *, db_url: "str | Location", read_only: bool = False, present: bool = False, clock: Clock | None = None
) -> CockpitApp:
    """Open the database at `db_url` (a path or URL) and build the app on it. Raises CockpitError."""
    db, reason = open_for_app(db_url, read_only=read_only, present=present)
    return CockpitApp(db=db, clock=clock or date.today, read_only_reason=reason, present=present)


def start_app(
    given: "str | Location | None", *, read_only: bool = False, present: bool = False
) -> CockpitApp:
    """The app that draws its first frame, then opens the database in a thread; if that fails, it
    exits with `start_error` set (for the command line to say)."""
    return CockpitApp(
        opener=lambda: open_for_app(given, read_only=read_only, present=present), present=present
    )
