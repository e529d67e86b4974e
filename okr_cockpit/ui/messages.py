"""Messages the app posts to the screens."""

from textual.message import Message


class DatabaseChanged(Message, bubble=False):
    """Another process committed to the database file; the screen in view should reload.

    It must not bubble: the app forwards it to the screen, and a copy bubbling back to the app
    would be forwarded again, reloading the screen every frame after any change.
    """


class ServerReachable(Message, bubble=False):
    """The live-refresh connection to the database server broke (False) or is back (True)."""

    def __init__(self, reachable: bool) -> None:
        super().__init__()
        self.reachable = reachable
