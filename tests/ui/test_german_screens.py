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
    for english in ("units live", "Next events", "not started", "check in", "check-in"):
        assert english not in overview, english
    assert "+ Unterstützer" in stakeholders and "+ supporter" not in stakeholders
    assert "30 Stakeholder · Zeile 1 · sortiert nach Name ▲" in stakeholders and "Haltung" in stakeholders
    assert " hat " in overview.splitlines()[-2]  # the status line: "ben hat … geändert · am 15.11.2026"
    assert "am 15.11.2026" in overview
    assert any(channel in stakeholders for channel in ("Besprechung", "Workshop", "E-Mail", "Lenkungskreis"))


async def german_screens(make_cockpit, demo_path, size, keys) -> dict[str, str]:
    """The text of each screen (by its key) as a German user reads it at `size`."""
    set_language("de")
    app = make_cockpit(demo_path)
    seen = {}
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
            seen[key] = "\n".join(await settled_lines(app, pilot))
    return seen


async def test_coaches_rollout_raci_and_timeline_speak_german(make_cockpit, demo_path):
    seen = await german_screens(make_cockpit, demo_path, (120, 36), "12367")
    overview, units, coaches, raci, rollout = (seen[key] for key in "12367")
    assert "✓ gut 94 %" in overview and "(keine Welle)" in overview and "good" not in overview
    for german in ("Art ", "Leitung", "Externe ID", "Coach-Abdeckung", "Nächste Termine", "Letzte Änderungen",
                   "PLO-Betreuung", "Organisationsweit"):  # fmt: skip
        assert german in units, german
    assert "Next events" not in units and "Org-wide" not in units
    for german in ("Abdeckung █", "Teams haben einen Haupt-Coach", "▲ 3 überlastet",
                   "Coaches 15 · Zeile 1 · sortiert nach Name", "· 3 überlastet", "Teams von ",
                   "★ Haupt-Coach",
                   "Ohne Coach: 17 in 5 Bereichen", "1 Team ", "▲ überlastet",
                   "◔ in Vorbereitung"):  # fmt: skip
        assert german in coaches, german
    for english in ("Coverage", "sort name", "over capacity", "Teams of", "Uncovered", "★ primary",
                    "1 team "):  # fmt: skip
        assert english not in coaches, english
    assert "r a c i: R/A/C/I setzen · Leertaste: Zelle leeren" in raci and "Führung" in raci
    assert "set Responsible" not in raci and " Leaders " not in raci  # (activities say "Leadership")
    for german in ("✓ Go am ", "Ziel: ", "Eintrittskriterien: ", "Austrittskriterien: ", "✓ erfüllt",
                   "Coaches zertifiziert", "alle 10 Coaches zertifiziert"):  # fmt: skip
        assert german in rollout, german
    for english in ("Go on", "Objective:", "Entry criteria", "Exit criteria", "✓ met", "all 10 coaches"):
        assert english not in rollout, english


async def test_the_timeline_and_the_stakeholder_log_speak_german(make_cockpit, demo_path):
    seen = await german_screens(make_cockpit, demo_path, (120, 36), "45")
    timeline, stakeholders = seen["4"], seen["5"]
    for german in ("Rollout-Wellen", "█ erledigt ▒ geplant × abgesagt ! überfällig",
                   "Zoom: Monat (z) · ? ohne Termin", "Bereich", "Moderation", "Organisationsweit", "Retro ",
                   "Zw.-Review", "Überfällig (5)", "Anstehend", "a Termin hinzufügen"):  # fmt: skip
        assert german in timeline, german
    for english in ("rollout waves", "zoom:", "facilitator", "Org-wide", "Overdue", "Add event"):
        assert english not in timeline, english
    assert "Stimmung ▄▄█  · zu wenige für eine Aussage" in stakeholders
    assert "3 Kontakte, neueste zuerst · Zeile 1" in stakeholders and "○ offen" in stakeholders
    assert "too few" not in stakeholders and "○ open" not in stakeholders


async def test_german_fits_the_smallest_terminal(make_cockpit, demo_path):
    """At 80×24 the German titles and hints that a user needs stay whole."""
    seen = await german_screens(make_cockpit, demo_path, (80, 24), "346")
    assert "Ohne Coach: 17 in 5 Bereichen" in seen["3"]
    assert "█ erl. ▒ gepl. × abges. ! überfällig" in seen["4"]  # the full legend does not fit here
    assert "r a c i: R/A/C/I setzen · Leertaste: Zelle leeren" in seen["6"]


async def test_process_health_and_learnings_speak_german(make_cockpit, demo_path):
    set_language("de")
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for key in ("7", "tab"):
            await pilot.press(key)
            await settle(app, pilot)
        health = "\n".join(await settled_lines(app, pilot))
        for key in ("6", "tab"):
            await pilot.press(key)
            await settle(app, pilot)
        learnings = "\n".join(await settled_lines(app, pilot))
    assert "Je Team und Terminart: ✓ erledigt · ! überfällig · ✖ fehlt · □ geplant" in health
    assert "▲ mäßig 73 %" in health and "· keine fällig " in health and "! überfällig" in health
    assert "lagging" not in health and "nothing due" not in health and "✓ done" not in health
    assert "Zyklus: alle" in learnings and "Zyklus: all " not in learnings


async def test_a_german_form_shows_dates_as_german_speakers_write_them_and_saves_them_unchanged(
    make_cockpit, demo_path
):
    import re

    from textual.widgets import Input

    from okr_cockpit.ui.forms.form import FormDialog

    set_language("de")
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("7")
        await settle(app, pilot)
        wave = app.screen.table.wave_at_cursor()
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        start = form.query_one("#field-start_on", Input)
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", start.value)
        assert start.value == wave.start_on.strftime("%d.%m.%Y")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)  # saved: the German date read back as the same day
        assert app.screen.table.wave_at_cursor().start_on == wave.start_on
        await pilot.press("4", "a")  # the event form names its cycle with German days too
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        shown = "\n".join(await settled_lines(app, pilot))
        assert re.search(r"\d{4}-Q\d  \(\d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}\)", shown)
