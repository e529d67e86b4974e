"""Space marks rows; the bulk keys (b on Org units, x / X on the Timeline, d on a coach's teams) change
exactly the marked rows, in one transaction with one audit entry per row, and `u` undoes them together."""

from sqlalchemy import func, select

from okr_cockpit.db.tables import assignment, audit, event, unit
from okr_cockpit.i18n import set_language
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.widgets.coach_detail import AssignmentDetail
from okr_cockpit.ui.widgets.event_list import EventList
from okr_cockpit.ui.widgets.marks import MARKED
from okr_cockpit.ui.widgets.unit_tree import UnitTree
from tests.ui.screen_text import screen_lines
from tests.ui.test_timeline_screen import settle


def audit_count(app, entity: str) -> int:
    return app.db.read(
        lambda s: s.execute(select(func.count()).select_from(audit).where(audit.c.entity == entity)).scalar()
    )


async def test_a_collapsed_unit_says_how_many_marks_it_hides(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:  # a narrow pane shows the count too
        await pilot.press("2")
        await settle(app, pilot)
        division = app.screen.query_one(UnitTree).root.children[0].children[0].data
        await pilot.press("j", "l")  # open the first division
        await settle(app, pilot)
        await pilot.press("j", "space", "space", "k", "k", "k", "h")  # mark two of its units, close it
        await settle(app, pilot)
        line = next(line for line in screen_lines(app) if f"▶ {division.name}" in line)
        assert f"{MARKED} 2 marked below" in line
        assert "2 selected" in "\n".join(screen_lines(app))
        await pilot.press("l")  # open again: the marked units show their own marks, the count goes
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "marked below" not in text and text.count(f"{MARKED} ") >= 2


async def test_the_german_bulk_question_starts_with_a_capital(make_cockpit, demo_path):
    set_language("de")
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("j", "space", "space", "b")
        await settle(app, pilot)
        await pilot.press(*"pausiert", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question").render())
        assert question.startswith("Die 2 markierten Einheiten ändern?\n→ pausiert für 2 von 2 Einheiten")


async def test_units_marked_with_space_get_the_bulk_state_and_nothing_below_them(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        tree = app.screen.query_one(UnitTree)
        divisions = [node.data for node in tree.root.children[0].children]
        first, second, third = divisions[:3]
        await pilot.press("j", "space", "space")
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert f"{MARKED} {first.name}" in text and f"{MARKED} {second.name}" in text
        assert f"{MARKED} {third.name}" not in text
        assert "2 selected" in text
        before = audit_count(app, "org_unit")

        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press(*"paused", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.startswith("Change the 2 marked units?")
        await pilot.press("y")
        await settle(app, pilot)

        def states(session):
            rows = session.execute(select(unit.c.id, unit.c.parent_id, unit.c.state)).all()
            return {row.id: row for row in rows}

        found = app.db.read(states)
        assert found[first.id].state == found[second.id].state == "paused"
        assert found[third.id].state == third.state
        # Only the marked rows: the units below them keep their states.
        below = [row for row in found.values() if row.parent_id in (first.id, second.id)]
        assert below and any(row.state != "paused" for row in below)
        assert audit_count(app, "org_unit") == before + 2
        text = "\n".join(screen_lines(app))
        assert "selected" not in text, "the marks are cleared after the change"
        assert "Changed 2 units → paused." in text, "what the change did stays said after its reload"

        await pilot.press("u")
        await settle(app, pilot)
        found = app.db.read(states)
        assert (found[first.id].state, found[second.id].state) == (first.state, second.state)


async def test_escape_clears_the_marks_before_it_does_anything_else(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("j", "space")
        await settle(app, pilot)
        tree = app.screen.query_one(UnitTree)
        assert len(tree.marked()) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert tree.marked() == []
        assert MARKED not in "\n".join(screen_lines(app))
        assert app.screen.MODE == "units"


async def test_marked_overdue_events_are_marked_done_together(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        listing = app.screen.query_one("#tl-overdue", EventList)
        listing.focus()  # its first event highlighted
        await pilot.press("space", "space")
        await settle(app, pilot)
        marked = [int(key[1:]) for key in listing.marked()]
        assert len(marked) == 2
        assert "2 selected" in "\n".join(screen_lines(app))
        left = [int(key[1:]) for key in listing.shown_keys()][2:]
        before = audit_count(app, "cycle_event")

        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.startswith("Mark 2 events done?")
        await pilot.press("y")
        await settle(app, pilot)

        def statuses(session):
            return dict(session.execute(select(event.c.id, event.c.status)).all())

        found = app.db.read(statuses)
        assert [found[i] for i in marked] == ["done", "done"]
        assert left and all(found[i] == "planned" for i in left)
        assert audit_count(app, "cycle_event") == before + 2

        await pilot.press("u")
        await settle(app, pilot)
        found = app.db.read(statuses)
        assert [found[i] for i in marked] == ["planned", "planned"]


async def test_marked_assignments_are_unassigned_together(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("tab")  # the roster's coach's teams
        await settle(app, pilot)
        detail = app.screen.query_one(AssignmentDetail)
        assert app.focused is detail and detail.row_count >= 3
        await pilot.press("space", "space")
        await settle(app, pilot)
        marked = [int(key) for key in detail.marked()]
        kept = [int(key) for key in detail.shown_keys()][2:]
        assert len(marked) == 2 and "2 selected" in "\n".join(screen_lines(app))

        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.startswith("Unassign 2 marked assignments?")
        await pilot.press("y")
        await settle(app, pilot)

        def ids(session):
            return set(session.execute(select(assignment.c.id)).scalars())

        found = app.db.read(ids)
        assert not found & set(marked) and set(kept) <= found
        assert "Removed 2 assignments." in [n.message for n in app._notifications]

        await pilot.press("u")
        await settle(app, pilot)
        assert set(marked) <= app.db.read(ids)


async def test_keys_in_a_timeline_list_act_on_its_events_from_the_first_press(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        chart_event = app.screen.chart.selected_event()
        listing = app.screen.query_one("#tl-overdue", EventList)
        listing.focus()
        await pilot.press("space")  # no j first: the list's first event is the one meant
        await settle(app, pilot)
        assert len(listing.marked()) == 1
        await pilot.press("escape")  # the marks cleared, x acts on the highlighted event alone
        await settle(app, pilot)
        listing.highlighted = 1
        first = int(listing.get_option_at_index(1).id[1:])
        await pilot.press("x")
        await settle(app, pilot)
        found = app.db.read(lambda s: dict(s.execute(select(event.c.id, event.c.status)).all()))
        assert found[first] == "done"
        if chart_event is not None and chart_event.id != first:
            assert found[chart_event.id] == chart_event.status
