"""Every failed background load tells the user in one sentence: pickers, the unit tree, dialogs, forms."""

from okr_cockpit.errors import CockpitError
from okr_cockpit.services.org import reads
from okr_cockpit.ui.dialogs import stakeholder_grid
from okr_cockpit.ui.dialogs.picker import PickerDialog
from tests.ui.test_units_screen import open_units, settle

BUSY = "Another user is saving — try again."


def busy(*_args, **_kwargs):
    raise CockpitError(BUSY)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_picker_whose_search_fails_says_so(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.push_screen(PickerDialog("Lead", busy))
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        assert BUSY in notices(app)


async def test_a_unit_tree_whose_children_fail_to_load_says_so(demo_path, make_cockpit, monkeypatch):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        monkeypatch.setattr(reads, "children", busy)
        node = screen.tree.cursor_node
        node.collapse()
        await pilot.pause()
        screen.tree.loaded.discard(node.data.id)  # as if its children were never loaded
        node.expand()
        await settle(app, pilot)
        assert BUSY in notices(app)


async def test_the_influence_grid_that_fails_to_load_says_so(demo_path, make_cockpit, monkeypatch):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(stakeholder_grid, "influence_grid", busy)
        app.push_screen(stakeholder_grid.StakeholderGridDialog())
        await settle(app, pilot)
        assert BUSY in notices(app)
