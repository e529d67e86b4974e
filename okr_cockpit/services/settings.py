"""Read and write the small shared facts kept in the `setting` table.

Settings are rows like any other: written through `services/records.py`, so each change bumps
the row's version and leaves an audit entry (entity "setting", labelled with the key).
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import Setting
from okr_cockpit.db.tables import setting
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.records import insert_row, update_row

LAST_REPORT_ON = "last_report_on"
# A random UUID written once per database (migration 0003); never changed, never cleared.
DATABASE_ID = "database_id"


def get_setting(session: Session, key: str) -> str | None:
    return session.execute(select(setting.c.value).where(setting.c.key == key)).scalar()


def put_setting(session: Session, key: str, value: str, *, expected_version: int | None = None) -> None:
    """Store `value` under `key`, audited, inside the caller's (immediate) transaction.

    `expected_version` is the version the user saw; a setting changed since is a ConflictError.
    None sets it whatever it is now (a command the user gave, the date of the last report).
    """
    if key == DATABASE_ID:
        raise CockpitError(_("The database's identity is never changed."))
    found = session.execute(select(setting.c.id).where(setting.c.key == key)).scalar()
    if found is None:
        insert_row(session, Setting, {"key": key, "value": value}, label=key)
    else:
        update_row(
            session,
            Setting,
            found,
            expected_version=expected_version,
            changes={"value": value},
            what=N_("setting"),
            label=key,
        )


def database_id(session: Session) -> str:
    """This database's own identity, e.g. so that two cockpits' calendar UIDs never clash."""
    found = get_setting(session, DATABASE_ID)
    if not found:
        raise CockpitError(_("This database has lost its identity (setting database_id); restore a backup."))
    return found
