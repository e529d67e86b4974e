"""A deleted row's id is never given to a new row: a stale save cannot land on a different record.

Two cockpits on one file, as two coaches would have them: B edits the newest unit, A deletes it
and adds another; B's save must say the unit was deleted and leave A's new unit alone. B may then
restore the unit with B's edit.
"""

from sqlalchemy import func, select
from textual.widgets import Button, Input

from okr_cockpit.db.models import OrgUnit
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.conflict import ConflictDialog
from okr_cockpit.ui.forms.form import FormDialog
from tests.ui.test_live_refresh import showing, wait_for
from tests.ui.test_units_screen import go_to, open_units, read, settle, unit_row

unit = OrgUnit.__table__


def newest_unit(path) -> dict:
    def work(session):
        newest = session.execute(select(func.max(unit.c.id))).scalar_one()
        return dict(session.execute(select(unit).where(unit.c.id == newest)).mappings().one())

    return read(path, work)


async def test_stale_save_of_a_deleted_unit_is_a_conflict_not_a_write_to_its_successor(
    demo_path, make_cockpit
):
    doomed = newest_unit(demo_path)
    parent_name = read(
        demo_path,
        lambda s: s.execute(select(unit.c.name).where(unit.c.id == doomed["parent_id"])).scalar_one(),
    )
    a, b = make_cockpit(demo_path), make_cockpit(demo_path)
    async with a.run_test(size=(120, 36)) as pilot_a, b.run_test(size=(120, 36)) as pilot_b:
        screen_b = await open_units(b, pilot_b)
        await go_to(b, pilot_b, screen_b, doomed["name"])
        await pilot_b.press("e")
        await settle(b, pilot_b)
        form_b = b.screen
        assert isinstance(form_b, FormDialog)
        form_b.query_one("#field-external_id", Input).value = "B-STALE"

        screen_a = await open_units(a, pilot_a)
        await go_to(a, pilot_a, screen_a, doomed["name"])
        await pilot_a.press("d")
        await wait_for(pilot_a, lambda: showing(a, ConfirmDialog))
        await pilot_a.press("y")
        await wait_for(pilot_a, lambda: unit_row(demo_path, doomed["name"]) is None)
        await settle(a, pilot_a)
        await go_to(a, pilot_a, screen_a, parent_name)
        await pilot_a.press("a")
        await wait_for(pilot_a, lambda: isinstance(a.screen, FormDialog) and a.screen.is_mounted)
        a.screen.query_one("#field-name", Input).value = "Team Newcomer"
        await pilot_a.press("ctrl+s")
        await wait_for(pilot_a, lambda: unit_row(demo_path, "Team Newcomer") is not None)
        newcomer = dict(unit_row(demo_path, "Team Newcomer"))
        assert newcomer["id"] > doomed["id"]  # AUTOINCREMENT: the deleted id stays unused

        await pilot_b.press("ctrl+s")
        await wait_for(pilot_b, lambda: showing(b, ConflictDialog))
        text = str(b.screen.query_one("#conflict-text").render())
        assert "was deleted by someone else" in text
        assert dict(unit_row(demo_path, "Team Newcomer")) == newcomer
        assert (
            read(demo_path, lambda s: s.execute(select(unit).where(unit.c.external_id == "B-STALE")).first())
            is None
        )
        buttons = [str(button.label) for button in b.screen.query(Button)]
        assert buttons == ["Restore it with my changes (r)", "Discard my edit (d)", "Back to form (esc)"]

        await pilot_b.press("r")  # B brings the unit back, with B's edit, under its own id
        await wait_for(pilot_b, lambda: not isinstance(b.screen, FormDialog | ConflictDialog))
        restored = dict(unit_row(demo_path, doomed["name"]))
        assert (restored["id"], restored["external_id"]) == (doomed["id"], "B-STALE")
        assert dict(unit_row(demo_path, "Team Newcomer")) == newcomer
