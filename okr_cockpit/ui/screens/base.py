"""What every cockpit screen shares: chrome, loading in a thread worker, guarded writes, reveal.

A screen implements `fetch(session)` (runs in a worker thread, returns plain data) and
`show(data)` (runs on the UI thread). `reload()` runs both; it is called when the screen comes
into view, after the user's own writes, and when another process changed the database.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.ui.messages import DatabaseChanged
from okr_cockpit.ui.widgets.banner import Banner
from okr_cockpit.ui.widgets.top_bar import TopBar


class CockpitScreen(Screen):
    MODE = ""  # the app mode this screen is shown in

    def compose(self) -> ComposeResult:
        yield TopBar(self.MODE)
        yield Banner(id="banner")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#banner", Banner).show_message(self.app.banner_text)

    def on_screen_resume(self) -> None:
        self.reload()

    def on_database_changed(self, _message: DatabaseChanged) -> None:
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.load()

    def fetch(self, session: Session) -> Any:
        return None

    def show(self, data: Any) -> None:
        pass

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        data = self.app.db.read(self.fetch)
        self.app.call_from_thread(self.show, data)

    # -- writing ---------------------------------------------------------------------------
    def can_write(self) -> bool:
        """False (and says why) when the cockpit is read-only."""
        if self.app.db.read_only:
            self.notify(self.app.read_only_reason or "The cockpit is read-only.", severity="warning")
            return False
        return True

    def write(self, work_fn: Callable[[Session], Any], *, done: Callable[[Any], None] | None = None) -> None:
        """Run a write in a worker; on success call `done` on the UI thread and reload."""
        if self.can_write():
            self.run_write(work_fn, done)

    @work(thread=True, group="write", exit_on_error=False)
    def run_write(self, work_fn: Callable[[Session], Any], done: Callable[[Any], None] | None) -> None:
        result = self.app.db.write(work_fn)
        if done is not None:
            self.app.call_from_thread(done, result)
        self.app.call_from_thread(self.reload)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place that turns a failed worker into a message the user can read."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, ConflictError):
            self.notify(
                f"{error} Nothing was changed; the screen shows the current state.", severity="warning"
            )
            self.reload()
        elif isinstance(error, CockpitError):
            self.notify(str(error), severity="error")
        else:
            self.notify(f"Unexpected error: {error!r}", severity="error")

    # -- navigation ------------------------------------------------------------------------
    def reveal(self, entity: str, entity_id: int) -> None:
        """Show and select the given record (palette "go to"); screens override."""
