"""The one place that picks the user's language, and the words, numbers and dates in it.

Choice: `--lang de|en`, else `OKR_COCKPIT_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in
POSIX order), else English. Words come from gettext catalogs: `locale/<lang>/LC_MESSAGES/okr_cockpit.po`
is the source, the `.mo` beside it is compiled from it with Babel (`pybabel compile -d
okr_cockpit/i18n/locale -D okr_cockpit`) and kept in the repository, so that `pip install .` and
`pip install -e .` find the same file; tests/unit/test_i18n.py fails when it is older than the `.po`.
Numbers and dates are formatted by Babel in the chosen language.

Mark a text with `N_()` where it is defined (a constant) and translate it with `_()` where it is
shown, so the language chosen at start-up applies even to constants imported earlier. What `_()`
returns formats `{count:,}` with the language's thousands separator: `_("{n:,} units").format(n=10021)`
is `10,021 units` in English and `10.021 Einheiten` in German.
"""

import gettext
import os
import string
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

LANGUAGES = ("en", "de")
DEFAULT = "en"
ENV_LANG = "OKR_COCKPIT_LANG"
DOMAIN = "okr_cockpit"
LOCALE_DIR = Path(__file__).parent / "locale"

_state: dict[str, object] = {"language": DEFAULT, "catalog": gettext.NullTranslations()}


def language_of(value: str | None) -> str | None:
    """`de_DE.UTF-8`, `de-AT`, `DE` → `de`; None for a language the cockpit does not speak (or C/POSIX)."""
    code = (value or "").split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(requested: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    if requested:
        return language_of(requested) or DEFAULT
    if chosen := language_of(environ.get(ENV_LANG)):
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(variable):  # the first one set decides, as in POSIX
            return language_of(environ[variable]) or DEFAULT
    return DEFAULT


def set_language(code: str) -> None:
    chosen = language_of(code) or DEFAULT
    _state["language"] = chosen
    _state["catalog"] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen], fallback=True)


def current_language() -> str:
    return str(_state["language"])


class _NumbersInLanguage(string.Formatter):
    def format_field(self, value, format_spec: str) -> str:
        if format_spec == "," and isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value)
        return super().format_field(value, format_spec)


_FORMATTER = _NumbersInLanguage()


class Message(str):
    """A translated text; its `format` writes `{n:,}` with the language's thousands separator."""

    __slots__ = ()

    def format(self, /, *args, **kwargs) -> str:  # type: ignore[override]
        return _FORMATTER.vformat(self, args, kwargs)


def _(message: str) -> Message:
    """The message in the current language (the English text when no translation exists)."""
    if message is None:  # argparse, which the command line points at this function, passes None
        return message  # type: ignore[return-value]
    if not message:  # gettext gives the catalog's header for "", never what a user should read
        return Message(message)
    return Message(_state["catalog"].gettext(message))  # type: ignore[union-attr]


def ngettext(singular: str, plural: str, count: int) -> Message:
    return Message(_state["catalog"].ngettext(singular, plural, count))  # type: ignore[union-attr]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel's extractor looks for
    """Marks a text for the catalog without translating it yet (for constants)."""
    return message


def format_number(number: int | float) -> str:
    """`10,021` in English, `10.021` in German."""
    from babel.numbers import format_decimal

    return format_decimal(number, locale=current_language())


def format_percent(percent: int | float) -> str:
    """`67%` in English, `67 %` in German (as each language writes a percentage)."""
    number = format_number(percent)
    return f"{number}%" if current_language() == "en" else f"{number} %"


def format_day(day: date) -> str:
    """ISO `2026-05-04` in English (what the cockpit has always shown), `04.05.2026` in German."""
    if current_language() == "en":
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, format="medium", locale=current_language())


def format_moment(moment: datetime, *, seconds: bool = True) -> str:
    """A point in time in the user's own clock: `2026-12-03 17:05:00` in English, `03.12.2026 17:05:00`
    in German (the same width, so a column of them lines up in both)."""
    local = moment.astimezone()
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{format_day(local.date())} {clock}"


def month_abbreviation(month: int) -> str:
    """`Oct` in English, `Okt` in German (CLDR's stand-alone abbreviation, three letters in both)."""
    from babel.dates import get_month_names

    return get_month_names("abbreviated", context="stand-alone", locale=current_language())[month]
