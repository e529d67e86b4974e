"""Messages the app posts to the screens."""

from textual.message import Message


class DatabaseChanged(Message):
    """Another process committed to the database file; the screen in view should reload."""
