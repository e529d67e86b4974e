"""The Stakeholders screen driven by keys: register, log, forms, follow-ups, filter, sort, grid, overdue.

Every test checks what the user sees and what the database holds afterwards.
"""

import json
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, insert, select
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea

from okr_cockpit.db.models import AuditEntry, Interaction, OrgUnit, Person, Stakeholder
from okr_cockpit.services import interactions as ix
from okr_cockpit.services import stakeholders as sh
from okr_cockpit.services.overview import overdue_follow_ups
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.form import FormDialog
from okr_cockpit.ui.dialogs.overdue_follow_ups import OverdueDialog
from okr_cockpit.ui.dialogs.picker import PickerDialog
from okr_cockpit.ui.dialogs.stakeholder_grid import StakeholderGridDialog
from okr_cockpit.ui.screens.stakeholders import LOG_PAGE_SIZE, PAGE_SIZE, StakeholdersScreen
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY
MARKUP_NAME = "[bold]Works council[/]"


def seed_register(db) -> dict[str, int]:
    """A small register: a cooling CFO, a works council with an overdue follow-up, fillers to sort."""

    def work(session):
        ids = {}
        for key, name in (("anna", "Anna Berg"), ("ben", "Ben Okafor")):
            ids[key] = session.execute(insert(Person.__table__).values(name=name)).inserted_primary_key[0]
        for key, name in (("sales", "Sales"), ("hr", "HR")):
            row = insert(OrgUnit.__table__).values(name=name, kind="department")
            ids[key] = session.execute(row).inserted_primary_key[0]
        people = [
            ("cfo", "Clara CFO", "CFO", "sales", "anna", 5, 5, "sceptic"),
            ("wc", MARKUP_NAME, "Employee voice", "hr", "ben", 4, 2, "blocker"),
            ("dev", "Dev lead", "Engineering", None, "anna", 2, 4, "champion"),
        ]
        people += [
            (f"f{i}", f"Team lead {i:02}", "Lead", "sales", "ben", 1 + i % 3, 1 + i % 2, "neutral")
            for i in range(12)
        ]
        for key, name, role, unit, own, influence, interest, attitude in people:
            values = {"name": name, "role": role, "unit_id": ids.get(unit), "owner_id": ids[own],
                      "influence": influence, "interest": interest, "attitude": attitude,
                      "desired_attitude": "supporter"}  # fmt: skip
            ids[key] = sh.create_stakeholder(session, values=values)
        for days, sentiment in ((60, 2), (45, 1), (30, 1), (20, -1), (10, -2), (3, -2)):
            values = {"occurred_on": TODAY - timedelta(days=days), "channel": "meeting",
                      "sentiment": sentiment, "summary": f"Budget talk {days}"}  # fmt: skip
            ix.add_interaction(session, stakeholder_id=ids["cfo"], values=values, today=TODAY)
        ids["cfo_follow"] = ix.add_interaction(
            session, stakeholder_id=ids["cfo"], today=TODAY,
            values={"occurred_on": TODAY - timedelta(days=1), "channel": "email", "sentiment": 0,
                    "summary": "Asked for numbers", "follow_up": "send cost model",
                    "follow_up_due": TODAY + timedelta(days=7)},
        )  # fmt: skip
        ids["wc_late"] = ix.add_interaction(
            session, stakeholder_id=ids["wc"], today=TODAY,
            values={"occurred_on": "2026-10-01", "channel": "steering", "sentiment": -1,
                    "summary": "Objections", "follow_up": "send the works agreement draft",
                    "follow_up_due": "2026-10-10"},
        )  # fmt: skip
        ids["oldest_late"] = ix.add_interaction(
            session, stakeholder_id=ids["f3"], today=TODAY,
            values={"occurred_on": "2026-08-20", "channel": "chat", "sentiment": 0, "summary": "Quick chat",
                    "follow_up": "invite to training", "follow_up_due": "2026-09-01"},
        )  # fmt: skip
        return ids

    return db.write(work)


@pytest.fixture
def register_db(db, db_path):
    return db_path, seed_register(db), db


async def settle(pilot, rounds: int = 3, timeout: float = 10.0) -> None:
    """Wait for every worker (loads, saves) and for the results they posted to be shown."""
    deadline = time.monotonic() + timeout
    for _ in range(rounds):
        # Not wait_for_complete(): an exclusive load replaced by a newer one counts as cancelled there.
        while running := [worker for worker in pilot.app.workers if worker.is_running]:
            assert time.monotonic() < deadline, f"workers still running: {running}"
            await pilot.pause(0.01)
        await pilot.pause()


async def open_screen(pilot) -> StakeholdersScreen:
    await pilot.press("5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StakeholdersScreen) and screen.view is not None
    return screen


def register_names(screen) -> list[str]:
    table = screen.query_one("#sh-register", DataTable)
    return [str(table.get_row_at(i)[0]).removeprefix("⌂ ") for i in range(table.row_count)]


def log_summaries(screen) -> list[str]:
    table = screen.query_one("#sh-log", DataTable)
    return [str(table.get_row_at(i)[4]) for i in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def select_stakeholder(pilot, screen, stakeholder_id: int) -> None:
    screen.reveal("stakeholder", stakeholder_id)
    await settle(pilot)
    assert screen.register.current().id == stakeholder_id


async def test_register_log_and_trend_show_the_selected_stakeholder(register_db, make_cockpit):
    path, ids, _ = register_db
    async with make_cockpit(path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        names = register_names(screen)
        assert names[0] == MARKUP_NAME  # shown literally, never as markup; "[" sorts first
        assert len(names) == 15 and "1–15 of 15 stakeholders" in text_of(screen, "#sh-info")
        await select_stakeholder(pilot, screen, ids["cfo"])
        row = screen.query_one("#sh-register", DataTable).get_row_at(screen.register.cursor_row)
        assert str(row[6]) == "? sceptic" and str(row[7]) == "+ supporter"
        assert log_summaries(screen)[:2] == ["Asked for numbers", "Budget talk 3"]
        assert "Clara CFO" in text_of(screen, "#sh-detail") and "manage closely" in text_of(
            screen, "#sh-detail"
        )
        trend = str(screen.query_one("#sh-trend").render())
        assert "↘ cooling" in trend and "++" in trend.splitlines()[1]


async def test_add_interaction_from_one_form(register_db, make_cockpit):
    path, ids, db = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await select_stakeholder(pilot, screen, ids["dev"])
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-occurred_on", Input).value == TODAY.isoformat()
        await pilot.press("ctrl+s")  # the summary is still empty
        await settle(pilot)
        assert "Summary must not be empty" in str(form.query_one("#error-summary", Static).render())
        form.query_one("#field-summary", TextArea).text = "Demo of the [red]OKR[/] tool"
        form.query_one("#field-sentiment", Select).value = 2
        form.query_one("#field-follow_up", Input).value = "share slides"
        form.query_one("#field-follow_up_due", Input).value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not a date" in str(form.query_one("#error-follow_up_due", Static).render())
        form.query_one("#field-follow_up_due", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert log_summaries(screen) == ["Demo of the [red]OKR[/] tool"]
        assert screen.query_one("#sh-log").has_focus
    stored = db.read(lambda s: ix.log_page(s, stakeholder_id=ids["dev"])).rows
    assert len(stored) == 1
    new = stored[0]
    assert (new.occurred_on, new.sentiment, new.author) == (TODAY, 2, db.actor.user)
    assert (new.follow_up, new.follow_up_due) == ("share slides", date(2026, 11, 20))


async def test_edit_interaction_keeps_the_original_in_the_audit(register_db, make_cockpit):
    path, ids, db = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await select_stakeholder(pilot, screen, ids["wc"])
        await pilot.press("tab", "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-summary", TextArea).text == "Objections"
        form.query_one("#field-summary", TextArea).text = "Objections to the pilot, in writing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert log_summaries(screen) == ["Objections to the pilot, in writing"]
    audit = AuditEntry.__table__
    entry = db.read(
        lambda s: s.execute(
            select(audit.c.changes, audit.c.os_user).where(
                audit.c.entity == "interaction",
                audit.c.entity_id == ids["wc_late"],
                audit.c.action == "update",
            )
        ).one()
    )
    assert json.loads(entry.changes) == {"summary": ["Objections", "Objections to the pilot, in writing"]}
    assert entry.os_user == db.actor.user


async def test_x_goes_to_the_open_follow_up_then_marks_it_done(register_db, make_cockpit):
    path, ids, db = register_db
    async with make_cockpit(path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await select_stakeholder(pilot, screen, ids["cfo"])
        await pilot.press("x")  # from the register: moves to the open follow-up
        log = screen.query_one("#sh-log", DataTable)
        assert log.has_focus and screen.log_table.current().id == ids["cfo_follow"]
        await pilot.press("x")
        await settle(pilot)
        assert "✓ done" in str(log.get_row_at(log.cursor_row)[7])
    assert db.read(lambda s: ix.get_interaction(s, ids["cfo_follow"])).follow_up_done == TODAY


async def test_filter_narrow_and_escape(register_db, make_cockpit):
    path, ids, _ = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("slash", *"engineer")  # the role matches, not only the name
        await settle(pilot)
        assert register_names(screen) == ["Dev lead"]
        assert "filter “engineer”" in text_of(screen, "#sh-info")
        await pilot.press("escape")
        await settle(pilot)
        assert len(register_names(screen)) == 15
        await pilot.press("f")
        await settle(pilot)  # the picker's input has focus before anything is typed
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        await pilot.press(*"blocker")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert register_names(screen) == [MARKUP_NAME]
        assert "attitude: ✖ blocker" in text_of(screen, "#sh-info")
        await pilot.press("escape")
        await settle(pilot)
        assert len(register_names(screen)) == 15


async def test_sort_by_key_and_by_header(register_db, make_cockpit):
    path, ids, db = register_db
    async with make_cockpit(path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("s")  # name → role
        await settle(pilot)
        assert screen.register_query.sort == "role" and "sort role ▲" in text_of(screen, "#sh-info")
        assert register_names(screen)[0] == "Clara CFO"  # "CFO" sorts first among the roles
        screen.register_query = sh.RegisterQuery(sort="open_follow_ups", descending=True)
        screen.reload_keeping()
        await settle(pilot)
        first_three = register_names(screen)[:3]
        assert set(first_three) == {"Clara CFO", MARKUP_NAME, "Team lead 03"}
        await pilot.press("S")
        await settle(pilot)
        assert "▲" in text_of(screen, "#sh-info") and register_names(screen)[0] != first_three[0]
        table = screen.query_one("#sh-register", DataTable)
        table.post_message(DataTable.HeaderSelected(table, table.columns["influence"].key, 4, "infl"))
        await settle(pilot)
        expected = db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery(sort="influence")))
        assert register_names(screen) == [row.name for row in expected.rows]


async def test_grid_shows_quadrants_and_enter_goes_to_the_stakeholder(register_db, make_cockpit):
    path, ids, _ = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("g")
        await settle(pilot)
        grid = app.screen
        assert isinstance(grid, StakeholderGridDialog)
        close = grid.query_one("#quadrant-manage_closely", OptionList)
        assert close.border_title == "Manage closely (1)"
        assert str(close.get_option_at_index(0).prompt).startswith("? Clara CFO")
        satisfied = grid.query_one("#quadrant-keep_satisfied", OptionList)
        assert str(satisfied.get_option_at_index(0).prompt).startswith(f"✖ {MARKUP_NAME}")
        assert grid.query_one("#quadrant-monitor", OptionList).border_title == "Monitor (12)"
        await pilot.press("tab", "tab", "enter")  # monitor, then keep informed: Dev lead
        await settle(pilot)
        assert app.screen is screen and screen.register.current().id == ids["dev"]


async def test_overdue_view_oldest_first_and_jump(register_db, make_cockpit):
    path, ids, db = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OverdueDialog)
        table = dialog.query_one(DataTable)
        _, overview_total = db.read(lambda s: overdue_follow_ups(s, today=TODAY))
        assert table.row_count == overview_total == 2
        first = table.get_row_at(0)
        assert (str(first[0]), str(first[2]), str(first[3])) == ("2026-09-01", "Team lead 03", "Ben Okafor")
        assert str(first[1]).strip() == "76 d"
        await pilot.press("down", "x")  # mark the works council's follow-up done from here
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.register.current().id == ids["f3"]
    assert db.read(lambda s: ix.get_interaction(s, ids["wc_late"])).follow_up_done == TODAY


async def test_new_edit_archive_and_restore_a_stakeholder(register_db, make_cockpit):
    path, ids, db = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("n")
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Name must not be empty" in str(form.query_one("#error-name", Static).render())
        form.query_one("#field-name", Input).value = "Head of HR"
        form.query_one("#field-influence", Select).value = 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.register.current().name == "Head of HR"
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#field-role", Input).value = "CHRO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "CHRO" in text_of(screen, "#sh-detail")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert "Head of HR" not in register_names(screen)
        await pilot.press("A")
        await settle(pilot)
        assert "Head of HR" in register_names(screen)
    table = Stakeholder.__table__
    row = db.read(lambda s: s.execute(select(table).where(table.c.name == "Head of HR")).one())
    assert (row.role, row.influence, row.archived) == ("CHRO", 4, True)


async def test_go_to_stakeholder_drops_filters_that_hide_it(register_db, make_cockpit):
    path, ids, _ = register_db
    app = make_cockpit(path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("slash", *"team")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        app.go_to("stakeholder", ids["cfo"])
        await settle(pilot)
        assert app.screen is screen and screen.register.current().id == ids["cfo"]
        assert screen.register_query.text == ""


async def test_small_terminal_shows_register_log_and_footer(register_db, make_cockpit):
    path, ids, _ = register_db
    async with make_cockpit(path).run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        for selector in ("#sh-register", "#sh-log"):
            assert screen.query_one(selector).size.height >= 4
        assert screen.query_one("#sh-log-info").region.bottom <= 22


def bulk_register(db, *, stakeholders: int, per_stakeholder: int) -> None:
    """Insert a large register fast: one executemany per table, interactions straight through the driver."""
    start = date(2025, 1, 1)

    def day(offset: int) -> str:
        return (start + timedelta(days=offset)).isoformat()

    people = [
        {"id": i, "name": f"Stakeholder {i:05}", "influence": 1 + i % 5, "interest": 1 + i % 4}
        for i in range(1, stakeholders + 1)
    ]
    logs = [
        (1 + n % stakeholders, day(n % 600), n % 5 - 2, "call back" if n % 7 == 0 else "",
         day(n % 600 + 10) if n % 7 == 0 else None)
        for n in range(stakeholders * per_stakeholder)
    ]  # fmt: skip
    columns = "stakeholder_id, occurred_on, sentiment, follow_up, follow_up_due, channel, summary, author"
    with db.engine.begin() as connection:
        connection.execute(insert(Stakeholder.__table__), people)
        connection.exec_driver_sql(
            f"INSERT INTO interaction ({columns}) VALUES (?, ?, ?, ?, ?, 'email', 'note', 'anna')", logs
        )


async def test_large_register_loads_only_what_is_shown(db, db_path, make_cockpit):
    bulk_register(db, stakeholders=2000, per_stakeholder=50)
    assert (
        db.read(lambda s: s.execute(select(func.count()).select_from(Interaction.__table__)).scalar())
        == 100_000
    )
    app = make_cockpit(db_path)
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        event.listen(app.db.engine, "before_cursor_execute", capture)
        screen = await open_screen(pilot)
        await pilot.press("down", "right_square_bracket")
        await settle(pilot)
        event.remove(app.db.engine, "before_cursor_execute", capture)
        assert screen.query_one("#sh-register", DataTable).row_count == PAGE_SIZE
        assert screen.query_one("#sh-log", DataTable).row_count == LOG_PAGE_SIZE
        assert "101–200 of 2000 stakeholders" in text_of(screen, "#sh-info")
    # Re-run every SELECT the screen issued and count the rows each returned.
    with db.engine.connect() as connection:
        fetched = sum(len(connection.exec_driver_sql(sql, params).all()) for sql, params in statements)
    # Two register pages, three logs and sentiment series (first row, next row, next page), counts:
    # a few hundred rows of the 2,000 stakeholders and 100,000 interactions.
    assert fetched <= 2 * PAGE_SIZE + 3 * (LOG_PAGE_SIZE + 20) + 20
