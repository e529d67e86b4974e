"""The cockpit's time zone: meeting times are local times in it, and the calendar export names it.

Stored in the `setting` table (key `time_zone`) so that everyone sharing the database sees a
09:30 check-in at the same moment; until someone sets it, the system's zone is used.
"""

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.orm import Session

from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _
from okr_cockpit.services.settings import get_setting, put_setting

TIME_ZONE = "time_zone"
LOCALTIME = Path("/etc/localtime")


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_time_zone(*, localtime: Path = LOCALTIME) -> str:
    """The IANA name of the system's zone: $TZ, else where /etc/localtime points, else UTC."""
    wanted = os.environ.get("TZ", "").lstrip(":")
    if wanted and is_zone(wanted):
        return wanted
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    _, marker, name = target.partition("zoneinfo/")
    return name if marker and is_zone(name) else "UTC"


def cockpit_time_zone(session: Session) -> str:
    stored = get_setting(session, TIME_ZONE)
    return stored if stored and is_zone(stored) else system_time_zone()


def set_time_zone(session: Session, name: str) -> str:
    """Store the cockpit's zone, e.g. `Europe/Berlin`; an unknown name is refused."""
    text = name.strip()
    if text not in available_timezones() | {"UTC"}:
        raise ValidationError(
            _("{text!r} is not a time zone; give one like Europe/Berlin.").format(text=text),
            field="time_zone",
        )
    put_setting(session, TIME_ZONE, text)
    return text
