"""The Rollout plan screen (7), driven by keys: a plan made from nothing; figures equal to the services'."""

import json
from contextlib import suppress
from datetime import timedelta

from sqlalchemy import insert, select
from textual.widgets import Static
from textual.worker import WorkerCancelled, WorkerFailed

from okr_cockpit.db.models import Assignment, AuditEntry, Coach, OrgUnit, Person, RolloutWave
from okr_cockpit.services.exporting.rollout import health_export, waves_export
from okr_cockpit.services.reporting.facts import build_report
from okr_cockpit.services.rollout.health import current_health
from okr_cockpit.services.rollout.readiness import waves_readiness
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import PickerDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.screens.rollout.criteria import CriteriaDialog
from okr_cockpit.ui.screens.rollout.screen import RolloutScreen
from okr_cockpit.ui.screens.rollout.widgets import WaveTable, health_label
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import static_text

SIZE = (120, 36)
unit = OrgUnit.__table__


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let workers finish and the reloads they trigger run (a write → done → reload → show)."""
    for _ in range(rounds):
        with suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def open_rollout(app, pilot) -> RolloutScreen:
    await settle(app, pilot)
    await pilot.press("7")
    await settle(app, pilot)
    assert isinstance(app.screen, RolloutScreen)
    return app.screen


def shown_waves(screen: RolloutScreen) -> list[tuple[str, ...]]:
    """(wave, units, decision, readiness) per row, as the table shows them."""
    table = screen.query_one(WaveTable)
    rows = []
    for index in range(table.row_count):
        cells = [str(c).strip() for c in table.get_row_at(index)]
        rows.append((cells[1], cells[2], cells[5], cells[6]))
    return rows


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def seed_organisation(db) -> None:
    """Units and a coach exist (other screens make them); no wave, criterion or assignment yet."""

    def build(session):
        def add(model, **values):
            return session.execute(insert(model.__table__).values(**values)).inserted_primary_key[0]

        lead = add(Person, name="Lea Lead")
        company = add(OrgUnit, name="Northwind", kind="company", lead_id=lead)
        sales = add(OrgUnit, name="Sales", kind="division", parent_id=company, lead_id=lead)
        for name in ("Team North", "Team South"):
            add(OrgUnit, name=name, kind="team", parent_id=sales, lead_id=lead)
        add(OrgUnit, name="Finance", kind="division", parent_id=company, lead_id=lead)
        ada = add(Person, name="Ada Coach")
        add(Coach, person_id=ada, capacity=3, certified_on=FIXED_TODAY - timedelta(days=30))

    db.write(build)


async def test_a_plan_made_with_the_keyboard_from_no_waves_to_a_go(db, db_path, make_cockpit):
    seed_organisation(db)
    app = make_cockpit(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rollout(app, pilot)
        assert "No waves yet: press n to add the first one." in static_text(
            screen.query_one("#rollout-message")
        )

        # Two waves, each through the form.
        for name, start, go_live in (("Wave 1", "2027-01-04", "2027-02-01"), ("Wave 2", "2027-03-01", "")):
            await pilot.press("n")
            await settle(app, pilot)
            assert isinstance(app.screen, FormDialog)
            await type_text(pilot, name)
            await pilot.press("tab")
            await type_text(pilot, start)
            await pilot.press("tab")
            await type_text(pilot, go_live)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        assert app.screen is screen
        assert shown_waves(screen) == [
            ("Wave 1", "0", "○ pending", "· no criteria"),
            ("Wave 2", "0", "○ pending", "· no criteria"),
        ]

        # Sales and everything below it into Wave 1, after a preview of what moves.
        await pilot.press("k")  # the cursor was on the new Wave 2
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await type_text(pilot, "Sales")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert (
            app.screen.question
            == "Put 'Sales' and everything below it into 'Wave 1'?\n→ Wave 1 for 3 of 3 units"
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert shown_waves(screen)[0] == ("Wave 1", "3", "○ pending", "· no criteria")

        # Its criterion: at least half of its teams have a primary coach.
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CriteriaDialog)
        await pilot.press("a")
        await settle(app, pilot)
        await type_text(pilot, "primary")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("backspace", "backspace", "5", "0", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CriteriaDialog)
        assert "Readiness 0/1 · 0%." in static_text(app.screen.query_one("#criteria-message"))
        await pilot.press("escape")
        await settle(app, pilot)
        assert shown_waves(screen)[0] == ("Wave 1", "3", "○ pending", "▲ 0/1 · 0%")
        detail = [
            " ".join(line.split()) for line in static_text(screen.query_one("#wave-detail-text")).splitlines()
        ]
        assert "✗ not Teams with a primary coach ≥ 50% 0 of 2 teams (0%), needs 50%" in detail

        # A coach for one team (on the Coaches screen) makes the wave ready.
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await type_text(pilot, "North")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = await open_rollout(app, pilot)
        assert shown_waves(screen)[0] == ("Wave 1", "3", "○ pending", "✓ 1/1 · 100%")

        # The go decision, which needs no rationale now that every criterion is met.
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        assert "✓ Teams with a primary coach ≥ 50% — 1 of 2 teams (50%), needs 50%" in app.screen.intro
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert shown_waves(screen)[0] == ("Wave 1", "3", "✓ go", "✓ 1/1 · 100%")
        assert "Recorded 'go' for 'Wave 1'." in static_text(screen.query_one("#rollout-message"))

    def stored(session):
        wave = RolloutWave.__table__
        waves = session.execute(
            select(wave.c.name, wave.c.decision, wave.c.decided_on).order_by(wave.c.position)
        )
        in_wave = session.execute(select(unit.c.name).where(unit.c.wave_id.is_not(None)).order_by(unit.c.id))
        assigned = session.execute(select(Assignment.role)).scalars().all()
        decided = session.execute(
            select(AuditEntry.os_user, AuditEntry.changes)
            .where(AuditEntry.entity == "rollout_wave")
            .order_by(AuditEntry.id.desc())
        ).first()
        return [tuple(w) for w in waves], list(in_wave.scalars()), assigned, decided

    waves, in_wave, assigned, decided = db.read(stored)
    assert waves == [("Wave 1", "go", FIXED_TODAY), ("Wave 2", "pending", None)]
    assert in_wave == ["Sales", "Team North", "Team South"]
    assert assigned == ["primary"]
    assert json.loads(decided.changes)["decision"] == ["pending", "go"]  # who and when: the audit


async def test_bad_wave_input_is_said_in_the_form_and_nothing_is_written(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rollout(app, pilot)
        before = shown_waves(screen)
        await pilot.press("n")
        await settle(app, pilot)
        await type_text(pilot, "Wave 2")  # taken
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        assert static_text(form.query_one("#error-name")).strip() == (
            "A wave called 'Wave 2' already exists; choose another name."
        )
        await pilot.press("escape")  # a filled-in form asks before it discards
        await settle(app, pilot)
        assert app.screen.question == "Discard your changes to this form?"
        await pilot.press("y")
        await settle(app, pilot)

        await pilot.press("e")  # Wave 1: a go-live before its start
        await settle(app, pilot)
        go_live = app.screen.query_one("#field-go_live_on")
        go_live.value = "2020-01-01"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Go-live (2020-01-01) is before the start" in static_text(
            app.screen.query_one("#error-go_live_on")
        )
        await pilot.press("escape")  # a filled-in form asks before it discards
        await settle(app, pilot)
        assert app.screen.question == "Discard your changes to this form?"
        await pilot.press("y")
        await settle(app, pilot)

        await pilot.press("d")  # a wave with units: the question says how many lose their wave
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == (
            "Delete the wave 'Wave 1 – Pilot'?\nIts 20 units lose their wave; no unit is deleted."
        )
        await pilot.press("n")
        await settle(app, pilot)
        assert shown_waves(screen) == before

        await pilot.press("j", "v")  # a no-go needs its reason
        await settle(app, pilot)
        app.screen.query_one("#field-decision").value = "no_go"
        app.screen.query_one("#field-rationale").text = ""  # the go's rationale was there
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert static_text(app.screen.query_one("#error-rationale")).strip() == (
            "Say why: a no-go or a postponement needs a rationale."
        )
        await pilot.press("escape")
        await settle(app, pilot)
        assert shown_waves(screen) == before


async def test_readiness_and_health_on_screen_equal_export_and_report(demo_path, demo_db, make_cockpit):
    def read(session):
        return (
            waves_readiness(session, today=FIXED_TODAY),
            list(waves_export(session, today=FIXED_TODAY)[1]),
            build_report(session, today=FIXED_TODAY),
            current_health(session, today=FIXED_TODAY),
        )

    readiness, exported, report, health = demo_db.read(read)
    teams = demo_db.read(lambda s: list(health_export(s, cycle_name=health.cycle, today=FIXED_TODAY)[1]))
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rollout(app, pilot)
        shown = shown_waves(screen)
        assert [row[0] for row in shown] == [w[1] for w in exported] == list(report.readiness)
        for row, wave in zip(shown, exported, strict=True):
            measured = readiness[wave[0]]
            assert row[3].endswith(measured.label) and wave[12] == measured.percent
            assert report.readiness[wave[1]].percent == measured.percent
        # The demo shows one wave that is ready and one that is not.
        assert [row[3] for row in shown] == ["✓ 2/2 · 100%", "✓ 4/4 · 100%", "▲ 2/4 · 50%"]

        await pilot.press("tab")
        await settle(app, pilot)
        text = static_text(screen.query_one("#health-text"), width=160)
        held = sum(row[-3] for row in teams)
        due = sum(row[-2] for row in teams)
        assert (
            (held, due)
            == (health.tally.held, health.tally.due)
            == (report.overview.health.held, report.overview.health.due)
        )
        assert f"Process health of {health.cycle}: {health_label(health.tally)}" in text
        assert f"{held:,} of {due:,} due events held · {len(teams):,} teams running OKRs" in text
        worst = health.worst(1)[0]
        assert worst.name in text


async def test_overview_shows_the_same_process_health(demo_path, demo_db, make_cockpit):
    health = demo_db.read(lambda s: current_health(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = static_text(app.screen.query_one("#panel-events"), width=160)
    assert f"Process health of {health.cycle}: {health_label(health.tally)}" in text
    assert f"{health.tally.held} of {health.tally.due} due events held" in text


async def test_top_bar_names_every_screen_at_80_columns(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rollout(app, pilot)
        bar = app.screen.query_one("TopBar", Static)
        text = str(bar.render())
    assert text.rstrip() == " 1 Overview 2 Units 3 Coaches 4 Timeline 5 Stakeholders 6 RACI 7▸Rollout◂"
    assert len(text.rstrip()) <= 80


async def test_bulk_wave_change_of_the_units_a_filter_matches(demo_path, demo_db, make_cockpit):
    from okr_cockpit.services.org.bulk import name_matches

    def matched(session):
        ids = list(session.execute(name_matches("Store Operations")).scalars())
        wave3 = session.execute(select(RolloutWave.id).where(RolloutWave.name == "Wave 3")).scalar_one()
        already = session.execute(select(unit.c.id).where(unit.c.id.in_(ids), unit.c.wave_id == wave3)).all()
        return ids, wave3, len(already)

    ids, wave3, already = demo_db.read(matched)
    assert len(ids) > 1
    app = make_cockpit(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "Store Operations")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await type_text(pilot, "Wave 3")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        moving = len(ids) - already
        tail = f", {already} already there" if already else ""
        assert app.screen.question == (
            f"Change every unit matching 'Store Operations'?\n→ Wave 3 for {moving} of {len(ids)} units{tail}"
        )
        await pilot.press("y")
        await settle(app, pilot)
    in_wave = demo_db.read(
        lambda s: s.execute(select(unit.c.id).where(unit.c.id.in_(ids), unit.c.wave_id == wave3)).all()
    )
    assert len(in_wave) == len(ids)


async def test_the_wave_detail_names_its_fullest_coaches(demo_path, make_cockpit, monkeypatch):
    from okr_cockpit.services.rollout import detail as wave_details

    monkeypatch.setattr(wave_details, "COACHES_SHOWN", 1)
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        detail = screen.data.details[screen.query_one(WaveTable).wave_at_cursor().id]
        assert detail.coaches_total > 1
        text = " ".join(static_text(screen.query_one("#wave-detail-text")).split())
        assert f"… and {detail.coaches_total - 1} more" in text
        assert detail.coaches[0].name in text
