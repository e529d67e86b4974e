"""Language choice as documented; the German catalog complete and compiled; numbers and dates follow it."""

import fnmatch
import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import okr_cockpit
from okr_cockpit.cli import main
from okr_cockpit.i18n import (
    LOCALE_DIR,
    _,
    choose_language,
    format_day,
    format_number,
    format_percent,
    set_language,
)

PACKAGE = Path(okr_cockpit.__file__).parent
ROOT = PACKAGE.parent
GERMAN_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "okr_cockpit.po"
GERMAN_MO = GERMAN_PO.with_suffix(".mo")


def test_the_flag_beats_the_variable_beats_the_locale_beats_english():
    german_locale = {"LANG": "de_DE.UTF-8"}
    assert choose_language("en", {"OKR_COCKPIT_LANG": "de", **german_locale}) == "en"
    assert choose_language(None, {"OKR_COCKPIT_LANG": "en", **german_locale}) == "en"
    assert choose_language(None, german_locale) == "de"
    assert choose_language(None, {"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}) == "de"
    assert choose_language(None, {"LC_ALL": "C", "LANG": "de_DE.UTF-8"}) == "en"  # LC_ALL decides
    assert choose_language(None, {"LANG": "fr_FR.UTF-8"}) == "en"
    assert choose_language(None, {}) == "en"


def key(value) -> tuple:
    """A message id or translation as a tuple: plural forms (ngettext) are several strings."""
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def test_the_compiled_catalog_matches_its_po_source():
    """Fails when the .po was edited without `pybabel compile -d okr_cockpit/i18n/locale -D okr_cockpit`."""
    with GERMAN_PO.open("rb") as source, GERMAN_MO.open("rb") as compiled:
        po, mo = read_po(source), read_mo(compiled)
    wanted = {key(m.id): key(m.string) for m in po if m.id and m.string and not m.fuzzy}
    assert {key(m.id): key(m.string) for m in mo if m.id} == wanted


def test_every_marked_text_has_a_german_translation_and_the_catalog_nothing_else():
    with GERMAN_PO.open("rb") as source:
        translated = {key(m.id)[0] for m in read_po(source) if m.id and all(key(m.string)) and not m.fuzzy}
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    marked = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords
        )
    }
    assert "Org units" in marked
    assert sorted(marked - translated) == []
    assert sorted(translated - marked) == [], "no longer used: remove from the .po"


def test_the_compiled_catalog_is_installed_with_the_package():
    """`pip install .` copies package data by these patterns; `pip install -e .` reads the source tree."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    relative = str(GERMAN_MO.relative_to(PACKAGE))
    assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns["okr_cockpit"])


def test_numbers_and_dates_in_the_users_language():
    assert (format_number(10021), format_day(date(2026, 5, 4))) == ("10,021", "2026-05-04")
    assert format_percent(67) == "67%"
    set_language("de")
    assert (format_number(10021), format_day(date(2026, 5, 4))) == ("10.021", "04.05.2026")
    assert format_percent(67) == "67 %"
    assert _("Org units") == "Organisationseinheiten"


def test_the_command_line_help_speaks_german_when_asked(capsys):
    try:
        main(["--lang", "de", "--help"])
    except SystemExit as done:
        assert done.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: okr-cockpit")
    assert "Das Rollout-Cockpit eines OKR Program Lead Office." in out
    assert "Optionen:" in out and "Befehle:" in out
    assert "den Bericht für die Führung schreiben" in out
    assert "None" not in out  # argparse's absent description is not a word


def test_the_english_help_says_no_none(capsys):
    try:
        main(["--lang", "en", "--help"])
    except SystemExit as done:
        assert done.code == 0
    assert "None" not in capsys.readouterr().out


def test_a_german_locale_alone_gives_german_help_and_the_variable_overrides_it(tmp_path):
    def help_with(**env) -> str:
        environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        result = subprocess.run(
            [sys.executable, "-m", "okr_cockpit", "--help"], capture_output=True, text=True, env=environment
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert help_with(LANG="de_DE.UTF-8").startswith("Aufruf:")
    assert help_with(LANG="de_DE.UTF-8", OKR_COCKPIT_LANG="en").startswith("usage:")


def test_the_timeline_names_months_in_the_users_language():
    from okr_cockpit.ui.widgets.gantt_events import short_date

    assert short_date(date(2026, 10, 29)) == "Oct 29"
    set_language("de")
    assert short_date(date(2026, 10, 29)) == "29. Okt"  # the day first, as German writes it
    assert short_date(date(2026, 3, 2)) == " 2. Mär"


def test_every_subcommand_speaks_german_in_its_help(capsys):
    """argparse's own words (`options:`, `-h`) too, on each subcommand, not only on the main command."""
    from okr_cockpit.commands import command_modules

    for module in command_modules():
        try:
            main(["--lang", "de", module.NAME, "--help"])
        except SystemExit as done:
            assert done.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Aufruf: okr-cockpit {module.NAME}"), module.NAME
        assert "Optionen:" in out and "diese Hilfe zeigen und beenden" in out, module.NAME
        assert "options:" not in out and "show this help" not in out and "positional" not in out, module.NAME


def test_an_empty_text_stays_empty_in_german():
    """gettext answers "" with the catalog's header; a label or `what` left empty must not show it."""
    from okr_cockpit.i18n import _, set_language

    set_language("de")
    assert _("") == ""
    assert _("Overview") == "Übersicht"


def test_a_usage_error_is_told_in_german(capsys):
    try:
        main(["--lang", "de", "import", "units"])
    except SystemExit as done:
        assert done.code == 2
    err = capsys.readouterr().err
    assert "okr-cockpit import: Fehler: diese Argumente fehlen: FILE.csv" in err
    assert "error" not in err and "required" not in err


def test_the_sentiment_average_has_a_decimal_comma_in_german():
    from okr_cockpit.ui.widgets.sentiment_trend import signed

    assert signed(-0.7) == "−0.7"
    set_language("de")
    assert signed(-0.7) == "−0,7" and signed(2) == "+2"
