"""Words and glyphs for every status, so nothing is told by colour alone."""

from rich.text import Text

from okr_cockpit.i18n import _, format_percent
from okr_cockpit.i18n.values import value_word

STATE_GLYPHS = {
    "not_started": "○",
    "preparing": "◔",
    "pilot": "◑",
    "live": "●",
    "paused": "‖",
}
ATTITUDE_GLYPHS = {
    "champion": "★",
    "supporter": "+",
    "neutral": "·",
    "sceptic": "?",
    "blocker": "✖",
}
EVENT_STATUS_GLYPHS = {"planned": "□", "done": "■", "cancelled": "×"}
COACH_STATUS_GLYPHS = {"active": "●", "on_leave": "◌", "alumni": "○"}
DECISION_GLYPHS = {"pending": "○", "go": "✓", "no_go": "✖", "postponed": "‖"}
CHANGED_MARK = "✎"  # next to a record someone else just changed
OVERDUE = "!"
WARNING = "▲"
REFUSED = "✖"  # before a screen's message line: the last key was refused
DONE = "✓"  # ...or it did what it says


def word(value: str) -> str:
    """`not_started` → `not started`, in the user's language."""
    return value_word(value)


def state_label(state: str) -> str:
    return f"{STATE_GLYPHS.get(state, '?')} {word(state)}"


def attitude_label(attitude: str) -> str:
    return f"{ATTITUDE_GLYPHS.get(attitude, '?')} {word(attitude)}"


def decision_label(decision: str) -> str:
    return f"{DECISION_GLYPHS.get(decision, '?')} {word(decision)}"


def literal(value: object) -> Text:
    """Text from the database, shown as typed: never markup, control characters made visible."""
    text = "" if value is None else str(value)
    cleaned = "".join(ch if ch.isprintable() else "�" for ch in text)
    return Text(cleaned, no_wrap=True, overflow="ellipsis")


def bar(value: int, total: int, width: int = 10) -> str:
    """A load bar like `███████░░░`, capped at the width."""
    if total <= 0:
        return "░" * width
    filled = min(width, round(width * value / total))
    return "█" * filled + "░" * (width - filled)


GOOD_HEALTH, FAIR_HEALTH = 90, 70


def health_label(tally) -> str:
    """A process-health `Tally` as `✓ good 95 %`, `▲ lagging 78 %`, `✖ poor 40 %` or `· nothing due`.

    Here, not beside the Rollout plan's widgets, so the Overview shows it without importing that screen.
    """
    percent = tally.percent
    if percent is None:
        return _("· nothing due")
    if percent >= GOOD_HEALTH:
        return _("✓ good {percent}").format(percent=format_percent(percent))
    if percent >= FAIR_HEALTH:
        return _("▲ lagging {percent}").format(percent=format_percent(percent))
    return _("✖ poor {percent}").format(percent=format_percent(percent))


def health_short(tally) -> str:
    """`health_label` for narrow columns: `✓ 95 %`, `▲ 78 %`, `✖ 40 %`, `·` (the legend says the words)."""
    percent = tally.percent
    if percent is None:
        return "·"
    glyph = "✓" if percent >= GOOD_HEALTH else "▲" if percent >= FAIR_HEALTH else "✖"
    return f"{glyph} {format_percent(percent)}"




def health_legend() -> str:
    """What `health_short`'s glyphs mean."""
    return _("✓ good ≥ {good} · ▲ lagging ≥ {fair} · ✖ poor · · nothing due").format(
        good=format_percent(GOOD_HEALTH), fair=format_percent(FAIR_HEALTH)
    )
