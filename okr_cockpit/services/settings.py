"""Read and write the small shared facts kept in the `setting` table."""

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import Setting
from okr_cockpit.errors import CockpitError

setting = Setting.__table__

LAST_REPORT_ON = "last_report_on"
# A random UUID written once per database (migration 0003); never changed, never cleared.
DATABASE_ID = "database_id"


def get_setting(session: Session, key: str) -> str | None:
    return session.execute(select(setting.c.value).where(setting.c.key == key)).scalar()


def put_setting(session: Session, key: str, value: str) -> None:
    """Portable upsert: delete then insert inside the caller's (immediate) transaction."""
    session.execute(delete(setting).where(setting.c.key == key))
    session.execute(insert(setting).values(key=key, value=value))


def database_id(session: Session) -> str:
    """This database's own identity, e.g. so that two cockpits' calendar UIDs never clash."""
    found = get_setting(session, DATABASE_ID)
    if not found:
        raise CockpitError("This database has lost its identity (setting database_id); restore a backup.")
    return found
