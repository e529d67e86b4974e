"""History and the status line name records and fields in words (#15): paths, names, values, counts."""

from datetime import date

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.events.cycles import create_cycle, create_event
from okr_cockpit.services.org.units import create_unit, move_unit, update_unit
from okr_cockpit.services.records import insert_row
from tests.ui.test_history import as_user, cells, open_history
from tests.ui.test_live_refresh import wait_for


def build_org(db) -> dict[str, int]:
    def work(session):
        ids = {
            "w1": insert_row(session, RolloutWave, {"name": "Wave 2"}),
            "w2": insert_row(session, RolloutWave, {"name": "Wave 3"}),
        }
        ids["group"] = create_unit(session=session, parent_id=None, name="Northwind", kind="company")
        ids["retail"] = create_unit(session=session, parent_id=ids["group"], name="Retail", kind="division")
        ids["digital"] = create_unit(session=session, parent_id=ids["group"], name="Digital", kind="division")
        ids["team"] = create_unit(
            session=session, parent_id=ids["retail"], name="Team Payments", kind="team", wave_id=ids["w1"]
        )
        ids["cycle"] = create_cycle(
            session=session, values={"name": "2027-Q1", "start_on": "2027-01-04", "end_on": "2027-03-31"}
        )
        return ids

    return db.write(work)


def status_line(app) -> str:
    return str(app.screen.query_one("#status-line").render())


async def test_history_names_the_unit_by_its_path_and_the_wave_by_its_name(db_path, make_cockpit):
    anna = as_user(db_path, "anna")
    ids = build_org(anna)
    anna.write(
        lambda s: update_unit(
            session=s, unit_id=ids["team"], expected_version=None, values={"wave_id": ids["w2"]}
        )
    )
    app = make_cockpit(db_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_for(pilot, lambda: "anna changed" in status_line(app))
        assert status_line(app).startswith(
            "anna changed Northwind › Retail › Team Payments (host-a) (Wave: Wave 2 → Wave 3) ·"
        )
        screen = await open_history(app, pilot)
        newest = cells(screen)[0]
        assert newest[2:] == ["✎ changed unit", "Northwind › Retail › Team Payments", "Wave: Wave 2 → Wave 3"]


async def test_a_move_reads_as_parent_names_and_an_event_by_kind_scope_and_day(db_path, make_cockpit):
    anna = as_user(db_path, "anna")
    ids = build_org(anna)
    anna.write(
        lambda s: create_event(
            session=s,
            values={
                "cycle_id": ids["cycle"],
                "kind": "retrospective",
                "unit_id": ids["team"],
                "start_on": "2027-03-27",
            },
        )
    )
    anna.write(
        lambda s: move_unit(
            session=s, unit_id=ids["team"], expected_version=None, new_parent_id=ids["digital"]
        )
    )
    app = make_cockpit(db_path)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_history(app, pilot)
        moved, event = cells(screen)[0], cells(screen)[1]
        assert moved[3:] == ["Northwind › Digital › Team Payments", "Parent: Retail → Digital"]
        assert event[2:4] == ["+ added event", "retrospective · Team Payments · 2027-03-27"]


async def test_a_bulk_change_is_one_row_with_a_count(db_path, make_cockpit):
    anna = as_user(db_path, "anna")
    ids = build_org(anna)

    def many(session):
        for day in range(1, 29):
            create_event(
                session=session,
                values={
                    "cycle_id": ids["cycle"],
                    "kind": "check_in",
                    "start_on": date(2027, 2, day).isoformat(),
                },
            )

    anna.write(many)
    app = make_cockpit(db_path)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_history(app, pilot)
        newest = cells(screen)[0]
        assert newest[2:4] == ["+ added 28 events", "check-in · Org-wide · 2027-02-28 and 27 more"]
        assert [row[2] for row in cells(screen)[1:3]] == ["+ added cycle", "+ added 4 units"]
