"""A German user reads German on the screens, not only in the top bar: the Overview's figures, panels and
states, and the stored values (states, attitudes, event kinds) in words of the glossary."""

from okr_cockpit.i18n import set_language
from tests.ui.screen_text import settled_lines
from tests.ui.test_timeline_screen import settle


async def test_the_overview_and_the_stored_values_speak_german(make_cockpit, demo_path):
    set_language("de")
    app = make_cockpit(demo_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        overview = "\n".join(await settled_lines(app, pilot))
        await pilot.press("5")
        await settle(app, pilot)
        stakeholders = "\n".join(await settled_lines(app, pilot))
    expected = ("Einheiten live", "Teams mit Coach", "Nächste Termine", "Coach-Abdeckung", "nicht gestartet",
                "in Vorbereitung", "Prozess-Gesundheit von", "Check-in")  # fmt: skip
    for german in expected:
        assert german in overview, german
    for english in ("units live", "Next events", "not started", "check in"):
        assert english not in overview, english
    assert "+ Unterstützer" in stakeholders and "+ supporter" not in stakeholders
    assert "30 Stakeholder · Zeile 1 · sortiert nach Name ▲" in stakeholders and "Haltung" in stakeholders
    assert " hat " in overview.splitlines()[-2]  # the status line: "ben hat … geändert · am 15.11.2026"
    assert "am 15.11.2026" in overview
    assert any(channel in stakeholders for channel in ("Besprechung", "Workshop", "E-Mail", "Lenkungskreis"))
