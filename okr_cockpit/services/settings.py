"""Read and write the small shared facts kept in the `setting` table."""

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import Setting

setting = Setting.__table__

LAST_REPORT_ON = "last_report_on"


def get_setting(session: Session, key: str) -> str | None:
    return session.execute(select(setting.c.value).where(setting.c.key == key)).scalar()


def put_setting(session: Session, key: str, value: str) -> None:
    """Portable upsert: delete then insert inside the caller's (immediate) transaction."""
    session.execute(delete(setting).where(setting.c.key == key))
    session.execute(insert(setting).values(key=key, value=value))
