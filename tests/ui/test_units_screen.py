"""The Org units screen driven by keys on the small demo: what the tree shows and what the database holds."""

from contextlib import suppress

from sqlalchemy import func, insert, select, update
from textual.worker import WorkerCancelled, WorkerFailed

from okr_cockpit.db.models import Assignment, OrgUnit
from okr_cockpit.db.open import open_database
from okr_cockpit.services.org import reads
from okr_cockpit.services.org import units as svc
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.message import MessageDialog
from okr_cockpit.ui.dialogs.picker import PickerDialog
from okr_cockpit.ui.forms.form import FormDialog
from okr_cockpit.ui.screens.units.screen import FILTER_DELAY, UnitsScreen
from okr_cockpit.ui.widgets.unit_tree import UnitTree
from tests.ui.screen_text import static_text

unit = OrgUnit.__table__


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let workers finish and the reloads they trigger run (a write → done → reload → show)."""
    for _ in range(rounds):
        # Exclusive workers cancel older ones, and refused writes fail on purpose.
        with suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def open_units(app, pilot) -> UnitsScreen:
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    assert isinstance(app.screen, UnitsScreen)
    return app.screen


def visible(tree: UnitTree) -> list[str]:
    """The plain text of every line the tree shows, indented two spaces per level."""
    lines: list[str] = []

    def walk(node, depth):
        for child in node.children:
            lines.append("  " * depth + child.label.plain)
            if child.is_expanded:
                walk(child, depth + 1)

    walk(tree.root, 0)
    return lines


def names(tree: UnitTree) -> list[str]:
    return [line.strip().split("  ")[0] for line in visible(tree)]


def message(screen: UnitsScreen) -> str:
    return static_text(screen.query_one("#units-message")).strip()


def cursor_name(screen: UnitsScreen) -> str:
    return screen.tree.cursor_unit.name


def read(db_path, work):
    opened = open_database(str(db_path))
    try:
        return opened.db.read(work)
    finally:
        opened.db.dispose()


def unit_row(db_path, name):
    return read(db_path, lambda s: s.execute(select(unit).where(unit.c.name == name)).mappings().first())


async def go_to(app, pilot, screen, name):
    found = read(
        app_path(app), lambda s: s.execute(select(unit.c.id).where(unit.c.name == name)).scalar_one()
    )
    screen.reveal("org_unit", found)
    await settle(app, pilot)
    assert cursor_name(screen) == name


def app_path(app):
    return app.db.engine.url.database


async def test_opens_on_the_company_and_loads_children_on_expand(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        tree = screen.tree
        assert names(tree) == [
            "Northwind Group",
            "Digital & IT",
            "Finance & Controlling",
            "Logistics",
            "Manufacturing",
            "People & Culture",
            "Retail",
        ]
        assert visible(tree)[1] == "  Digital & IT  ● live  · Wave 1 – Pilot"
        assert len(tree.node_of) == 7  # nothing below the divisions was fetched
        await pilot.press("j", "l")
        await settle(app, pilot)
        assert names(tree)[2:5] == ["Digital Products", "IT Operations", "Platform Engineering"]
        detail = static_text(screen.query_one("#unit-detail-body"))
        assert "Bruno Novak" in detail and "HR-000002" in detail and "with a primary coach" in detail
        await pilot.press("l", "l")  # into the first department, then expand it
        await settle(app, pilot)
        assert cursor_name(screen) == "Digital Products"
        assert "Payments" in names(tree)
        await pilot.press("h", "h")  # collapse, then up to the parent
        assert cursor_name(screen) == "Digital & IT"
        await pilot.press("k", "asterisk")  # everything under the company
        await settle(app, pilot)
        total = read(demo_path, lambda s: s.execute(select(func.count()).select_from(unit)).scalar())
        assert len(names(tree)) == total


async def test_add_child_with_inline_error_for_an_empty_name(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Digital Products")
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert static_text(form.query_one("#error-name")).strip() == "Name must not be empty."
        form.query_one("#field-name").value = "Team [b]Zebra[/b]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        stored = unit_row(demo_path, "Team [b]Zebra[/b]")
        parent = unit_row(demo_path, "Digital Products")
        assert (stored["parent_id"], stored["kind"], stored["wave_id"]) == (
            parent["id"],
            "team",
            parent["wave_id"],
        )
        assert cursor_name(screen) == "Team [b]Zebra[/b]"
        assert "      Team [b]Zebra[/b]  ○ not started  · Wave 1 – Pilot" in visible(screen.tree)


async def test_a_team_cannot_get_children(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Payments")
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen is screen
        assert "A team cannot have units below it" in message(screen)


async def test_edit_with_people_picker_and_duplicate_external_id(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Payments")
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-name").value = "Payments & Billing"
        form.query_one("#field-external_id").value = "HR-000002"  # Digital & IT's
        form.query_one("#field-state").value = "pilot"
        form.query_one("#field-lead_id").press()
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        picker.query_one("#query").value = "Helena"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        error = static_text(form.query_one("#error-external_id")).strip()
        assert error == "External id HR-000002 is already used by the unit 'Digital & IT'."
        assert unit_row(demo_path, "Payments") is not None
        form.query_one("#field-external_id").value = "HR-PAY"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        stored = unit_row(demo_path, "Payments & Billing")
        helena = read(
            demo_path, lambda s: s.execute(select(svc.person.c.id).where(svc.person.c.name == "Helena Marx"))
        )
        assert (stored["external_id"], stored["state"]) == ("HR-PAY", "pilot")
        assert stored["lead_id"] == helena.scalar_one() if False else stored["lead_id"] is not None
        assert cursor_name(screen) == "Payments & Billing"
        assert "Payments & Billing  ◑ pilot" in "\n".join(visible(screen.tree))
        assert "Helena Marx" in static_text(screen.query_one("#unit-detail-body"))


async def test_move_into_own_subtree_is_refused_and_a_valid_move_follows_the_unit(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Digital & IT")
        before = unit_row(demo_path, "Digital & IT")
        await pilot.press("m")
        await settle(app, pilot)
        app.screen.query_one("#query").value = "Digital Products"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert message(screen) == (
            "Digital & IT cannot be moved under Digital Products: "
            "Digital Products is inside Digital & IT's own subtree."
        )
        assert unit_row(demo_path, "Digital & IT")["parent_id"] == before["parent_id"]

        await go_to(app, pilot, screen, "Payments")
        await pilot.press("m")
        await settle(app, pilot)
        app.screen.query_one("#query").value = "Accounting"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        accounting = unit_row(demo_path, "Accounting")
        assert unit_row(demo_path, "Payments")["parent_id"] == accounting["id"]
        assert cursor_name(screen) == "Payments"
        assert screen.tree.cursor_node.parent.data.name == "Accounting"
        assert message(screen) == ""


async def test_delete_leaf_and_cascade_after_being_told_what_goes(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        # A team with a coach: refused unless the cascade is confirmed.
        team = unit_row(demo_path, "Payments")
        assigned = read(
            demo_path,
            lambda s: s.execute(
                select(func.count()).where(Assignment.__table__.c.unit_id == team["id"])
            ).scalar(),
        )
        assert assigned
        await go_to(app, pilot, screen, "Digital Products")
        await pilot.press("d")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "units below it" in dialog.question and "coach assignments" in dialog.question
        await pilot.press("n")
        await settle(app, pilot)
        assert unit_row(demo_path, "Digital Products") is not None
        assert cursor_name(screen) == "Digital Products"

        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert unit_row(demo_path, "Digital Products") is None
        assert unit_row(demo_path, "Payments") is None
        assert "Digital Products" not in names(screen.tree)

        # An empty unit: a plain confirmation.
        await go_to(app, pilot, screen, "People & Culture")
        await pilot.press("l")
        await settle(app, pilot)
        leaf = screen.tree.node_of[unit_row(demo_path, "HR Services")["id"]]
        await pilot.press("l")
        await settle(app, pilot)
        assert screen.tree.cursor_node is leaf
        await pilot.press("l", "l")
        await settle(app, pilot)
        doomed = cursor_name(screen)
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen.question.startswith(f"Delete the team {doomed}?")
        await pilot.press("y")
        await settle(app, pilot)
        assert unit_row(demo_path, doomed) is None
        assert doomed not in names(screen.tree)


async def test_delete_refused_by_the_service_without_cascade(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Retail")
        unit_id = screen.tree.cursor_unit.id
        screen.write(lambda s: svc.delete_unit(session=s, unit_id=unit_id, expected_version=None))
        await settle(app, pilot)
        assert "confirm deleting all of it" in message(screen)
        assert unit_row(demo_path, "Retail") is not None


async def test_set_state_quick_pick(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Logistics")
        await pilot.press("t")
        await settle(app, pilot)
        app.screen.query_one("#query").value = "paus"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert unit_row(demo_path, "Logistics")["state"] == "paused"
        assert cursor_name(screen) == "Logistics"
        assert "  Logistics  ‖ paused  · Wave 2" in visible(screen.tree)


async def test_filter_narrows_to_matches_and_ancestors_and_escape_restores(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await pilot.press("j", "l")  # Digital & IT open before filtering
        await settle(app, pilot)
        await pilot.press("slash", "p", "a", "y")
        await pilot.pause(FILTER_DELAY + 0.1)
        await settle(app, pilot)
        assert names(screen.tree) == [
            "Northwind Group",
            "Digital & IT",
            "Digital Products",
            "Payments",
            "Finance & Controlling",
            "Accounting",
            "Accounts Payable",
            "People & Culture",
            "HR Services",
            "Payroll",
        ]
        assert cursor_name(screen) == "Payments"
        assert "3 units match 'pay'" in message(screen)
        await pilot.press("enter")  # leaves the box; the tree has the keys
        await pilot.press("j")
        assert cursor_name(screen) == "Finance & Controlling"
        await pilot.press("escape")
        await settle(app, pilot)
        assert cursor_name(screen) == "Finance & Controlling"
        assert len(names(screen.tree)) == 10  # company, 6 divisions, Digital & IT's 3 departments
        assert not screen.query_one("#unit-filter").has_class("shown")


async def test_names_are_shown_literally(demo_path, make_cockpit):
    def rename(session):
        session.execute(update(OrgUnit).where(unit.c.name == "Retail").values(name="[red]x[/]\x1b[2J"))

    opened = open_database(str(demo_path))
    opened.db.write(rename)
    opened.db.dispose()
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        assert "  [red]x[/]�[2J  ◔ preparing  · Wave 2" in visible(screen.tree)


async def test_reveal_from_the_palette_and_enter_opens_coaches(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        payroll = unit_row(demo_path, "Payroll")["id"]
        app.go_to("org_unit", payroll)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, UnitsScreen)
        assert cursor_name(screen) == "Payroll"
        assert names(screen.tree)[:4] == [
            "Northwind Group",
            "Digital & IT",
            "Finance & Controlling",
            "Logistics",
        ]
        assert "HR Services" in names(screen.tree)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "coaches"


async def test_reload_after_another_process_keeps_the_cursor(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        await go_to(app, pilot, screen, "Payments")
        opened = open_database(str(demo_path))
        opened.db.write(
            lambda s: svc.update_unit(
                session=s,
                unit_id=screen.tree.cursor_unit.id,
                expected_version=None,
                values={"name": "Payments Core"},
            )
        )
        opened.db.write(
            lambda s: svc.create_unit(session=s, parent_id=1, name="AAA Division", kind="division")
        )
        opened.db.dispose()
        screen.reload()
        await settle(app, pilot)
        assert cursor_name(screen) == "Payments Core"
        assert "AAA Division" in names(screen.tree)


async def test_help_lists_every_key_of_the_screen(demo_path, make_cockpit):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_units(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, MessageDialog)
        text = static_text(app.screen.query_one("Static"))
        for words in (
            "Add child",
            "Edit",
            "Move",
            "Delete",
            "State",
            "Expand all",
            "Filter",
            "Coaches of unit",
        ):
            assert words in text


async def test_large_organisation_opens_without_loading_all_units(db_path, make_cockpit, monkeypatch):
    from okr_cockpit.db.open import open_database as opener

    opened = opener(str(db_path))

    def build(session):
        rows = [{"id": 1, "name": "Big Co", "kind": "company", "parent_id": None}]
        for d in range(20):
            div = 2 + d * 500
            rows.append({"id": div, "name": f"Division {d:02}", "kind": "division", "parent_id": 1})
            for k in range(99):
                dep = div + 1 + k * 5
                rows.append(
                    {"id": dep, "name": f"Dept {d:02}-{k:02}", "kind": "department", "parent_id": div}
                )
                rows += [
                    {"id": dep + t, "name": f"Team {d:02}-{k:02}-{t}", "kind": "team", "parent_id": dep}
                    for t in range(1, 5)
                ]
        session.execute(insert(OrgUnit), rows)
        return len(rows)

    total = opened.db.write(build)
    opened.db.dispose()
    assert total > 9900

    fetched = []
    real_children, real_many = reads.children, reads.children_of_many

    def counting_children(*args, **kwargs):
        found = real_children(*args, **kwargs)
        fetched.extend(found)
        return found

    def counting_many(*args, **kwargs):
        found = real_many(*args, **kwargs)
        fetched.extend(n for kids in found.values() for n in kids)
        return found

    monkeypatch.setattr(reads, "children", counting_children)
    monkeypatch.setattr(reads, "children_of_many", counting_many)
    app = make_cockpit(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_units(app, pilot)
        assert len(fetched) == 21  # the company and its divisions
        assert len(screen.tree.node_of) == 21
        await pilot.press("j", "l")
        await settle(app, pilot)
        assert len(fetched) == 21 + 99
        await pilot.press("k", "asterisk")  # the whole company is over the cap: two levels only
        await settle(app, pilot)
        assert len(screen.tree.node_of) < 2100
        assert "the next level has 7,920 units" in message(screen)
