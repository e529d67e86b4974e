"""Checks on user input; each failure is a ValidationError naming the field and saying what to do."""

import re
from datetime import date, time
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import NAME_MAX, TEXT_MAX
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _


def clean_name(value: str | None, *, field: str = "name", what: str = "Name") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("{what} must not be empty.").format(what=_(what)), field=field)
    if len(text) > NAME_MAX:
        raise ValidationError(
            _("{what} is {text_count} characters long; at most {NAME_MAX} are allowed.").format(
                what=_(what), text_count=len(text), NAME_MAX=NAME_MAX
            ),
            field=field,
        )
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError(
            _("{what} must not contain control characters.").format(what=_(what)), field=field
        )
    return text


def clean_text(value: str | None, *, field: str, what: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("{what} must not be empty.").format(what=_(what)), field=field)
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("{what} is too long; at most {TEXT_MAX} characters are allowed.").format(
                what=_(what), TEXT_MAX=TEXT_MAX
            ),
            field=field,
        )
    return text


def one_of(value: str, allowed: tuple[str, ...], *, field: str, what: str) -> str:
    if value not in allowed:
        words = ", ".join(a.replace("_", " ") for a in allowed)
        raise ValidationError(
            _("{what} must be one of: {words}.").format(what=_(what), words=words), field=field
        )
    return value


def int_in_range(value: int | str, low: int, high: int, *, field: str, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("{what} must be a whole number.").format(what=_(what)), field=field) from None
    if not low <= number <= high:
        raise ValidationError(
            _("{what} must be between {low} and {high}.").format(what=_(what), low=low, high=high),
            field=field,
        )
    return number


def parse_date(value: date | str | None, *, field: str, what: str, required: bool = False) -> date | None:
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(_("{what} is required (YYYY-MM-DD).").format(what=_(what)), field=field)
        return None
    day = date_from_text(text)
    if day is None:
        raise ValidationError(
            _("{what} {text!r} is not a date; use YYYY-MM-DD or DD.MM.YYYY.").format(what=_(what), text=text),
            field=field,
        )
    return day


GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def date_from_text(text: str) -> date | None:
    """`2026-05-04` or, as German speakers write it, `4.5.2026` / `04.05.2026`; None if neither."""
    german = GERMAN_DATE.fullmatch(text.strip())
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return date(year, month, day)
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::00)?")  # seconds: a stored time put back into a form


def parse_clock(value: time | str | None, *, field: str, what: str) -> time | None:
    """`9:30`, `09:30` or `9.30` (as Germans write it) → 09:30; empty is None."""
    if isinstance(value, time):
        return value
    text = (value or "").strip()
    if not text:
        return None
    found = CLOCK.fullmatch(text)
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        return time(int(found[1]), int(found[2]))
    raise ValidationError(
        _("{what} '{text}' is not a time of day; use HH:MM, e.g. 09:30.").format(what=_(what), text=text),
        field=field,
    )


def check_order(start: date | None, end: date | None, *, field: str = "end_on", what: str = "End") -> None:
    if start and end and end < start:
        raise ValidationError(
            _("{what} ({end}) is before the start ({start}).").format(what=_(what), end=end, start=start),
            field=field,
        )


def optional_reference(session: Session, value: Any, *, table: Table, field: str, what: str) -> int | None:
    """The id a form picked, or None for "none" (forms send None, '' or 0: ids start at 1).

    A picked id that no longer exists (someone deleted it meanwhile) is a ValidationError on the field.
    """
    if value in (None, "", 0, "0"):
        return None
    try:
        row_id = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("{what} is not a valid choice.").format(what=_(what)), field=field) from None
    if session.execute(select(table.c.id).where(table.c.id == row_id)).first() is None:
        raise ValidationError(
            _("That {lower} no longer exists; choose another.").format(lower=_(what).lower()), field=field
        )
    return row_id
