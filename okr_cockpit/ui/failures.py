"""One failure path for background work: every worker that fails tells the user in one sentence.

Screens, modal dialogs and widgets that run thread workers mix in `ReportsFailures`; a worker's
exception then reaches `worker_failed` on the node that ran it, which says it as a notice. A node
that shows a failure in its own place (a refusal line) overrides `worker_failed` and calls super
for everything else.
"""

from textual.worker import Worker, WorkerState

from okr_cockpit.errors import CockpitError, ConflictError
from okr_cockpit.i18n import _


def failure_sentence(error: BaseException | None) -> str:
    """What the user reads about a failed background load or save."""
    if isinstance(error, ConflictError):
        return _("{error} Nothing was changed; the screen shows the current state.").format(error=error)
    if isinstance(error, CockpitError):
        return str(error)
    return _("Unexpected error: {error}").format(error=repr(error))


class ReportsFailures:
    """Mixin for a screen, dialog or widget: its failed workers are told, never lost."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.worker_failed(event.worker.error)

    def worker_failed(self, error: BaseException | None) -> None:
        severity = "warning" if isinstance(error, ConflictError) else "error"
        self.notify(failure_sentence(error), severity=severity, markup=False)  # type: ignore[attr-defined]
