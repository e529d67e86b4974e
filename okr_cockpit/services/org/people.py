"""Find people by name for the pickers (lead, sponsor, PLO owner...): active people first."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import folded, folded_like, like_pattern
from okr_cockpit.db.tables import person


def search_people(session: Session, query: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, detail) of people whose name or email matches; detail is title, email, inactive."""
    pattern = like_pattern(query.strip())
    rows = session.execute(
        select(person.c.id, person.c.name, person.c.title, person.c.email, person.c.active)
        .where(folded_like(person.c.name, pattern) | folded_like(person.c.email, pattern))
        # Inactive people stay findable (an old record may name them) but come last.
        .order_by(person.c.active.desc(), folded(person.c.name), person.c.id)
        .limit(limit)
    ).all()
    return [(pid, name, describe(title, email, active)) for pid, name, title, email, active in rows]


def describe(title: str, email: str | None, active: bool) -> str:
    parts = [p for p in (title, email) if p]
    if not active:
        parts.append("inactive")
    return " · ".join(parts)
