"""The Timeline screen driven by keys at FIXED_TODAY: rendered rows, actions and template planning."""

from contextlib import suppress
from datetime import date

import pytest
from sqlalchemy import func, insert, select
from textual.worker import WorkerCancelled, WorkerFailed

from okr_cockpit.db.models import Assignment, Coach, Cycle, CycleEvent, OrgUnit, Person, RolloutWave
from okr_cockpit.services.events import cycles as svc
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.template_plan import TemplatePlanDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.widgets.gantt import HEADER_LINES, GanttChart
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import plain

event_table = CycleEvent.__table__


def add(session, model, **values) -> int:
    return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]


@pytest.fixture
def world(db, db_path):
    """Team A has a check-in series around FIXED_TODAY (Monday 16 Nov 2026) in every status."""

    def build(session):
        ids = {}
        company = add(session, OrgUnit, name="Northwind", kind="company")
        ids["team_a"] = add(session, OrgUnit, name="Team A", kind="team", parent_id=company, state="live")
        ids["team_b"] = add(session, OrgUnit, name="Team B", kind="team", parent_id=company, state="pilot")
        ids["ada"] = add(session, Coach, person_id=add(session, Person, name="Ada Coach"))
        add(session, Assignment, coach_id=ids["ada"], unit_id=ids["team_a"], role="primary")
        ids["q4"] = add(
            session,
            Cycle,
            name="2026-Q4",
            start_on=date(2026, 10, 1),
            end_on=date(2026, 12, 31),
            state="active",
        )
        ids["q1"] = add(session, Cycle, name="2027-Q1", start_on=date(2027, 1, 1), end_on=date(2027, 3, 31))
        for name, day, status in (
            ("late", date(2026, 11, 2), "planned"),
            ("done", date(2026, 11, 9), "done"),
            ("next", date(2026, 11, 17), "planned"),
            ("off", date(2026, 11, 24), "cancelled"),
        ):
            ids[name] = add(
                session,
                CycleEvent,
                cycle_id=ids["q4"],
                kind="check_in",
                unit_id=ids["team_a"],
                start_on=day,
                end_on=day,
                coach_id=ids["ada"],
                status=status,
            )
        ids["org"] = add(
            session, CycleEvent, cycle_id=ids["q4"], kind="priorities", start_on=date(2026, 9, 10)
        )
        return ids

    return db, db_path, db.write(build)


async def open_timeline(app, pilot, *keys: str) -> GanttChart:
    await pilot.press("4")
    await settle(app, pilot)
    chart = app.screen.query_one(GanttChart)
    if keys:
        await pilot.press(*keys)
        await settle(app, pilot)
    return chart


async def settle(app, pilot) -> None:
    """Wait for the workers (loads, writes, previews) and the messages they post, never sleep."""
    for _ in range(4):
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            await pilot.pause()
            return
        # A superseded load is cancelled (exclusive workers); a failed one is the screen's to report.
        with suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()


def row_line(chart: GanttChart, label: str) -> str:
    for y in range(chart.header_lines, chart.size.height):
        text = chart.line_text(y)
        if label in text[: chart.label_width]:
            return text
    raise AssertionError(f"no row {label!r}")


def status_of(db, event_id):
    return db.read(
        lambda s: s.execute(select(event_table.c.status).where(event_table.c.id == event_id)).scalar()
    )


async def test_rows_show_overdue_mark_today_line_and_status_glyphs(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 30)) as pilot:
        chart = await open_timeline(app, pilot, "z", "z")  # month → quarter → week: one day per column
        assert chart.zoom_name == "week"
        left = chart.label_width
        col = lambda day: left + (day - chart.origin).days  # noqa: E731
        row = row_line(chart, "Team A")
        assert row.startswith("! Team A")  # the series has an overdue event
        assert row[col(date(2026, 11, 2))] == "!"
        assert row[col(date(2026, 11, 9))] == "█"
        assert row[col(date(2026, 11, 17))] == "▒"
        assert row[col(date(2026, 11, 24))] == "×"
        assert row[col(FIXED_TODAY)] == "│"
        weeks = chart.chart_line(2)  # today is the Monday where "W47" begins: marked, not overwritten
        assert weeks.text[col(FIXED_TODAY) - left :].startswith("W47")
        assert weeks.code_text[col(FIXED_TODAY) - left] == "t"
        assert "!" not in row_line(chart, "Org-wide")[left:]


async def test_mark_done_cancel_and_delete_change_the_database(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 30)) as pilot:
        chart = await open_timeline(app, pilot, "j")
        assert chart.selected_event().id == ids["next"]  # nearest today in the cursor row
        await pilot.press("x")
        await settle(app, pilot)
        assert status_of(db, ids["next"]) == "done"
        await pilot.press("X")
        await settle(app, pilot)
        assert status_of(db, ids["next"]) == "cancelled"
        await pilot.press("d")
        await pilot.press("y")
        await settle(app, pilot)
        assert status_of(db, ids["next"]) is None


async def test_add_event_warns_once_about_dates_outside_the_cycle(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot, "j", "a")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-start_on").value = "2027-02-01"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "outside cycle 2026-Q4" in str(form.query_one("#error-start_on").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        found = db.read(
            lambda s: s.execute(
                select(event_table.c.kind, event_table.c.unit_id).where(
                    event_table.c.start_on == date(2027, 2, 1)
                )
            ).all()
        )
        assert found == [("check_in", ids["team_a"])]  # kind and scope came from the cursor row


async def test_add_and_edit_cycle(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot, "n")
        assert app.screen.query_one("#field-name").value == "2027-Q2"  # the quarter after the last cycle
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("E")  # the cycle around today
        await settle(app, pilot)
        app.screen.query_one("#field-name").value = "2026-Q4 (pilot)"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    names = db.read(lambda s: s.execute(select(Cycle.__table__.c.name).order_by("start_on")).scalars().all())
    assert names == ["2026-Q4 (pilot)", "2027-Q1", "2027-Q2"]


async def test_template_preview_writes_nothing_until_confirmed(world, make_cockpit):
    db, path, ids = world
    count = lambda: db.read(lambda s: s.execute(select(func.count()).select_from(event_table)).scalar_one())  # noqa: E731
    before = count()
    app = make_cockpit(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot, "p")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, TemplatePlanDialog)
        plan = dialog.plan
        assert plan is not None and plan.teams == 2 and plan.new_events
        preview = plain(dialog.query_one("#tpl-preview").content, width=100)
        assert f"{len(plan.new_events)} new events" in preview
        assert "Team A" in preview and "Ada Coach" in preview
        assert count() == before
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TemplatePlanDialog)
    assert count() == before + len(plan.new_events)


async def test_details_and_reveal_cycle(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 30)) as pilot:
        chart = await open_timeline(app, pilot, "j", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("escape")
        app.go_to("cycle", ids["q1"])
        await settle(app, pilot)
        start, end = chart.view_range()
        assert start <= date(2027, 1, 1) <= end
        assert chart.current_cycle == ids["q1"]
        await pilot.press("t")
        assert chart.view_range()[0] < FIXED_TODAY < chart.view_range()[1]


async def test_demo_lists_and_details_with_process_changes(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        chart = await open_timeline(app, pilot)
        screen = app.screen
        overdue_total = chart.app.db.read(lambda s: svc.overdue_events(s, today=FIXED_TODAY)[1])
        title = screen.query_one("#tl-overdue").get_option_at_index(0).prompt
        assert str(title) == f"Overdue ({overdue_total})"
        # Only the window around the view was read, not the demo's thousand events.
        total = app.db.read(lambda s: s.execute(select(func.count()).select_from(event_table)).scalar_one())
        assert 0 < chart.window.fetched < total / 2
        assert len(chart.window.rows) <= 3 * (chart.size.height - HEADER_LINES)
        await pilot.press("tab", "tab")  # chart → overdue → upcoming (events of the 2026-Q4 cycle)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MessageDialog)
        body = plain(app.screen.body, width=100)
        assert "Process changes in effect for cycle 2026-Q4" in body
        assert "Time-box check-ins" in body
        assert "Introduce an OKR software tool" not in body  # dropped changes are not in effect


async def test_stale_mark_done_is_refused(world, make_cockpit):
    db, path, ids = world
    app = make_cockpit(path)
    async with app.run_test(size=(120, 30)) as pilot:
        chart = await open_timeline(app, pilot, "j")
        assert chart.selected_event().id == ids["next"]
        # A colleague cancels the event after this screen loaded it.
        db.write(
            lambda s: svc.set_event_status(
                session=s, event_id=ids["next"], status="cancelled", expected_version=1
            )
        )
        await pilot.press("x")
        await settle(app, pilot)
        assert status_of(db, ids["next"]) == "cancelled"
        assert any("changed by someone else" in n.message for n in app._notifications)


async def test_the_rollout_waves_are_bars_above_the_cycles(world, make_cockpit):
    db, path, ids = world
    db.write(
        lambda s: add(
            s, RolloutWave, name="Pilot wave", position=1, start_on=date(2026, 11, 2),
            go_live_on=date(2026, 11, 27), decision="go",
        )
    )
    app = make_cockpit(path)
    async with app.run_test(size=(120, 30)) as pilot:
        chart = await open_timeline(app, pilot, "z", "z")  # one day per column
        left = chart.label_width
        col = lambda day: left + (day - chart.origin).days  # noqa: E731
        waves = chart.line_text(0)
        assert waves.startswith(" rollout waves")
        assert waves[col(date(2026, 11, 2))] == "┣" and waves[col(date(2026, 11, 27))] == "◆"
        assert "Pilot wave" in waves and "✓ go" in waves
        assert "2026-Q4" in chart.line_text(1)  # the cycle band moved down one line
        assert row_line(chart, "Team A")[col(FIXED_TODAY)] == "│"
