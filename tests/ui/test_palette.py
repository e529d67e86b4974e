"""The command palette's "go to" finds German names however they are typed, and shows them literally."""

from sqlalchemy import insert
from textual.command import CommandList, CommandPalette

from okr_cockpit.db.models import OrgUnit
from okr_cockpit.db.open import open_database
from okr_cockpit.ui.screens.units.screen import UnitsScreen
from tests.ui.test_live_refresh import wait_for


def palette_lines(app) -> list[str]:
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt).splitlines()[0] for i in range(results.option_count)]


async def typed(app, pilot, text: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*text)
    await wait_for(pilot, lambda: any(line.startswith("Go to") for line in palette_lines(app)))
    # Screens and commands match fuzzily too ("Show Rollout plan" holds s-t-r-a-s-s-e); only records here.
    return [line for line in palette_lines(app) if line.startswith("Go to")]


async def test_palette_finds_umlauts_and_sharp_s_as_typed_plainly(db_path, make_cockpit):
    opened = open_database(str(db_path))
    ids = opened.db.write(
        lambda s: [
            s.execute(insert(OrgUnit.__table__).values(name=name, kind="team")).inserted_primary_key[0]
            for name in ("Öffentlichkeitsarbeit", "Straße [b]Nord[/b]", "Offene Posten")
        ]
    )
    opened.db.dispose()
    app = make_cockpit(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        assert await typed(app, pilot, "öffentlich") == ["Go to unit: Öffentlichkeitsarbeit"]
        await pilot.press("escape")
        assert await typed(app, pilot, "strasse") == ["Go to unit: Straße [b]Nord[/b]"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, UnitsScreen) and app.screen.tree.cursor_unit)
        assert app.screen.tree.cursor_unit.id == ids[1]
