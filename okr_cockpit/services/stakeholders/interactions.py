"""Interactions with a stakeholder: the paged log, adding and editing, follow-ups, the sentiment trend,
and the overdue follow-ups of everyone.

`today` always comes from the caller (the app's clock), never from `date.today()`, so tests and
demos agree on what is overdue. The author of an interaction is the OS user writing it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from okr_cockpit.db.models import CHANNELS, Interaction, Person, Stakeholder
from okr_cockpit.db.position import position_of
from okr_cockpit.db.tables import interaction, stakeholder
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services import validation as check
from okr_cockpit.services.overview import overdue_condition
from okr_cockpit.services.records import actor_of, fetch_row, insert_row, require_row, update_row
from okr_cockpit.services.stakeholders.log import open_follow_up

owner = Person.__table__.alias("owner")

SENTIMENT_MIN, SENTIMENT_MAX = -2, 2
SENTIMENT_WORDS = {  # marked; shown as _(word)
    -2: N_("very negative"),
    -1: N_("negative"),
    0: N_("neutral"),
    1: N_("positive"),
    2: N_("very positive"),
}
# The trend compares the last few interactions with the ones before them.
TREND_RECENT = 3
TREND_STEP = 0.75  # a change of mean sentiment at least this big is a trend, not noise


@dataclass(frozen=True)
class InteractionRow:
    id: int
    stakeholder_id: int
    occurred_on: date
    channel: str
    author: str
    sentiment: int
    summary: str
    follow_up: str
    follow_up_due: date | None
    follow_up_done: date | None
    version: int

    def follow_up_state(self, today: date) -> str:
        """`none`, `done`, `overdue` or `open` — overdue as the Overview counts it."""
        if not self.follow_up.strip():
            return "none"
        if self.follow_up_done is not None:
            return "done"
        if self.follow_up_due is not None and self.follow_up_due < today:
            return "overdue"
        return "open"


@dataclass(frozen=True)
class LogPage:
    stakeholder_id: int
    rows: tuple[InteractionRow, ...]
    total: int
    offset: int


def _columns():
    i = interaction.c
    return (
        i.id, i.stakeholder_id, i.occurred_on, i.channel, i.author, i.sentiment, i.summary, i.follow_up,
        i.follow_up_due, i.follow_up_done, i.version,
    )  # fmt: skip


def _log_order() -> tuple:
    return interaction.c.occurred_on.desc(), interaction.c.id.desc()


def log_total(session: Session, *, stakeholder_id: int) -> int:
    mine = interaction.c.stakeholder_id == stakeholder_id
    return session.execute(select(func.count()).where(mine)).scalar_one()


def log_rows(session: Session, offset: int, limit: int, *, stakeholder_id: int) -> list[InteractionRow]:
    """One stakeholder's interactions from `offset` on, newest first (a window of the scrolling log)."""
    rows = session.execute(
        select(*_columns())
        .where(interaction.c.stakeholder_id == stakeholder_id)
        .order_by(*_log_order())
        .offset(offset)
        .limit(limit)
    ).all()
    return [InteractionRow(*row) for row in rows]


def log_position(session: Session, *, stakeholder_id: int, interaction_id: int) -> int | None:
    """Where the interaction is in its stakeholder's log (0-based), or None when it is not there."""
    ids = select(interaction.c.id).where(interaction.c.stakeholder_id == stakeholder_id)
    return position_of(session, ids, order_by=_log_order(), wanted=interaction_id)


def most_urgent_follow_up(session: Session, *, stakeholder_id: int, today: date) -> int | None:
    """The interaction whose follow-up comes first: the longest overdue, else the next one due."""
    due = interaction.c.follow_up_due
    return session.execute(
        select(interaction.c.id)
        .where(interaction.c.stakeholder_id == stakeholder_id, open_follow_up())
        .order_by((due.is_not(None) & (due < today)).desc(), func.coalesce(due, today), interaction.c.id)
        .limit(1)
    ).scalar()


def log_page(session: Session, *, stakeholder_id: int, offset: int = 0, limit: int = 50) -> LogPage:
    """One stakeholder's interactions, newest first, one page; an offset past the end: the last page."""
    total = log_total(session, stakeholder_id=stakeholder_id)
    if offset >= total:
        offset = max(0, total - 1) // limit * limit
    rows = log_rows(session, max(0, offset), limit, stakeholder_id=stakeholder_id)
    return LogPage(stakeholder_id, tuple(rows), total, max(0, offset))


def get_interaction(session: Session, interaction_id: int) -> InteractionRow | None:
    row = session.execute(select(*_columns()).where(interaction.c.id == interaction_id)).first()
    return InteractionRow(*row) if row else None


def clean_interaction(values: dict[str, Any], *, today: date) -> dict[str, Any]:
    """The form's values checked and converted; ValidationError names the form field."""
    occurred = check.parse_date(values.get("occurred_on"), field="occurred_on", what=N_("Date")) or today
    sentiment = check.int_in_range(
        values.get("sentiment", 0), SENTIMENT_MIN, SENTIMENT_MAX, field="sentiment", what=N_("Sentiment")
    )
    follow_up = check.clean_text(values.get("follow_up"), field="follow_up", what=N_("Follow-up"))
    due = check.parse_date(values.get("follow_up_due"), field="follow_up_due", what=N_("Due date"))
    if due is not None and not follow_up:
        raise ValidationError(_("A due date needs a follow-up: say what is to be done."), field="follow_up")
    if due is not None and due < occurred:
        message = _("The follow-up is due ({due}) before the interaction ({occurred}).").format(
            due=due, occurred=occurred
        )
        raise ValidationError(message, field="follow_up_due")
    return {
        "occurred_on": occurred,
        "channel": check.one_of(values.get("channel") or "", CHANNELS, field="channel", what=N_("Channel")),
        "sentiment": sentiment,
        "summary": check.clean_text(
            values.get("summary"), field="summary", what=N_("Summary"), required=True
        ),
        "follow_up": follow_up,
        "follow_up_due": due,
    }


def _label(session: Session, stakeholder_id: int, summary: str) -> str:
    name = session.execute(select(stakeholder.c.name).where(stakeholder.c.id == stakeholder_id)).scalar()
    first_line = summary.splitlines()[0] if summary else ""
    return f"{name}: {first_line}"


def add_interaction(session: Session, *, stakeholder_id: int, values: dict[str, Any], today: date) -> int:
    """Record an interaction; a blank date means today; the author is the OS user saving it."""
    require_row(session, Stakeholder, stakeholder_id, "stakeholder")
    row = clean_interaction(values, today=today)
    row.update(stakeholder_id=stakeholder_id, author=actor_of(session).user)
    return insert_row(session, Interaction, row, label=_label(session, stakeholder_id, row["summary"]))


def edit_interaction(
    session: Session,
    interaction_id: int,
    *,
    values: dict[str, Any],
    today: date,
    expected_version: int | None,
    original: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Change what was recorded; the audit entry keeps every original value (old → new)."""
    changes = clean_interaction(values, today=today)
    return update_row(
        session,
        Interaction,
        interaction_id,
        expected_version=expected_version,
        changes=changes,
        what=N_("interaction"),
        original=original,
        validate=lambda merged: clean_interaction(merged, today=today),
    )


def complete_follow_up(
    session: Session, interaction_id: int, *, today: date, expected_version: int | None
) -> dict[str, Any]:
    """Mark the follow-up of an interaction done today."""
    row = fetch_row(session, Interaction, interaction_id)
    if row is None:
        raise ValidationError(_("That interaction no longer exists."))
    if not row["follow_up"].strip():
        raise ValidationError(_("This interaction has no follow-up to complete."), field="follow_up")
    if row["follow_up_done"] is not None:
        raise ValidationError(
            _("This follow-up was already done on {value}.").format(value=row["follow_up_done"]),
            field="follow_up",
        )
    return update_row(
        session,
        Interaction,
        interaction_id,
        expected_version=expected_version,
        changes={"follow_up_done": today},
        what=N_("interaction"),
    )


# -- sentiment trend ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SentimentSeries:
    points: tuple[tuple[date, int], ...]  # oldest → newest
    trend: str  # cooling | warming | steady | unknown
    recent_mean: float | None
    earlier_mean: float | None


def sentiment_trend(values: list[int]) -> tuple[str, float | None, float | None]:
    """Compare the last TREND_RECENT values with the ones before them."""
    if len(values) <= TREND_RECENT:
        return "unknown", (sum(values) / len(values) if values else None), None
    recent, earlier = values[-TREND_RECENT:], values[:-TREND_RECENT]
    recent_mean, earlier_mean = sum(recent) / len(recent), sum(earlier) / len(earlier)
    delta = recent_mean - earlier_mean
    trend = "cooling" if delta <= -TREND_STEP else "warming" if delta >= TREND_STEP else "steady"
    return trend, recent_mean, earlier_mean


def sentiment_series(session: Session, *, stakeholder_id: int, limit: int = 20) -> SentimentSeries:
    """The sentiment of a stakeholder's last `limit` interactions, oldest first, and its trend."""
    rows = session.execute(
        select(interaction.c.occurred_on, interaction.c.sentiment)
        .where(interaction.c.stakeholder_id == stakeholder_id)
        .order_by(interaction.c.occurred_on.desc(), interaction.c.id.desc())
        .limit(limit)
    ).all()
    points = tuple((day, value) for day, value in reversed(rows))
    trend, recent, earlier = sentiment_trend([value for _, value in points])
    return SentimentSeries(points, trend, recent, earlier)


# -- overdue follow-ups -------------------------------------------------------------------------
@dataclass(frozen=True)
class OverdueItem:
    interaction_id: int
    interaction_version: int
    stakeholder_id: int
    stakeholder: str
    owner: str
    due: date
    follow_up: str
    days_overdue: int


@dataclass(frozen=True)
class OverduePage:
    items: tuple[OverdueItem, ...]
    total: int
    offset: int


def overdue_page(session: Session, *, today: date, offset: int = 0, limit: int = 100) -> OverduePage:
    """Overdue follow-ups of all active stakeholders, oldest first — the Overview's definition."""
    base = interaction.join(stakeholder, stakeholder.c.id == interaction.c.stakeholder_id)
    condition = overdue_condition(today)
    total = session.execute(select(func.count()).select_from(base).where(condition)).scalar_one()
    i = interaction.c
    rows = session.execute(
        select(
            i.id, i.version, stakeholder.c.id, stakeholder.c.name, owner.c.name, i.follow_up_due, i.follow_up
        )
        .select_from(base.outerjoin(owner, owner.c.id == stakeholder.c.owner_id))
        .where(condition)
        .order_by(i.follow_up_due, i.id)
        .offset(offset)
        .limit(limit)
    ).all()
    items = tuple(
        OverdueItem(iid, version, sid, name, own or "", due, text, (today - due).days)
        for iid, version, sid, name, own, due, text in rows
    )
    return OverduePage(items, total, offset)
