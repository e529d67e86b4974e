"""The cockpit app: wiring of screens, global keys, palette, live refresh. `make_app` builds it."""

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from okr_cockpit.db.engine import Database
from okr_cockpit.db.location import Location
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import TrackedDatabase
from okr_cockpit.ui.commands import SCREEN_FOR_ENTITY, GoToProvider, ScreensProvider
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.help import help_dialog
from okr_cockpit.ui.messages import DatabaseChanged
from okr_cockpit.ui.present import PresentationMixin
from okr_cockpit.ui.screen_list import SCREENS
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.screens.history.screen import HistoryProvider, HistoryScreen
from okr_cockpit.ui.watcher import DataVersionWatcher

Clock = Callable[[], date]


class CockpitApp(PresentationMixin, App):
    TITLE = "okr-cockpit"
    CSS_PATH = "app.tcss"
    MODES = {entry.mode: entry.load for entry in SCREENS}
    COMMANDS = App.COMMANDS | {GoToProvider, ScreensProvider, HistoryProvider}
    BINDINGS = [
        *(Binding(e.key, f"switch_mode({e.mode!r})", e.short, id=f"screen.{e.mode}") for e in SCREENS),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="app.help"),
        Binding("q", "quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(
        self, *, db: Database, clock: Clock = date.today, read_only_reason: str = "", present: bool = False
    ) -> None:
        super().__init__()
        # Every write through the app remembers its audit ids: its own changes are not someone else's.
        self.db = db if isinstance(db, TrackedDatabase) else TrackedDatabase(db)
        self.today = clock
        self.present = present
        self.read_only_reason = read_only_reason or (
            "Opened read-only (--read-only)." if db.read_only else ""
        )
        self.watcher: DataVersionWatcher | None = None
        self.own_audit_ids: set[int] = self.db.own_audit_ids

    @property
    def banner_text(self) -> str:
        return f"READ-ONLY · {self.read_only_reason}" if self.db.read_only else ""

    def on_mount(self) -> None:
        self.setup_presentation()  # before the first screen, so it never flashes the dark theme
        self.switch_mode("overview")
        path = self.db.location.path
        if path is not None:
            # post_message is thread-safe and, unlike call_from_thread, never blocks the watcher.
            self.watcher = DataVersionWatcher(path, lambda: self.post_message(DatabaseChanged()))
            self.watcher.start()
        if not self.db.read_only:
            self.offer_demo_data()

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        # The screen under an open form reloads right away; the form itself is never touched
        # (a dialog on top that listens, like FormDialog, only says that its record changed).
        if not self.screen_stack:  # a commit noticed while the app is closing
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, CockpitScreen):
                screen.post_message(DatabaseChanged())
                break
        if not isinstance(self.screen, CockpitScreen) and hasattr(self.screen, "on_database_changed"):
            self.screen.post_message(DatabaseChanged())

    def show_history(self, entity: str | None = None, entity_id: int | None = None) -> None:
        """Open the History view, for everything or for one record."""
        self.push_screen(HistoryScreen(entity=entity, entity_id=entity_id))

    async def run_in_thread_read(self, work_fn: Callable[[Session], Any]) -> Any:
        """Run a read off the event loop and await its result (for palette providers)."""
        import asyncio

        return await asyncio.to_thread(self.db.read, work_fn)

    def action_help(self) -> None:
        self.push_screen(help_dialog(self.screen, self))

    def go_to(self, entity: str, entity_id: int) -> None:
        """Switch to the screen that shows `entity` and select the record there."""
        mode = SCREEN_FOR_ENTITY[entity]
        self.switch_mode(mode)
        screen = self.screen
        if isinstance(screen, CockpitScreen):
            screen.reveal(entity, entity_id)

    @work(thread=True, exit_on_error=False)
    def offer_demo_data(self) -> None:
        from okr_cockpit.services.demo.generate import database_is_empty

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

    @work(thread=True, exit_on_error=False)
    def load_demo(self) -> None:
        from okr_cockpit.services.demo.generate import load_demo

        self.call_from_thread(self.notify, "Loading demo data…")
        load_demo(self.db, size="small", today=self.today())
        self.call_from_thread(self.notify, "Demo data loaded.")
        self.call_from_thread(self.refresh_screen)

    def refresh_screen(self) -> None:
        if isinstance(self.screen, CockpitScreen):
            self.screen.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (demo offer and load) report failures instead of vanishing."""
        if event.state == WorkerState.ERROR and event.worker.node is self:
            self.notify(str(event.worker.error), severity="error")


def make_app(
    *, db_url: "str | Location", read_only: bool = False, present: bool = False, clock: Clock | None = None
) -> CockpitApp:
    """Open the database at `db_url` (a path or URL) and build the app. Raises CockpitError."""
    from okr_cockpit.db.open import open_database

    opened = open_database(db_url, read_only=read_only or present)
    reason = opened.read_only_reason or (
        "Presentation mode is read-only." if present and not read_only else ""
    )
    return CockpitApp(db=opened.db, clock=clock or date.today, read_only_reason=reason, present=present)
