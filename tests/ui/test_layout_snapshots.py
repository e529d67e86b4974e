"""Snapshots of every screen as the user reads it, at 80×24 (a common SSH size), 120×36 and 200×60, on
the small demo at the fixed date: a footer cut mid-word, a column fallen off or a panel that stopped
growing shows up as a diff of plain text files in `__snapshots__/test_layout_snapshots/`; a column
header narrower than its header word fails on its own.

After an intended layout change: `python -m pytest tests/ui/test_layout_snapshots.py --snapshot-update`,
then read the diff of the .txt files before committing them.
"""

import pytest
from rich.cells import cell_len
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from textual.widgets import DataTable

from okr_cockpit.ui.screen_list import SCREENS
from tests.ui.screen_text import settled_lines
from tests.ui.test_timeline_screen import settle

SIZES = [(80, 24), (120, 36), (200, 60)]


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    _file_extension = "txt"


@pytest.fixture
def text_snapshot(snapshot):
    return snapshot.use_extension(TextSnapshot)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_screen_at_every_size(make_cockpit, demo_path, text_snapshot, size):
    app = make_cockpit(demo_path)
    width, height = size
    async with app.run_test(size=size) as pilot:
        for entry in SCREENS:
            await pilot.press(entry.key)
            await settle(app, pilot)
            lines = await settled_lines(app, pilot)
            assert len(lines) == height and all(cell_len(line) == width for line in lines)
            shown = "\n".join(line.rstrip() for line in lines) + "\n"
            assert shown == text_snapshot(name=f"{entry.mode}-{width}x{height}")
            assert cut_headers(app) == [], (entry.mode, size)


def cut_headers(app) -> list[str]:
    """The headers of the shown tables' columns that are narrower than their header (cut or dropped)."""
    cut = []
    for table in app.screen.query(DataTable):
        if not table.display or not table.show_header:
            continue
        for column in table.columns.values():
            shown = column.get_render_width(table) - 2 * table.cell_padding
            if shown > 0 and column.label.cell_len > shown:  # 0: hidden on purpose in a narrow terminal
                cut.append(column.label.plain)
    return cut

