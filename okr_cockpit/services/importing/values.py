"""Cell values as spreadsheets write them, in English or German: ja, 04.05.2026, 3,0, "in Vorbereitung"."""


from okr_cockpit.db.folding import fold
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _

TRUE_WORDS = ("yes", "y", "true", "1", "x", "ja", "j", "wahr", "active", "aktiv")
FALSE_WORDS = ("no", "n", "false", "0", "", "nein", "falsch", "inactive", "inaktiv")

# German words for the cockpit's choices (words from GLOSSARY-de.md), folded and with "_" for spaces.
CHOICE_WORDS = {
    "unternehmen": "company",
    "bereich": "division",
    "abteilung": "department",
    "nicht_gestartet": "not_started",
    "in_vorbereitung": "preparing",
    "vorbereitung": "preparing",
    "pausiert": "paused",
    "aktiv": "active",
    "abwesend": "on_leave",
    "beurlaubt": "on_leave",
}


def choice(value: str) -> str:
    """`On leave`, `on-leave`, `In Vorbereitung` → `on_leave`, `preparing`: the words people type."""
    word = "_".join(fold(value).replace("-", " ").split())
    return CHOICE_WORDS.get(word, word)


def parse_flag(value: str, *, field: str, what: str) -> bool:
    text = fold(value.strip())
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError(
        _("{what} must be yes or no (ja/nein), not {value!r}.").format(what=_(what), value=value), field=field
    )


def parse_whole_number(value: str, *, field: str, what: str) -> int | None:
    """`3`, `3,0` or `3.0` → 3 (a decimal comma is fine); `2,5` is refused; empty is None."""
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        raise ValidationError(
            _("{what} must be a whole number, not {strip!r}.").format(what=_(what), strip=value.strip()),
            field=field,
        )
    return int(number)
