"""What every cockpit screen shares: chrome, loading in a thread worker, guarded writes, reveal.

A screen implements `fetch(session)` (runs in a worker thread, returns plain data) and
`show(data)` (runs on the UI thread). `reload()` runs both; it is called after the user's own
writes, when another process changed the database, and when the screen comes into view if the
audit log has grown since its last load (every write is audited) or the day changed — so
`show` must keep the cursor and scroll position where they are (select the same record by id).

Other people's changes: after each load `recently_changed(entity)` gives the ids of records
someone else changed since the previous load, for MARK_SECONDS; `show` marks those rows (a glyph,
never colour alone). When the marks expire `show` runs again with the same data.
Writes go through `write(...)` or `delete_record(...)`, so the cockpit knows its own changes.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.audit import (
    Change,
    Names,
    changes_after,
    describe_fields,
    last_audit_id,
    last_change_of,
    latest_change,
    names_in,
)
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.glyphs import DONE, REFUSED
from okr_cockpit.ui.messages import DatabaseChanged
from okr_cockpit.ui.widgets.banner import Banner
from okr_cockpit.ui.widgets.key_footer import KeyFooter
from okr_cockpit.ui.widgets.status_line import StatusLine
from okr_cockpit.ui.widgets.top_bar import TopBar

MARK_SECONDS = 6.0
# More changes than this between two loads is a bulk load (a demo, an import): not worth marking.
MARK_LIMIT = 500
BULK_NAMES_SHOWN = 6  # a bulk change's question lists this many of the records it changes


@dataclass(frozen=True)
class AuditNews:
    """What the audit log says at the time of a load."""

    last_id: int
    latest: Change | None
    new: tuple[Change, ...]  # entries after the previous load's last_id, oldest first
    names: Names = field(default_factory=dict)  # the names of the ids in `latest`'s fields


def read_news(session: Session, seen: int | None) -> AuditNews:
    new = tuple(changes_after(session, seen, limit=MARK_LIMIT + 1)) if seen is not None else ()
    latest = latest_change(session)
    names = names_in(session, [latest]) if latest is not None else {}
    return AuditNews(last_audit_id(session), latest, new, names)


class CockpitScreen(ReportsFailures, Screen):
    MODE = ""  # the app mode this screen is shown in
    MESSAGE_LINE = ""  # the id of the screen's message line, if it has one (see `say`)
    BINDINGS = [Binding("H", "history", N_("History"), id="screen.history")]
    came_from = ""  # the mode `open_in` came from: where Escape goes back to

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual starts a screen as styled for no theme at all, so showing it re-parses every
        # stylesheet and restyles the whole app (~70-140 ms on its first two visits). A new screen is
        # styled when it mounts, with the theme in force: mark it as up to date with that theme.
        self._css_update_count = self.app._css_update_count
        self.shown_data: Any = None
        self.load_queued = False
        self.audit_seen: int | None = None
        self.loaded_for_day: Any = None  # the app's today() at the last load
        self.change_marks: dict[tuple[str, int], float] = {}  # (entity, id) -> monotonic expiry
        self.latest_busy: set[str] = set()
        self.latest_pending: dict[str, tuple[Callable[[Session], Any], Callable[[Any], None]]] = {}

    def compose(self) -> ComposeResult:
        yield TopBar(self.MODE)
        yield Banner(id="banner")
        yield from self.compose_body()
        yield StatusLine()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#banner", Banner).show_message(self.app.banner_text)

    def on_screen_resume(self) -> None:
        if self.audit_seen is None or self.loaded_for_day != self.app.today():
            self.reload()
        else:
            # Coming back to data still current is a frame, not a reload: one cheap query decides.
            self.reload_if_news(self.audit_seen)

    @work(thread=True, group="news", exit_on_error=False)
    def reload_if_news(self, seen: int) -> None:
        if self.app.db.read(last_audit_id) != seen:
            self.app.call_from_thread(self.reload)

    def on_database_changed(self, _message: DatabaseChanged) -> None:
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.load()

    def fetch(self, session: Session) -> Any:
        return None

    def show(self, data: Any) -> None:
        pass

    def load(self) -> None:
        """Load once for all the requests made together (a dialog's result and the screen coming back)."""
        if not self.load_queued:
            self.load_queued = True
            self.call_later(self.start_load)

    def start_load(self) -> None:
        self.load_queued = False
        self.run_load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def run_load(self) -> None:
        seen = self.audit_seen
        # One read transaction: the marks and the status line describe exactly the data shown.
        data, news = self.app.db.read(lambda session: (self.fetch(session), read_news(session, seen)))
        self.app.call_from_thread(self.loaded, data, news)

    def loaded(self, data: Any, news: AuditNews) -> None:
        if self.audit_seen is not None and news.last_id < self.audit_seen:
            return  # an older load finishing late; a newer one already showed its data
        own = self.app.db.own_audit_ids
        if len(news.new) <= MARK_LIMIT:
            expiry = time.monotonic() + MARK_SECONDS
            for change in news.new:
                if change.id not in own:
                    self.change_marks[(change.entity, change.entity_id)] = expiry
        self.audit_seen = news.last_id
        self.loaded_for_day = self.app.today()
        self.shown_data = data
        self.show(data)
        latest = news.latest
        for line in self.query(StatusLine):  # a screen may compose its own chrome without one
            line.show_change(latest, me=latest is not None and latest.id in own, names=news.names)
        if news.new:
            self.set_timer(MARK_SECONDS + 0.1, self.expire_marks)
        self.app.first_data_shown()

    # -- loads that follow the cursor ----------------------------------------------------------
    def load_latest(self, kind: str, read: Callable[[Session], Any], done: Callable[[Any], None]) -> None:
        """`read(session)` in a thread, then `done(result)` on the UI thread; one load of `kind` at a time.

        For details that follow the cursor: while one is loading, further moves only remember the
        latest, which loads when the running one is done. A held `j` then runs one query at a time
        instead of a thread per row, all holding the GIL while the cursor waits to be drawn.
        """
        if kind in self.latest_busy:
            self.latest_pending[kind] = (read, done)
            return
        self.latest_busy.add(kind)
        self.run_latest(kind, read, done)

    @work(thread=True, group="latest", exit_on_error=False)
    def run_latest(self, kind: str, read: Callable[[Session], Any], done: Callable[[Any], None]) -> None:
        try:
            result = self.app.db.read(read)
        except BaseException:
            self.app.call_from_thread(self.latest_finished, kind)
            raise
        self.app.call_from_thread(self.latest_loaded, kind, done, result)

    def latest_loaded(self, kind: str, done: Callable[[Any], None], result: Any) -> None:
        try:
            done(result)
        finally:
            self.latest_finished(kind)

    def latest_finished(self, kind: str) -> None:
        self.latest_busy.discard(kind)
        pending = self.latest_pending.pop(kind, None)
        if pending is not None:
            self.load_latest(kind, *pending)

    def recently_changed(self, entity: str) -> set[int]:
        """Ids of `entity` records that someone else changed in the last MARK_SECONDS."""
        now = time.monotonic()
        return {
            entity_id
            for (kind, entity_id), until in self.change_marks.items()
            if kind == entity and until > now
        }

    def expire_marks(self) -> None:
        now = time.monotonic()
        expired = [key for key, until in self.change_marks.items() if until <= now]
        for key in expired:
            del self.change_marks[key]
        if expired and self.shown_data is not None:
            self.show(self.shown_data)

    # -- writing ---------------------------------------------------------------------------
    def can_write(self) -> bool:
        """False (and says why) when the cockpit is read-only. Every edit action starts with it."""
        if self.app.db.read_only:
            self.notify(self.app.read_only_message, severity="warning")
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

    def confirm_bulk(
        self,
        question: str,
        *,
        yes: str,
        apply: Callable[[Session], Any],
        names: list[str],
        done: Callable[[Any], None] | None = None,
    ) -> None:
        """Ask once for a change to the marked records (naming how many and which), then write them all
        in one transaction: each record its own audit entry, all of them one undo step (`u`)."""
        if not self.can_write():
            return
        shown = "\n".join(f"· {name}" for name in names[:BULK_NAMES_SHOWN])
        if len(names) > BULK_NAMES_SHOWN:
            shown += "\n" + _("… and {count:,} more").format(count=len(names) - BULK_NAMES_SHOWN)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.write(apply, done=done)

        self.app.push_screen(ConfirmDialog(f"{question}\n\n{shown}", yes=yes), confirmed)

    def delete_record(
        self,
        *,
        label: str,
        delete: Callable[[Session, int | None], Any],
        version: int | None,
        done: Callable[[Any], None] | None = None,
        question: str = "",
        yes: str = "",
    ) -> None:
        """Confirm, then `delete(session, expected_version)` with the version the user saw.

        If someone else changed the record since, the user is asked again, told who and what.
        """
        if not self.can_write():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_delete(label, delete, version, done)

        # The button says what happens: "Unassign", not "Delete", when a coach is taken off a team.
        question = question or _("Delete {label}?").format(label=label)
        self.app.push_screen(ConfirmDialog(question, yes=yes or _("Delete")), confirmed)

    @work(thread=True, group="write", exit_on_error=False)
    def run_delete(
        self,
        label: str,
        delete: Callable[[Session, int | None], Any],
        version: int | None,
        done: Callable[[Any], None] | None,
    ) -> None:
        db = self.app.db
        try:
            result = db.write(lambda session: delete(session, version))
        except ConflictError as error:
            if error.current is None:
                raise  # already gone: the worker handler says so and reloads
            entity, entity_id = error.entity, error.entity_id
            change = db.read(lambda session: last_change_of(session, entity, entity_id))
            self.app.call_from_thread(self.ask_delete_again, label, change, delete, done)
            return
        if done is not None:
            self.app.call_from_thread(done, result)
        self.app.call_from_thread(self.reload)

    def ask_delete_again(
        self,
        label: str,
        change: Change | None,
        delete: Callable[[Session, int | None], Any],
        done: Callable[[Any], None] | None,
    ) -> None:
        who = change.user if change is not None else _("someone else")
        what = describe_fields(change.fields, action=change.action) if change is not None else ""
        question = _("{label} was changed by {who} since you opened it").format(label=label, who=who)
        question += f" ({what})." if what else "."
        question += "\n" + _("Delete it anyway?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_delete(label, delete, None, done)
            else:
                self.reload()

        self.app.push_screen(ConfirmDialog(question, yes=_("Delete anyway"), no=_("Keep")), confirmed)

    def say(self, message: str, *, refused: bool = False) -> None:
        """The line above the body (id MESSAGE_LINE): what the last key did, or why it was refused."""
        line = self.query_one(f"#{self.MESSAGE_LINE}", Static)
        line.update(f"{REFUSED if refused else DONE} {message}")
        line.set_class(refused, "refused")

    def worker_failed(self, error: BaseException | None) -> None:
        if self.MESSAGE_LINE and isinstance(error, CockpitError):
            self.say(str(error), refused=True)  # the notification alone fades; the line stays
        super().worker_failed(error)
        if isinstance(error, ConflictError):
            self.reload()

    # -- navigation ------------------------------------------------------------------------
    def selected_record(self) -> tuple[str, int] | None:
        """(entity, id) of the record under the cursor, for `H`; screens with a selection override."""
        return None

    def open_in(self, mode: str) -> "CockpitScreen":
        """Enter's path to another screen: Escape there, with nothing left to clear, comes back here."""
        self.app.switch_mode(mode)
        screen = self.app.screen
        screen.came_from = self.MODE
        return screen

    def go_back(self) -> bool:
        """Back along the path Enter took, if this screen was opened that way."""
        if not self.came_from:
            return False
        mode, self.came_from = self.came_from, ""
        self.app.switch_mode(mode)
        return True

    def action_history(self) -> None:
        record = self.selected_record()
        if record is None:
            self.app.show_history()
        else:
            self.app.show_history(*record)

    def reveal(self, entity: str, entity_id: int) -> None:
        """Show and select the given record (palette "go to"); screens override."""
