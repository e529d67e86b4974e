"""The one form to add or edit an interaction: date, channel, sentiment, summary, follow-up and due date."""

from dataclasses import replace
from datetime import date
from typing import Any

from okr_cockpit.db.models import CHANNELS
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.interactions import (
    SENTIMENT_WORDS,
    InteractionRow,
    add_interaction,
    edit_interaction,
)
from okr_cockpit.ui.forms.form import FormDialog, FormField
from okr_cockpit.ui.glyphs import word
from okr_cockpit.ui.widgets.sentiment_trend import SENTIMENT_BARS, signed


def sentiment_options() -> tuple[tuple[str, int], ...]:
    """`▆ +1 positive` … in the user's language (built when a form opens, after the language is chosen)."""
    return tuple(
        (f"{SENTIMENT_BARS[value]} {signed(value)} {_(label)}", value)
        for value, label in sorted(SENTIMENT_WORDS.items(), reverse=True)
    )


def interaction_fields() -> list[FormField]:
    return [
        replace(field, options=sentiment_options()) if field.name == "sentiment" else field
        for field in FIELDS
    ]


FIELDS = [
    FormField("occurred_on", N_("Date"), kind="date"),
    FormField("channel", N_("Channel"), kind="select", options=tuple((word(c), c) for c in CHANNELS)),
    FormField("sentiment", N_("Sentiment (−2 … +2)"), kind="select"),  # options: sentiment_options()
    FormField("summary", N_("Summary — what was discussed, what was agreed"), kind="multiline"),
    FormField("follow_up", N_("Follow-up (optional)"), placeholder=N_("what is to be done next, by whom")),
    FormField("follow_up_due", N_("Follow-up due"), kind="date"),
]


def add_interaction_dialog(stakeholder_id: int, stakeholder_name: str, *, today: date) -> FormDialog:
    def save(session, values: dict[str, Any]) -> int:
        return add_interaction(session, stakeholder_id=stakeholder_id, values=values, today=today)

    values = {"occurred_on": today.isoformat(), "channel": "meeting", "sentiment": 0}
    return FormDialog(
        _("New interaction"),
        interaction_fields(),
        save,
        values=values,
        intro=_("With {name}; you are the author.").format(name=stakeholder_name),
    )


def edit_interaction_dialog(row: InteractionRow, stakeholder_name: str, *, today: date) -> FormDialog:
    def save(session, values: dict[str, Any]) -> int:
        edit_interaction(
            session,
            row.id,
            values=values,
            today=today,
            expected_version=values.get("version"),
            original=values.get("original"),
        )
        return row.id

    values = {
        "occurred_on": row.occurred_on.isoformat(),
        "channel": row.channel,
        "sentiment": row.sentiment,
        "summary": row.summary,
        "follow_up": row.follow_up,
        "follow_up_due": row.follow_up_due.isoformat() if row.follow_up_due else "",
        "version": row.version,
    }
    intro = _("With {name}, recorded by {author}. The history keeps the original text.").format(
        name=stakeholder_name, author=row.author
    )
    return FormDialog(
        _("Edit interaction"),
        interaction_fields(),
        save,
        values=values,
        intro=intro,
        record=("interaction", row.id),
    )
