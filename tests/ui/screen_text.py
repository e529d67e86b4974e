"""Read what a widget shows as plain text, for assertions on the screen."""

import io

from rich.console import Console


def plain(renderable, *, width: int = 200) -> str:
    """Any Rich renderable (a Static's content, a Table, Text) rendered as the user reads it."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def static_text(widget, *, width: int = 200) -> str:
    return plain(widget.content, width=width)


def screen_lines(app) -> list[str]:
    """Every line of the terminal as the user reads it (the screen in view, dialogs included)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
