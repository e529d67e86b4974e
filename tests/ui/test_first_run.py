"""First run on an empty database: the cockpit offers the demo data and loads it on request."""

from sqlalchemy import func, select

from okr_cockpit.db.models import OrgUnit
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from tests.ui.screen_text import static_text


def unit_count(db) -> int:
    return db.read(lambda s: s.execute(select(func.count()).select_from(OrgUnit.__table__)).scalar_one())


async def test_empty_database_offers_demo_and_loads_it(make_cockpit, db_path, db):
    app = make_cockpit(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "empty" in app.screen.question
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        live = static_text(app.screen.query_one("#figure-live"))
    assert unit_count(db) > 50
    assert f"/{unit_count(db)}" in live


async def test_declining_the_demo_leaves_the_database_empty(make_cockpit, db_path, db):
    app = make_cockpit(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
    assert unit_count(db) == 0


async def test_a_database_with_data_is_not_offered_the_demo(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
