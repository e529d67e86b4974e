"""The History view: newest first, old → new values, filters by user and record, scrolling, live, palette."""

import pytest
from sqlalchemy import func, insert, select

from okr_cockpit.db.engine import Actor, Database
from okr_cockpit.db.models import OrgUnit, RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.db.tables import wave as wave_table
from okr_cockpit.services.audit import changes_by_id
from okr_cockpit.services.records import insert_row, update_row
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.screens.history import screen as history_screen
from okr_cockpit.ui.screens.history.screen import HistoryScreen, HistoryTable
from tests.concurrency import workers
from tests.ui.screen_text import screen_lines
from tests.ui.test_live_refresh import OtherCoach, wait_for


@pytest.fixture
def anna(db_path):
    other = OtherCoach(db_path)
    yield other
    other.stop()


def as_user(path, user: str) -> Database:
    opened = open_database(str(path))
    return Database(opened.db.engine, actor=Actor(user=user, host="host-a"))


def rename(db: Database, model, row_id: int, name: str) -> None:
    db.write(lambda s: update_row(s, model, row_id, expected_version=None, changes={"name": name}, what="x"))


def cells(screen: HistoryScreen) -> list[list[str]]:
    table = screen.query_one("#history-table")
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def footer_line(screen: HistoryScreen) -> str:
    return str(screen.query_one("#history-page").render())


async def open_history(app, pilot, **record) -> HistoryScreen:
    app.show_history(**record)
    await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.data is not None)
    return app.screen


async def test_lists_changes_newest_first_with_old_and_new_values(db_path, make_cockpit):
    ids = workers.seed(str(db_path))
    rename(as_user(db_path, "anna"), RolloutWave, ids["wave"], "Wave One")
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_history(app, pilot)
        rows = cells(screen)
        assert [row[1:4] for row in rows] == [
            ["anna@host-a", "✎ changed wave", "Wave One"],
            ["setup@other-host", "+ added unit", "Team Payments"],
            ["setup@other-host", "+ added wave", "Wave 1"],
        ]
        assert rows[0][4] == "Name: Wave 1 → Wave One"
        assert str(screen.query_one("#history-title").render()) == "History · all changes"
        assert footer_line(screen) == "3 changes · row 1"


async def test_filters_by_user_and_by_one_record(db_path, make_cockpit):
    ids = workers.seed(str(db_path))
    rename(as_user(db_path, "anna"), RolloutWave, ids["wave"], "Wave One")
    rename(as_user(db_path, "ben"), OrgUnit, ids["unit"], "Team Payments EU")
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_history(app, pilot)
        screen.action_pick_user()
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog) and app.screen.choices)
        assert [c.label for c in app.screen.choices] == ["everyone", "anna", "ben", "setup"]
        app.screen.dismiss(Choice(2, "ben"))
        await wait_for(pilot, lambda: len(cells(screen)) == 1)
        assert cells(screen)[0][3] == "Team Payments EU"
        assert str(screen.query_one("#history-title").render()) == "History · all changes · by ben"
        screen.action_clear_filters()
        await wait_for(pilot, lambda: len(cells(screen)) == 4)

        app.pop_screen()
        unit_history = await open_history(app, pilot, entity="org_unit", entity_id=ids["unit"])
        assert [row[2] for row in cells(unit_history)] == ["✎ changed unit", "+ added unit"]
        assert str(unit_history.query_one("#history-title").render()) == "History of unit Team Payments EU"

        app.pop_screen()  # a record nobody changed through the cockpit: named, and the empty list says so
        added = insert(wave_table).values(name="Quiet wave")
        quiet = app.db.write(lambda s: s.execute(added).inserted_primary_key[0])
        quiet_history = await open_history(app, pilot, entity="rollout_wave", entity_id=quiet)
        assert str(quiet_history.query_one("#history-title").render()) == "History of wave Quiet wave"
        assert footer_line(quiet_history) == "No recorded changes match; A shows all changes."


async def test_scrolls_through_a_long_history_holding_only_a_window(db_path, make_cockpit, monkeypatch):
    monkeypatch.setattr(HistoryTable, "WINDOW", 12)  # 45 rows: the table reads several windows
    monkeypatch.setattr(HistoryTable, "MARGIN", 3)
    ids = workers.seed(str(db_path))
    db = as_user(db_path, "anna")
    for n in range(43):  # renames of one record: one row each
        rename(db, RolloutWave, ids["wave"], f"Wave {n}")
    db.write(lambda s: [insert_row(s, RolloutWave, {"name": f"Bulk {n}"}) for n in range(30)])  # one row
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 14)) as pilot:
        screen = await open_history(app, pilot)
        table = screen.table
        assert table.row_count == 46 and footer_line(screen) == "75 changes in 46 rows · row 1"
        assert cells(screen)[0][2:4] == ["+ added 30 waves", "Bulk 29 and 29 more"]
        await pilot.press("G")
        await wait_for(
            pilot, lambda: any("+ added wave" in line and "Wave 1 " in line for line in screen_lines(app))
        )
        assert footer_line(screen) == "75 changes in 46 rows · row 46"
        assert table.current().run[0].what == "Wave 1"
        assert len(table.held_rows) <= table.window_size < table.row_count
        await pilot.press("g")
        await wait_for(
            pilot, lambda: table.current() is not None and table.current().run[0].what == "Bulk 29"
        )
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: table.current() is not None)
        assert table.cursor_row == table.visible_rows > 3
        # Enter opens the entry under the cursor, read in a later window.
        await wait_for(pilot, lambda: table.current().run[0].what == f"Wave {43 - table.cursor_row}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert f"Wave {43 - table.cursor_row}" in "".join(screen_lines(app))


async def test_a_big_bulk_change_is_one_row_read_in_part_and_reverted_whole(
    db_path, make_cockpit, monkeypatch
):
    monkeypatch.setattr(history_screen, "RUN_SHOWN", 5)  # the details name 5; the rest are only counted
    read = []

    def reading(session, ids):
        read.append(len(ids))
        return changes_by_id(session, ids)

    monkeypatch.setattr(history_screen, "changes_by_id", reading)
    workers.seed(str(db_path))
    db = as_user(db_path, "anna")
    db.write(lambda s: [insert_row(s, RolloutWave, {"name": f"Bulk {n}"}) for n in range(300)])
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_history(app, pilot)
        assert cells(screen)[0][2:4] == ["+ added 300 waves", "Bulk 299 and 299 more"]
        assert footer_line(screen) == "302 changes in 3 rows · row 1"
        assert max(read) <= 6 + 2  # the run's newest six and the other two rows: never all 300
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        details = "\n".join(screen_lines(app))
        assert "Bulk 295" in details and "Bulk 294" not in details and "… and 295 more" in details
        await pilot.press("escape")
        await pilot.press("r")  # revert the whole bulk change, not only the entries read
        await wait_for(pilot, lambda: db.read(lambda s: wave_count(s)) == 1)


def wave_count(session) -> int:
    return session.execute(select(func.count()).select_from(wave_table)).scalar_one()


async def test_new_changes_appear_live_and_the_cursor_stays_on_its_entry(db_path, anna, make_cockpit):
    ids = workers.seed(str(db_path))
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_history(app, pilot)
        table = screen.table
        table.move_cursor(row=1)
        selected = screen.selected_change().id
        shown = lambda: len(cells(screen)) == 3  # noqa: E731
        assert await anna.rename(ids["wave"], "Wave Live", pilot=pilot, until=shown) < 2.0
        assert cells(screen)[0][3] == "Wave Live"
        assert screen.selected_change().id == selected  # same entry, one row further down
        assert table.cursor_row == 2


async def test_the_palette_opens_history(db_path, make_cockpit):
    workers.seed(str(db_path))
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"history")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
