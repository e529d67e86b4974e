"""The Stakeholders screen driven by keys: register, log, forms, follow-ups, filter, sort, grid, overdue.

Every test checks what the user sees and what the database holds afterwards.
"""

import json
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, insert, select
from textual.widgets import Input, OptionList, Select, Static, TextArea

from okr_cockpit.db.models import AuditEntry, Interaction, OrgUnit, Person, Stakeholder
from okr_cockpit.services.overview import overdue_follow_ups
from okr_cockpit.services.stakeholders import interactions as ix
from okr_cockpit.services.stakeholders import log as sh
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.overdue_follow_ups import OverdueDialog, OverdueTable
from okr_cockpit.ui.dialogs.picker import PickerDialog
from okr_cockpit.ui.dialogs.stakeholder_grid import StakeholderGridDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.glyphs import ATTITUDE_GLYPHS
from okr_cockpit.ui.screens.stakeholders.screen import StakeholdersScreen
from okr_cockpit.ui.widgets.windowed_table import WindowedTable
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import screen_lines, static_text

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
    table = screen.register
    return [str(table.get_row_at(i)[0]).removeprefix("⌂ ") for i in range(table.row_count)]


def log_summaries(screen) -> list[str]:
    table = screen.log_table
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
        assert len(names) == 15 and text_of(screen, "#sh-info").startswith("15 stakeholders · row 1 · ")
        await select_stakeholder(pilot, screen, ids["cfo"])
        row = screen.register.get_row_at(screen.register.cursor_row)
        assert str(row[6]) == "? sceptic" and str(row[7]) == "+ supporter"
        assert log_summaries(screen)[:2] == ["Asked for numbers", "Budget talk 3"]
        assert "Clara CFO" in text_of(screen, "#sh-detail") and "manage closely" in text_of(
            screen, "#sh-detail"
        )
        trend = str(screen.query_one("#sh-trend").render())
        assert "↘ cooling" in trend and "++" in trend.splitlines()[1]


def demo_ids(db, query=None) -> list[int]:
    """The register as the service orders it: expectations come from the database, not from names."""
    page = db.read(lambda s: sh.register_page(s, query=query or sh.RegisterQuery()))
    return [row.id for row in page.rows]


def with_open_follow_up(db) -> int:
    return next(row.id for row in db.read(lambda s: sh.register_page(s, query=sh.RegisterQuery())).rows
                if row.open_follow_ups)  # fmt: skip


async def test_demo_add_then_edit_an_interaction_keeping_the_original(demo_path, demo_db, make_cockpit):
    db = demo_db
    target = demo_ids(db)[3]
    before = db.read(lambda s: ix.log_page(s, stakeholder_id=target)).total
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await select_stakeholder(pilot, screen, target)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-occurred_on", Input).value == TODAY.isoformat()
        await pilot.press("ctrl+s")  # the summary is still empty
        await settle(pilot)
        assert "Summary must not be empty" in str(form.query_one("#error-summary", Static).render())
        form.query_one("#field-summary", TextArea).text = "Walked through the [red]pilot[/] plan"
        form.query_one("#field-sentiment", Select).value = 2
        form.query_one("#field-follow_up", Input).value = "share slides"
        form.query_one("#field-follow_up_due", Input).value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = str(form.query_one("#error-follow_up_due", Static).render())
        assert "'soon' is not a date; use YYYY-MM-DD or DD.MM.YYYY" in said
        form.query_one("#field-follow_up_due", Input).value = "20.11.2026"  # as German speakers write it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.log_table.has_focus
        assert log_summaries(screen)[0] == "Walked through the [red]pilot[/] plan"  # newest first, literal
        new = screen.log_table.current()
        await pilot.press("e")  # the log has focus: edit the interaction
        edit = app.screen
        assert edit.query_one("#field-summary", TextArea).text == "Walked through the [red]pilot[/] plan"
        edit.query_one("#field-summary", TextArea).text = "Walked through the pilot plan with HR"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert log_summaries(screen)[0] == "Walked through the pilot plan with HR"
    stored = db.read(lambda s: ix.get_interaction(s, new.id))
    assert (stored.stakeholder_id, stored.occurred_on, stored.sentiment, stored.author) == (
        target, TODAY, 2, db.actor.user)  # fmt: skip
    assert (stored.follow_up, stored.follow_up_due) == ("share slides", date(2026, 11, 20))
    assert db.read(lambda s: ix.log_page(s, stakeholder_id=target)).total == before + 1
    audit = AuditEntry.__table__
    entry = db.read(
        lambda s: s.execute(
            select(audit.c.changes).where(
                audit.c.entity == "interaction", audit.c.entity_id == new.id, audit.c.action == "update"
            )
        ).scalar_one()
    )
    assert json.loads(entry) == {
        "summary": ["Walked through the [red]pilot[/] plan", "Walked through the pilot plan with HR"]
    }


async def test_demo_x_goes_to_the_open_follow_up_then_marks_it_done(demo_path, demo_db, make_cockpit):
    target = with_open_follow_up(demo_db)
    async with make_cockpit(demo_path).run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await select_stakeholder(pilot, screen, target)
        await pilot.press("x")  # from the register: moves to the most urgent open follow-up
        await settle(pilot)
        log = screen.log_table
        chosen = screen.log_table.current()
        assert log.has_focus and chosen.follow_up_state(TODAY) in ("open", "overdue")
        await pilot.press("x")
        await settle(pilot)
        assert "✓ done" in str(log.get_row_at(log.cursor_row)[7])
    assert demo_db.read(lambda s: ix.get_interaction(s, chosen.id)).follow_up_done == TODAY


async def test_demo_filter_narrow_sort_and_escape(demo_path, demo_db, make_cockpit):
    app = make_cockpit(demo_path)
    all_ids = demo_ids(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        assert [row.id for row in screen.register.rows_by_id.values()] == all_ids
        await pilot.press("slash", *"council", "enter")
        await settle(pilot)
        expected = demo_ids(demo_db, sh.RegisterQuery(text="council"))
        assert [screen.register.current().id] == expected[:1] and len(register_names(screen)) == len(expected)
        assert "filter “council”" in text_of(screen, "#sh-info")
        await pilot.press("escape")
        await settle(pilot)
        assert len(register_names(screen)) == len(all_ids)
        await pilot.press("f")
        await settle(pilot)  # the picker's input has focus before anything is typed
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"sceptic")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        sceptics = demo_ids(demo_db, sh.RegisterQuery(attitude="sceptic"))
        assert list(screen.register.rows_by_id) == sceptics and "attitude: ? sceptic" in text_of(
            screen, "#sh-info"
        )
        assert all(
            str(cells[6]) == "? sceptic" for cells in map(screen.register.get_row_at, range(len(sceptics)))
        )
        await pilot.press("escape", "s")  # clear the narrowing, then sort by the next column (role)
        await settle(pilot)
        assert "sort role ▲" in text_of(screen, "#sh-info")
        assert list(screen.register.rows_by_id) == demo_ids(demo_db, sh.RegisterQuery(sort="role"))
        await pilot.press("S")
        await settle(pilot)
        assert list(screen.register.rows_by_id) == demo_ids(
            demo_db, sh.RegisterQuery(sort="role", descending=True)
        )
        table = screen.register
        table.post_message(WindowedTable.HeaderClicked(table, "last_contact"))
        await settle(pilot)
        assert list(screen.register.rows_by_id) == demo_ids(demo_db, sh.RegisterQuery(sort="last_contact"))
        assert str(table.columns["last_contact"].label) == "contact ▲"


async def test_demo_grid_places_everyone_and_enter_goes_there(demo_path, demo_db, make_cockpit):
    grid_data = demo_db.read(lambda s: sh.influence_grid(s))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("i")
        await settle(pilot)
        grid = app.screen
        assert isinstance(grid, StakeholderGridDialog)
        for key, quadrant in grid_data.items():
            shown = grid.query_one(f"#quadrant-{key}", OptionList)
            assert shown.border_title == f"{quadrant.title} ({quadrant.total})"
            first = quadrant.entries[0]
            assert str(shown.get_option_at_index(0).prompt).startswith(
                f"{ATTITUDE_GLYPHS[first.attitude]} {first.name}  {first.attitude}")  # fmt: skip
        assert sum(q.total for q in grid_data.values()) == len(demo_ids(demo_db))
        await pilot.press("tab", "tab", "enter")  # manage closely → monitor → keep informed, first entry
        await settle(pilot)
        assert app.screen is screen
        assert screen.register.current().id == grid_data["keep_informed"].entries[0].id


async def test_demo_overdue_view_agrees_with_the_overview(demo_path, demo_db, make_cockpit):
    page = demo_db.read(lambda s: ix.overdue_page(s, today=TODAY))
    _, overview_total = demo_db.read(lambda s: overdue_follow_ups(s, today=TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OverdueDialog)
        table = dialog.query_one(OverdueTable)
        assert table.row_count == page.total == overview_total > 1
        assert f"{page.total} overdue · row 1 · enter go to" in static_text(dialog.query_one("#overdue-info"))
        dues = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert dues == sorted(dues)  # oldest first
        oldest = page.items[0]
        assert [str(c).strip() for c in table.get_row_at(0)[:4]] == [
            oldest.due.isoformat(), f"{oldest.days_overdue} d", oldest.stakeholder, oldest.owner]  # fmt: skip
        await pilot.press("x")  # done, from the overdue view
        await settle(pilot)
        assert table.row_count == page.total - 1
        second = page.items[1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.register.current().id == second.stakeholder_id
    assert demo_db.read(lambda s: ix.get_interaction(s, oldest.interaction_id)).follow_up_done == TODAY


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
        await pilot.press("slash", *"team", "enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        app.go_to("stakeholder", ids["cfo"])
        await settle(pilot)
        assert app.screen is screen and screen.register.current().id == ids["cfo"]
        assert screen.register_query.text == ""


def test_every_key_is_described_for_footer_and_help():
    for binding in StakeholdersScreen.BINDINGS:
        assert binding.description and binding.id, binding


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


async def test_large_register_scrolls_through_all_and_holds_only_a_window(db, db_path, make_cockpit):
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
        register = screen.register
        assert register.row_count == 2000 and text_of(screen, "#sh-info").startswith(
            "2,000 stakeholders · row 1"
        )
        await pilot.press("G")  # the last stakeholder, far past the first window
        await settle(pilot)
        assert register.current().name == "Stakeholder 02000"
        assert any("Stakeholder 02000" in line for line in screen_lines(app))
        assert text_of(screen, "#sh-info").startswith("2,000 stakeholders · row 2,000")
        assert "Stakeholder 02000" in text_of(screen, "#sh-detail")  # the log follows the cursor
        assert screen.log_table.stakeholder_id == register.current().id
        await pilot.press("a")  # an action applies to the stakeholder under the cursor
        await settle(pilot)
        assert "With Stakeholder 02000;" in "".join(screen_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert register.current().name == "Stakeholder 00001"
        await pilot.press("pagedown")
        await settle(pilot)
        assert register.cursor_row == register.visible_rows > 5
        assert register.current().name == f"Stakeholder {register.cursor_row + 1:05}"
        assert len(register.held_rows) <= register.window_size < 2000
        app.go_to("stakeholder", 1950)  # the palette's "go to" finds where it is
        await settle(pilot)
        assert register.current().name == "Stakeholder 01950"
        assert "row 1,950" in text_of(screen, "#sh-info")
        await pilot.press("o")  # some 14,000 overdue follow-ups: scrolled to the last, read in windows
        await settle(pilot)
        overdue = app.screen.query_one(OverdueTable)
        assert overdue.row_count > 10_000
        await pilot.press("G")
        await settle(pilot)
        assert overdue.cursor_row == overdue.row_count - 1 and overdue.current() is not None
        assert f"row {overdue.row_count:,}" in static_text(app.screen.query_one("#overdue-info"))
        assert len(overdue.held_rows) <= overdue.window_size
        overdue_window = overdue.window_size
        await pilot.press("escape")
        event.remove(app.db.engine, "before_cursor_execute", capture)
    # Re-run every SELECT the screen issued and count the rows each returned.
    with db.engine.connect() as connection:
        fetched = sum(len(connection.exec_driver_sql(sql, params).all()) for sql, params in statements)
    # A few windows of the register, a few logs with their sentiment series, a few windows of the
    # overdue follow-ups, and counts: a small part of the 2,000 stakeholders and 100,000 interactions.
    assert fetched <= 8 * register.window_size + 6 * (50 + 20) + 50 + 3 * overdue_window
