"""`u` reverts the cockpit's own last change as a new audited change; History's `r` reverts any change;
both refuse, saying who, when someone else changed the record since (#15)."""

from sqlalchemy import func, select

from okr_cockpit.db.models import AuditEntry, CycleEvent, OrgUnit
from okr_cockpit.services.events.cycles import create_event
from okr_cockpit.services.org.units import delete_unit, move_unit, update_unit
from okr_cockpit.services.records import fetch_row
from tests.ui.test_history import as_user, open_history
from tests.ui.test_live_refresh import wait_for
from tests.ui.test_words import build_org


def unit(app, unit_id):
    return app.db.read(lambda s: fetch_row(s, OrgUnit, unit_id))


def audit_count(app) -> int:
    return app.db.read(lambda s: s.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_u_undoes_an_edit_as_a_new_audited_change(db_path, make_cockpit):
    ids = build_org(as_user(db_path, "setup"))
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.db.write(
            lambda s: update_unit(
                session=s, unit_id=ids["team"], expected_version=None, values={"state": "pilot"}
            )
        )
        before = audit_count(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: unit(app, ids["team"])["state"] == "not_started")
        assert audit_count(app) == before + 1  # the undo is a change of its own, in the log
        await wait_for(pilot, lambda: "Undone: Northwind › Retail › Team Payments." in notices(app))
        await pilot.press("u")  # nothing more of this cockpit's own to undo
        await wait_for(pilot, lambda: any(n.startswith("Nothing more to undo") for n in notices(app)))


async def test_u_undoes_a_move(db_path, make_cockpit):
    ids = build_org(as_user(db_path, "setup"))
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.db.write(
            lambda s: move_unit(
                session=s, unit_id=ids["team"], expected_version=None, new_parent_id=ids["digital"]
            )
        )
        assert unit(app, ids["team"])["parent_id"] == ids["digital"]
        await pilot.press("u")
        await wait_for(pilot, lambda: unit(app, ids["team"])["parent_id"] == ids["retail"])


async def test_u_undoes_a_delete_with_what_went_with_it(db_path, make_cockpit):
    setup = as_user(db_path, "setup")
    ids = build_org(setup)
    event_id = setup.write(
        lambda s: create_event(
            session=s,
            values={
                "cycle_id": ids["cycle"],
                "kind": "drafting",
                "unit_id": ids["team"],
                "start_on": "2027-01-05",
            },
        )
    )
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.db.write(
            lambda s: delete_unit(session=s, unit_id=ids["team"], expected_version=None, cascade=True)
        )
        assert unit(app, ids["team"]) is None
        await pilot.press("u")
        await wait_for(pilot, lambda: unit(app, ids["team"]) is not None)
        restored = unit(app, ids["team"])
        assert (restored["name"], restored["parent_id"], restored["wave_id"]) == (
            "Team Payments",
            ids["retail"],
            ids["w1"],
        )
        event = app.db.read(lambda s: fetch_row(s, CycleEvent, event_id))
        assert (event["kind"], event["unit_id"], str(event["start_on"])) == (
            "drafting",
            ids["team"],
            "2027-01-05",
        )


async def test_undo_is_refused_when_someone_else_changed_the_record_since(db_path, make_cockpit):
    ids = build_org(as_user(db_path, "setup"))
    app = make_cockpit(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.db.write(
            lambda s: update_unit(
                session=s, unit_id=ids["team"], expected_version=None, values={"state": "pilot"}
            )
        )
        as_user(db_path, "ben").write(
            lambda s: update_unit(
                session=s, unit_id=ids["team"], expected_version=None, values={"notes": "ben's"}
            )
        )
        await pilot.press("u")
        refusal = "Not undone: ben changed Northwind › Retail › Team Payments since"
        await wait_for(pilot, lambda: any(n.startswith(refusal) for n in notices(app)))
        stored = unit(app, ids["team"])
        assert (stored["state"], stored["notes"]) == ("pilot", "ben's")  # nothing of anyone's was lost


async def test_history_reverts_another_users_change(db_path, make_cockpit):
    ids = build_org(as_user(db_path, "setup"))
    as_user(db_path, "anna").write(
        lambda s: update_unit(
            session=s, unit_id=ids["team"], expected_version=None, values={"wave_id": ids["w2"]}
        )
    )
    app = make_cockpit(db_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await open_history(app, pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: unit(app, ids["team"])["wave_id"] == ids["w1"])
        await wait_for(pilot, lambda: "Reverted: Northwind › Retail › Team Payments." in notices(app))
