"""Find people by name for the pickers (lead, sponsor, PLO owner...): active people first."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import Person
from okr_cockpit.services.search import like_pattern

person = Person.__table__


def search_people(session: Session, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, detail) of people whose name or email matches; detail is title, email, inactive."""
    pattern = like_pattern(query.strip())
    rows = session.execute(
        select(person.c.id, person.c.name, person.c.title, person.c.email, person.c.active)
        .where(person.c.name.ilike(pattern, escape="\\") | person.c.email.ilike(pattern, escape="\\"))
        # Inactive people stay findable (an old record may name them) but come last.
        .order_by(person.c.active.desc(), func.lower(person.c.name), person.c.id)
        .limit(limit)
    ).all()
    return [(pid, name, describe(title, email, active)) for pid, name, title, email, active in rows]


def describe(title: str, email: str | None, active: bool) -> str:
    parts = [p for p in (title, email) if p]
    if not active:
        parts.append("inactive")
    return " · ".join(parts)
