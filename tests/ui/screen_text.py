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


async def settled_lines(app, pilot) -> list[str]:
    """The screen once it stops changing: two equal frames in a row and no table with sizes still to
    compute (a DataTable sizes its row labels on idle, after the load that filled it, so a loaded
    machine could otherwise catch the frame in between)."""
    from textual.widgets import DataTable

    lines = screen_lines(app)
    for _attempt in range(40):
        await pilot.pause(0.02)
        again = screen_lines(app)
        pending = any(table._require_update_dimensions for table in app.screen.query(DataTable))
        if again == lines and not pending:
            break
        lines = again
    return lines
